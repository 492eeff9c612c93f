import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of ARCHITECTURE.md over the import graph of src/: every import and export-from specifier, static
 * and dynamic, type-only included (a type import is still a dependency between layers). A violation reads
 * "from → to", both relative to the repository.
 */

const root = path.resolve(import.meta.dirname, '../..');
const src = path.join(root, 'src');

interface Edge {
  from: string;
  to: string;
  dynamic: boolean;
  /** `import type` / `export type`: nothing is loaded at run time. */
  typeOnly: boolean;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

function importsOf(file: string): Edge[] {
  const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const edges: Edge[] = [];
  const add = (specifier: string, dynamic: boolean, typeOnly: boolean) => {
    if (!specifier.startsWith('.')) return;
    const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
    edges.push({ from: path.relative(root, file), to: path.relative(root, target), dynamic, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, false, isTypeOnly(node));
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node.arguments[0].text, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return edges;
}

const edges = sourceFiles(src).flatMap(importsOf);

const inside = (file: string, folder: string) => file.startsWith(`src/${folder}/`);
const insideAny = (file: string, folders: readonly string[]) => folders.some((f) => inside(file, f));

interface Allowed {
  /** Why the edge is allowed for now; the name a later step removes. */
  reason: string;
  from: string;
  to: string;
}

/** Known exceptions, each named. */
const allowed: readonly Allowed[] = [
  {
    // The package's library entry ("exports" in package.json) offers createEmulator to users' tests.
    reason: 'library-entry-exports-emulator',
    from: 'src/index.ts',
    to: 'src/emulator/',
  },
];

const isAllowed = (edge: Edge) =>
  allowed.some((a) => edge.from.startsWith(a.from) && edge.to.startsWith(a.to));

function violations(rule: (edge: Edge) => boolean): string[] {
  const found = edges.filter((edge) => rule(edge) && !isAllowed(edge)).map((e) => `${e.from} → ${e.to}`);
  return [...new Set(found)].sort();
}

describe('layers of src/', () => {
  it('reads an import graph', () => {
    // A parser that found nothing would pass every rule.
    expect(edges.length).toBeGreaterThan(200);
    expect(edges.some((e) => e.dynamic)).toBe(true);
  });

  it('src/cli/ is imported by nothing in src/ outside it (bin is its only user)', () => {
    const found = violations((e) => inside(e.to, 'cli') && !inside(e.from, 'cli'));
    expect(found, found.join('\n')).toEqual([]);
  });

  it('src/action/ is imported only by src/cli/', () => {
    const found = violations(
      (e) => inside(e.to, 'action') && !inside(e.from, 'action') && !inside(e.from, 'cli'),
    );
    expect(found, found.join('\n')).toEqual([]);
  });

  it('src/emulator/ is imported only by itself, src/cli/ and (lazily) src/remote/connect.ts', () => {
    const found = violations((e) => {
      if (!inside(e.to, 'emulator') || insideAny(e.from, ['emulator', 'cli'])) return false;
      // connect.ts loads the embedded emulator only for an embedded environment: remote runs never load it.
      if (e.from === 'src/remote/connect.ts') return !e.dynamic && !e.typeOnly;
      return true;
    });
    expect(found, found.join('\n')).toEqual([]);
  });

  it('src/resources/, src/source/ and src/time/ import nothing from the engine, the CLI or the Action', () => {
    const found = violations(
      (e) =>
        insideAny(e.from, ['resources', 'source', 'time']) &&
        insideAny(e.to, ['sync', 'pull', 'content', 'cli', 'action', 'watch', 'preview']),
    );
    expect(found, found.join('\n')).toEqual([]);
  });

  it('src/diagnostics/ (Diagnostic, the rule catalogue, did-you-mean) is the bottom: it imports no other folder', () => {
    const found = violations(
      (e) => inside(e.from, 'diagnostics') && e.to.startsWith('src/') && !inside(e.to, 'diagnostics'),
    );
    expect(found, found.join('\n')).toEqual([]);
  });

  it('src/system/ (the atomic write, the pid check) imports no other folder', () => {
    const found = violations(
      (e) => inside(e.from, 'system') && e.to.startsWith('src/') && !inside(e.to, 'system'),
    );
    expect(found, found.join('\n')).toEqual([]);
  });

  it('src/sync/ and src/content/ import nothing from cli/, action/, watch/ or pull/', () => {
    const found = violations(
      (e) =>
        insideAny(e.from, ['sync', 'content']) &&
        insideAny(e.to, ['cli', 'action', 'watch', 'pull', 'preview']),
    );
    expect(found, found.join('\n')).toEqual([]);
  });

  it('src/preview/ (at the level of src/report/ and src/watch/) is imported only by src/cli/', () => {
    const found = violations((e) => inside(e.to, 'preview') && !insideAny(e.from, ['preview', 'cli']));
    expect(found, found.join('\n')).toEqual([]);
  });

  it('src/preview/ reads content through src/content/ and never talks to the service (no remote/, emulator/, action/)', () => {
    const found = violations(
      (e) => inside(e.from, 'preview') && insideAny(e.to, ['remote', 'emulator', 'action', 'cli', 'pull']),
    );
    expect(found, found.join('\n')).toEqual([]);
  });

  it('src/sync/ and src/content/ import nothing from src/report/ (diagnostics live in src/diagnostics/)', () => {
    const found = violations((e) => insideAny(e.from, ['sync', 'content']) && inside(e.to, 'report'));
    expect(found, found.join('\n')).toEqual([]);
  });
});
