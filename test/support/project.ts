import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway project folder with the given files (paths relative to the project root). */
export interface TempProject extends Disposable {
  root: string;
  write(rel: string, content: string | Uint8Array): void;
}

export function makeProject(files: Record<string, string | Uint8Array>): TempProject {
  const root = mkdtempSync(path.join(tmpdir(), 'oc-sync-test-'));
  const write = (rel: string, content: string | Uint8Array) => {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  };
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  return { root, write, [Symbol.dispose]: () => rmSync(root, { recursive: true, force: true }) };
}

export const bilingualConfig = 'languages: [ko, en]\ntimeZone: Asia/Seoul\n';
