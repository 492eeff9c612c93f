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
import { keepAttributeStrings, keepLeadingNewlines } from './html-fidelity.js';
import { checkTreeDepth, type LimitProblem, scanMarkdownLimits } from './markdown-limits.js';
import { findUnsafeHtml, type UnsafeHtmlSite } from './unsafe-html.js';

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
  /** Where that heading is in the Markdown (start and end offsets), so its text can be told from the body's. */
  titleSpan?: [start: number, end: number];
  /** Script, frames, event handlers and script URLs found in the HTML, positioned in the whole file. */
  unsafe: UnsafeHtmlSite[];
  /** A structure over the limits of `markdown-limits.ts`, positioned in the whole file: nothing was rendered. */
  problem?: LimitProblem;
}

interface RawHtml {
  start: number;
  text: string;
}

interface RenderData {
  options: RenderOptions;
  title?: string;
  titleSpan?: [number, number];
  unsafe: UnsafeHtmlSite[];
  problem?: LimitProblem;
  /** Raw HTML nodes by where they start in the file (`noteRawHtml`). */
  raw?: RawHtml[];
  /** The text of code blocks that starts with a newline, by the block's offset (`noteCodeNewlines`). */
  codeTexts?: Map<number, string>;
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
    const heading = tree.children[index] as Heading;
    data.title = plainText(heading).trim();
    const { start, end } = heading.position ?? {};
    if (start?.offset !== undefined && end?.offset !== undefined) data.titleSpan = [start.offset, end.offset];
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

/** A tree too deep for the recursive steps after parsing is reported and emptied, so nothing recurses into it. */
function limitDepth() {
  return (tree: MdastRoot, file: VFile) => {
    const problem = checkTreeDepth(tree);
    if (!problem) return;
    (file.data as unknown as RenderData).problem = problem;
    tree.children = [];
  };
}

/**
 * Raw HTML's attribute values as the Markdown wrote them: `<font size="+1">` stays `+1` (`html-fidelity.ts`). The
 * raw HTML nodes are noted before rehype-raw parses them; an element it makes is found in the one its offset falls
 * in (rehype-raw counts offsets from a node's start through its text, which inside a block quote is not the file's).
 */
function noteRawHtml() {
  return (tree: HastRoot, file: VFile) => {
    const raw: RawHtml[] = [];
    visit(tree, 'raw', (node: { value: string; position?: { start: { offset?: number } } }) => {
      const start = node.position?.start.offset;
      if (start !== undefined) raw.push({ start, text: node.value });
    });
    (file.data as unknown as RenderData).raw = raw.sort((a, b) => a.start - b.start);
  };
}

function attributeStrings() {
  return (tree: HastRoot, file: VFile) => {
    const raw = (file.data as unknown as RenderData).raw ?? [];
    if (raw.length === 0) return;
    keepAttributeStrings(tree, (offset) => {
      const node = lastAtOrBefore(raw, offset);
      const index = node ? offset - node.start : -1;
      return node && index < node.text.length ? { text: node.text, index } : undefined;
    });
  };
}

/** The raw node starting last at or before `offset` (binary search: `raw` is sorted by start). */
function lastAtOrBefore(raw: readonly RawHtml[], offset: number): RawHtml | undefined {
  let low = 0;
  let high = raw.length - 1;
  let found: RawHtml | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const node = raw[middle] as RawHtml;
    if (node.start <= offset) {
      found = node;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * rehype-raw drops a newline that starts the text of `<pre><code>` (it takes it for the one a `<pre>` start tag
 * swallows): a fenced code block that starts with a blank line would lose it. The text of every such code block is
 * noted before, by the block's position in the Markdown, and put back after.
 */
function noteCodeNewlines() {
  return (tree: HastRoot, file: VFile) => {
    const texts = new Map<number, string>();
    visit(tree, 'element', (node: Element) => {
      const first = node.children[0];
      const offset = node.position?.start.offset;
      if (
        node.tagName === 'code' &&
        first?.type === 'text' &&
        first.value.startsWith('\n') &&
        offset !== undefined
      )
        texts.set(offset, first.value);
    });
    (file.data as unknown as RenderData).codeTexts = texts;
  };
}

function restoreCodeNewlines() {
  return (tree: HastRoot, file: VFile) => {
    const texts = (file.data as unknown as RenderData).codeTexts;
    if (!texts?.size) return;
    visit(tree, 'element', (node: Element, _index, parent) => {
      const offset = node.position?.start.offset;
      const text = offset === undefined ? undefined : texts.get(offset);
      if (
        node.tagName !== 'code' ||
        text === undefined ||
        parent?.type !== 'element' ||
        parent.tagName !== 'pre'
      )
        return;
      const first = node.children[0];
      if (first?.type === 'text' && first.value === text.slice(1)) first.value = text;
      else if (!first && text === '\n') node.children.push({ type: 'text', value: text });
    });
  };
}

/** A newline that starts a `<pre>` or `<textarea>` is written so a parser keeps it (`html-fidelity.ts`). */
function leadingNewlines() {
  return (tree: HastRoot) => keepLeadingNewlines(tree);
}

function collectUnsafe() {
  return (tree: HastRoot, file: VFile) => {
    (file.data as unknown as RenderData).unsafe = findUnsafeHtml(tree);
  };
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(limitDepth)
  .use(extractTitle)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(noteCodeNewlines)
  .use(noteRawHtml)
  .use(rehypeRaw)
  .use(restoreCodeNewlines)
  .use(attributeStrings)
  .use(collectUnsafe)
  .use(resolveUrls)
  .use(leadingNewlines)
  .use(rehypeStringify)
  .freeze();

export function renderMarkdown(markdown: string, options: RenderOptions): RenderedMarkdown {
  const inFile = (problem: LimitProblem): RenderedMarkdown => ({
    html: '',
    unsafe: [],
    problem: { ...problem, line: problem.line + options.bodyLine - 1 },
  });
  const scanned = scanMarkdownLimits(markdown);
  if (scanned) return inFile(scanned);
  const file = new VFile({ value: markdown });
  const data = file.data as unknown as RenderData;
  data.options = options;
  data.unsafe = [];
  let output: string;
  try {
    output = String(processor.processSync(file));
  } catch (error) {
    // The limits above keep nesting far below the stack size; this is the net under them.
    if (!(error instanceof RangeError)) throw error;
    return inFile({
      rule: 'content/too-deep',
      message: 'the document is nested too deeply to render',
      hint: 'flatten the structure (quotes, lists, HTML elements) or split the document',
      line: 1,
      column: 1,
    });
  }
  if (data.problem) return inFile(data.problem);
  // Only ASCII whitespace: a leading or trailing no-break space is content (String#trim would drop it).
  const html = output.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  const unsafe = data.unsafe.map((site) => ({ ...site, line: site.line + options.bodyLine - 1 }));
  return { html, title: data.title, titleSpan: data.titleSpan, unsafe };
}

function plainText(node: RootContent | Heading): string {
  if ('value' in node && typeof node.value === 'string') return node.type === 'html' ? '' : node.value;
  if ('children' in node) return (node.children as RootContent[]).map(plainText).join('');
  return '';
}
