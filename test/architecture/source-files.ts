import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The project's `src/`, read as TypeScript source files (for checks over the code itself). */
export const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

export interface SourceFile {
  /** Path below src/, with forward slashes: `pull/pull.ts`. */
  file: string;
  tree: ts.SourceFile;
}

export function sourceFiles(): SourceFile[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.split(path.sep).join('/'))
    .sort()
    .map((file) => ({
      file,
      tree: ts.createSourceFile(
        file,
        readFileSync(path.join(SRC, file), 'utf8'),
        ts.ScriptTarget.Latest,
        true,
      ),
    }));
}

/** Every node of a tree, depth first. */
export function* nodesOf(node: ts.Node): Generator<ts.Node> {
  yield node;
  for (const child of node.getChildren()) yield* nodesOf(child);
}
