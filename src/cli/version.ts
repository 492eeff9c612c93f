import { readFileSync } from 'node:fs';

/** The version of the installed package: its package.json, two folders up from this file in `dist/` and `src/`. */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
