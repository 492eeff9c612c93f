import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_JSON_SCHEMA_PATH, configJsonSchemaText } from './json-schema.js';

/** Writes `schema/sync.config.schema.json` under `root`; `npm run schema` runs this file after a build. */
export async function writeConfigJsonSchema(root: string): Promise<string> {
  const file = path.join(root, CONFIG_JSON_SCHEMA_PATH);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, configJsonSchemaText());
  return file;
}

// Run as a script: the package root is two levels above dist/config/.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const file = await writeConfigJsonSchema(root);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
