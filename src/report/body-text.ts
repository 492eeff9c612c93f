import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';

/** Service HTML → Markdown, for showing body diffs as text people read (DESIGN §4), not raw HTML. */
const processor = unified()
  .use(rehypeParse, { fragment: true })
  .use(rehypeRemark)
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
