import { z } from 'zod';
import { categoryList } from '../resources/faq-category.js';
import { headingList } from '../resources/heading.js';
import { resourceList } from '../resources/registry.js';
import { tagList } from '../resources/tag.js';

/**
 * JSON Schemas for editors, generated from the same zod schemas the content reader validates with: front matter of
 * each document kind and the three YAML lists. `npm run schema` writes them; a test keeps the committed copies fresh.
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
  files['schema/lists/categories.schema.json'] = toJson(
    categoryList,
    'FAQ categories (content/faq/_categories.yaml)',
  );
  files['schema/lists/headings.schema.json'] = toJson(
    headingList,
    'Notice headings (content/notices/_headings.yaml)',
  );
  files['schema/lists/tags.schema.json'] = toJson(tagList, 'Notice tags (content/notices/_tags.yaml)');
  return files;
}
