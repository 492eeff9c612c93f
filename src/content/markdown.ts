import type { Element, Root as HastRoot } from 'hast';
import type { Heading, Root as MdastRoot, RootContent } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';

/**
 * Markdown → HTML for the help center (DESIGN §1): GitHub-flavoured Markdown with raw HTML kept, through
 * unified (remark → rehype). Deterministic: the same input always gives the same bytes. Every link and image
 * URL — in Markdown or in raw HTML — passes through a resolver, which is how attachments and links between
 * documents are found and replaced by placeholders that apply later turns into real URLs.
 */

export interface UrlSite {
  url: string;
  /** `a`, `img`, … */
  element: string;
  attribute: string;
  /** 1-based line and column in the whole file. */
  line: number;
  column: number;
}

/** Returns the URL to write instead, or undefined to keep it. */
export type UrlResolver = (site: UrlSite) => string | undefined;

export interface RenderOptions {
  /** The file line where the body starts, so positions point into the whole file. */
  bodyLine: number;
  /** Take the first `# heading` as the title and remove it from the body. */
  extractTitle: boolean;
  resolveUrl: UrlResolver;
}

export interface RenderedMarkdown {
  html: string;
  /** The text of the first `# heading`, when `extractTitle` found one. */
  title?: string;
}

interface RenderData {
  options: RenderOptions;
  title?: string;
}

/** Attributes holding URLs, by element: what the renderer resolves, and what pull rewrites. */
export const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  area: ['href'],
  img: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  iframe: ['src'],
  embed: ['src'],
  object: ['data'],
};

function extractTitle() {
  return (tree: MdastRoot, file: VFile) => {
    const data = file.data as unknown as RenderData;
    if (!data.options.extractTitle) return;
    const index = tree.children.findIndex((node) => node.type === 'heading' && node.depth === 1);
    if (index === -1) return;
    data.title = plainText(tree.children[index] as Heading).trim();
    tree.children.splice(index, 1);
  };
}

function resolveUrls() {
  return (tree: HastRoot, file: VFile) => {
    const data = file.data as unknown as RenderData;
    const { bodyLine, resolveUrl } = data.options;
    visit(tree, 'element', (node: Element) => {
      for (const attribute of URL_ATTRIBUTES[node.tagName] ?? []) {
        const property = attribute === 'href' ? 'href' : attribute;
        const value = node.properties[property];
        if (typeof value !== 'string') continue;
        const start = node.position?.start;
        const replacement = resolveUrl({
          url: value,
          element: node.tagName,
          attribute,
          line: (start?.line ?? 1) + bodyLine - 1,
          column: start?.column ?? 1,
        });
        if (replacement !== undefined) node.properties[property] = replacement;
      }
    });
  };
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(extractTitle)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(resolveUrls)
  .use(rehypeStringify)
  .freeze();

export function renderMarkdown(markdown: string, options: RenderOptions): RenderedMarkdown {
  const file = new VFile({ value: markdown });
  const data = file.data as unknown as RenderData;
  data.options = options;
  // Only ASCII whitespace: a leading or trailing no-break space is content (String#trim would drop it).
  const html = String(processor.processSync(file)).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  return { html, title: data.title };
}

function plainText(node: RootContent | Heading): string {
  if ('value' in node && typeof node.value === 'string') return node.type === 'html' ? '' : node.value;
  if ('children' in node) return (node.children as RootContent[]).map(plainText).join('');
  return '';
}
