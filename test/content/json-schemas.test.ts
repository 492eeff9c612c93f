import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentJsonSchemaFiles } from '../../src/content/json-schemas.js';

describe('content JSON Schemas for editors', () => {
  const files = contentJsonSchemaFiles();

  it('covers the front matter of every document kind and the three lists', () => {
    expect(Object.keys(files).sort()).toEqual([
      'schema/front-matter/faq-translation.schema.json',
      'schema/front-matter/faq.schema.json',
      'schema/front-matter/notice-translation.schema.json',
      'schema/front-matter/notice.schema.json',
      'schema/front-matter/template-translation.schema.json',
      'schema/front-matter/template.schema.json',
      'schema/lists/categories.schema.json',
      'schema/lists/headings.schema.json',
      'schema/lists/tags.schema.json',
    ]);
  });

  it('are committed exactly as generated (run `npm run schema` after changing a schema)', () => {
    for (const [rel, text] of Object.entries(files)) {
      expect(readFileSync(new URL(`../../${rel}`, import.meta.url), 'utf8'), rel).toBe(text);
    }
  });

  it('describe what the reader accepts: unknown keys are refused, required keys listed', () => {
    const faq = JSON.parse(files['schema/front-matter/faq.schema.json'] as string);
    expect(faq.additionalProperties).toBe(false);
    expect(faq.required).toEqual(['category']);
    expect(faq.properties.status.enum).toEqual(['draft', 'published', 'done']);
    const notice = JSON.parse(files['schema/front-matter/notice.schema.json'] as string);
    expect(notice.required).toEqual(['heading', 'start']);
  });
});
