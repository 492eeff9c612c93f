import { z } from 'zod';
import { resourceList } from '../resources/registry.js';

/**
 * JSON Schemas for editors, generated from the same zod schemas the content reader validates with: front matter of
 * each document kind and each YAML list. `npm run schema` writes them; a test keeps the committed copies fresh.
 */

function toJson(schema: z.ZodType, title: string): string {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ title, ...json }, null, 2)}\n`;
}

/** Relative path under the repository → file text. */
export function contentJsonSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const def of resourceList) {
    if (!def.content) continue;
    files[`schema/front-matter/${def.kind}.schema.json`] = toJson(
      def.content.frontMatter,
      `Front matter of a ${def.label} (content/${def.content.folder}/*.md)`,
    );
    files[`schema/front-matter/${def.kind}-translation.schema.json`] = toJson(
      def.content.translationFrontMatter,
      `Front matter of a ${def.label} translation (content/${def.content.folder}/*.<lang>.md)`,
    );
  }
  for (const def of resourceList) {
    if (!def.list) continue;
    const title = `${def.plural.charAt(0).toUpperCase()}${def.plural.slice(1)} (content/${def.list.file})`;
    files[`schema/lists/${def.list.entries}.schema.json`] = toJson(z.array(def.list.entry), title);
  }
  return files;
}
