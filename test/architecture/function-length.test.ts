import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { nodesOf, sourceFiles } from './source-files.js';

/**
 * Issue 17: the big orchestrators are named steps. No function in src/ — declarations, methods, arrows and inner
 * functions alike — is longer than 80 lines.
 */
const MAX_LINES = 80;

type FunctionNode = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

function isFunction(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node)
  );
}

/** What a reader calls the function: its own name, the variable or property it is assigned to, else `<callback>`. */
function nameOf(node: FunctionNode): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  return '<callback>';
}

function longFunctions(): string[] {
  const found: string[] = [];
  for (const { file, tree } of sourceFiles())
    for (const node of nodesOf(tree)) {
      if (!isFunction(node)) continue;
      const first = tree.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = tree.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > MAX_LINES) found.push(`${file}:${first + 1} ${nameOf(node)} (${lines} lines)`);
    }
  return found;
}

describe('function length (issue 17)', () => {
  it(`no function in src/ is longer than ${MAX_LINES} lines`, () => {
    const found = longFunctions();
    expect(found, `split these into named steps:\n  ${found.join('\n  ')}`).toEqual([]);
  });
});
