import type { Element } from 'hast';
import rehypeParse from 'rehype-parse';
import rehypeRemark, { type Options } from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';

/**
 * Inline elements Markdown has no syntax for stay HTML in the text (rehype-remark would show `<u>` as `*…*`, which
 * is not what the author wrote and renders differently).
 */
const KEPT_AS_HTML = ['u', 'ins', 'mark', 'sub', 'sup', 'small', 'kbd', 'abbr'];

const keepAsHtml: NonNullable<Options['handlers']>[string] = (state, node: Element) => [
  { type: 'html', value: `<${node.tagName}>` },
  ...state.all(node),
  { type: 'html', value: `</${node.tagName}>` },
];

/** Service HTML → Markdown, for showing body diffs as text people read (DESIGN §4), not raw HTML. */
const processor = unified()
  .use(rehypeParse, { fragment: true })
  .use(rehypeRemark, { handlers: Object.fromEntries(KEPT_AS_HTML.map((name) => [name, keepAsHtml])) })
  .use(remarkGfm)
  .use(remarkStringify, { bullet: '-', fences: true, rule: '-' })
  .freeze();

export function bodyAsText(html: string): string {
  try {
    return String(processor.processSync(html)).trimEnd();
  } catch {
    return html;
  }
}
