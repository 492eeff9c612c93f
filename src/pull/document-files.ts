import { Document, isPair, isScalar, isSeq, visit } from 'yaml';

/**
 * A pulled document as the files of DESIGN §1: front matter with friendly names (each kind's `content.toFrontMatter`,
 * the inverse of its `content.fields`), the title always in `title:` (so it stays exactly what the service holds),
 * then the body.
 */

/** `20261201090000` → `2026-12-01 09:00`: moved to the resources, which write front matter. */
export { apiDateToText } from '../resources/front-matter.js';

/** A Markdown file: YAML front matter (keys in the given order), a blank line, the body. */
export function documentText(frontMatter: Record<string, unknown>, body: string): string {
  const data = Object.fromEntries(Object.entries(frontMatter).filter(([, value]) => value !== undefined));
  const document = new Document(data);
  // Tags as `[app, web]`, as people write them.
  visit(document, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'tags' && isSeq(pair.value))
        pair.value.flow = true;
    },
  });
  const yaml = document.toString({ lineWidth: 0, flowCollectionPadding: false });
  const text = `---\n${yaml}---\n`;
  return body.trim() === '' ? text : `${text}\n${body.endsWith('\n') ? body : `${body}\n`}`;
}
