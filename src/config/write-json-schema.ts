import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentJsonSchemaFiles } from '../content/json-schemas.js';
import { CONFIG_JSON_SCHEMA_PATH, configJsonSchemaText } from './json-schema.js';

/** Writes every generated JSON Schema under `root` (config, front matter, lists); `npm run schema` runs this. */
export async function writeJsonSchemas(root: string): Promise<string[]> {
  const files = { [CONFIG_JSON_SCHEMA_PATH]: configJsonSchemaText(), ...contentJsonSchemaFiles() };
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    written.push(file);
  }
  return written;
}

// Run as a script: the package root is two levels above dist/config/.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  for (const file of await writeJsonSchemas(root))
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
