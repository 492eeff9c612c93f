import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * What oc-sync runs is dist/ and bin/, with only `dependencies` installed: the Action's build cache holds
 * node_modules after `npm prune --omit=dev`, and `npm install oc-sync` never installs dev dependencies. So every
 * package the built code imports — statically, dynamically (the embedded emulator, each command's modules) or through
 * `require` — must be a runtime dependency, and every runtime dependency must be used by it.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface Imported {
  file: string;
  /** The package name of a bare specifier (`@actions/core`, `unified`), or null for one that is not a string. */
  name: string | null;
  specifier: string;
}

function packageName(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const name = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] as string);
  return builtinModules.includes(name) ? null : name;
}

/** Every module specifier of a JavaScript file: import/export … from, import(), require(). */
function importsOf(file: string, text: string): Imported[] {
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: Imported[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) {
      const name = packageName(node.text);
      if (name) found.push({ file, name, specifier: node.text });
    } else found.push({ file, name: null, specifier: node ? node.getText(tree) : '(nothing)' });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      add(node.moduleSpecifier);
    const isCall = ts.isCallExpression(node);
    if (isCall && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    if (isCall && ts.isIdentifier(node.expression) && node.expression.text === 'require')
      add(node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

function builtFiles(): string[] {
  const dist = path.join(ROOT, 'dist');
  const inDist = readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => path.join('dist', name));
  const inBin = readdirSync(path.join(ROOT, 'bin')).map((name) => path.join('bin', name));
  return [...inDist, ...inBin].map((name) => name.split(path.sep).join('/')).sort();
}

describe('what the built code imports', () => {
  it('finds packages in every form of import, and flags a specifier it cannot read', () => {
    const text = [
      "import ts from 'typescript';",
      "export { x } from '@scope/pkg/sub';",
      "const a = await import('vitest/config');",
      "const b = require('tsx');",
      'const c = await import(name);',
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "import './local.js';",
    ].join('\n');
    expect(importsOf('x.js', text).map((i) => i.name ?? `? ${i.specifier}`)).toEqual([
      'typescript',
      '@scope/pkg',
      'vitest',
      'tsx',
      '? name',
    ]);
  });

  it('is only runtime dependencies, and uses each of them: no dev dependency is needed to run oc-sync', () => {
    expect(existsSync(path.join(ROOT, 'dist/cli/main.js')), 'dist/ is built first: npm run build').toBe(true);
    const files = builtFiles();
    const imports = files.flatMap((file) => importsOf(file, readFileSync(path.join(ROOT, file), 'utf8')));
    const runtime = new Set(Object.keys(packageJson.dependencies));
    const problems = imports
      .filter((i) => i.name === null || !runtime.has(i.name))
      .map((i) =>
        i.name === null
          ? `${i.file}: import(${i.specifier}) cannot be checked; import a string literal`
          : `${i.file} imports '${i.specifier}', ${i.name in packageJson.devDependencies ? 'a dev dependency' : 'not a dependency'}: move it to dependencies in package.json or stop importing it`,
      );
    expect(problems).toEqual([]);
    const used = new Set(imports.map((i) => i.name));
    const unused = [...runtime].filter((name) => !used.has(name));
    expect(unused, 'dependencies no built file imports: installed on every job for nothing').toEqual([]);
    // Not a no-op: the built CLI, the embedded emulator and the Action are all read.
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/oc-sync.js',
        'dist/cli/main.js',
        'dist/emulator/index.js',
        'dist/action/run-action.js',
      ]),
    );
    expect(used).toContain('@actions/core');
  });
});
