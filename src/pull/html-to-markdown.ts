import type { Element, Properties, Root, RootContent } from 'hast';
import type { Html, RootContent as MdastContent, Root as MdastRoot } from 'mdast';
import { htmlBlockNames, htmlRawNames } from 'micromark-util-html-tag-name';
import rehypeRemark, { type Options as RehypeRemarkOptions } from 'rehype-remark';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import {
  BLOCK_ELEMENTS,
  compareTrees,
  type Equivalence,
  isBlock,
  normalizeWhitespace,
  parseFragment,
  preservesWhitespace,
} from '../content/dom-equivalence.js';
import { keepLeadingNewlines } from '../content/html-fidelity.js';
import { renderMarkdown, URL_ATTRIBUTES, type UrlSite } from '../content/markdown.js';

/**
 * Service HTML → Markdown that renders back to the same DOM (DESIGN §1, issue #6). The HTML is split into its
 * top-level blocks; each block is converted with rehype-remark → remark-stringify, rendered back with the content
 * renderer and compared (`dom-equivalence.ts`). A block that does not come back the same is tried again with its
 * inline formatting kept as inline HTML, then (for a wrapper such as `<div style>` around blocks) with only the
 * wrapper as HTML, and finally kept whole as raw HTML — so whatever Markdown cannot express exactly stays HTML,
 * and the result is always exact. Raw HTML is written so CommonMark keeps it whole: no blank lines (newlines in
 * `<pre>` that would make one are written `&#10;`), and text the service holds outside any block is introduced by
 * a line `</no-paragraph>` — an end tag that starts an HTML block and that HTML parsers drop — since Markdown would
 * otherwise wrap it in `<p>`.
 */

export interface UrlContext {
  element: string;
  attribute: string;
}

export interface ConvertOptions {
  /** A URL the service holds → the link to write in Markdown (e.g. a relative file path); undefined keeps it. */
  rewriteUrl?(url: string, site: UrlContext): string | undefined;
  /**
   * How the content reader resolves a link written in Markdown (`oc-sync:…` placeholders), so the comparison sees
   * what the planner will see; undefined keeps it.
   */
  resolveUrl?(url: string, site: UrlContext): string | undefined;
}

export type BlockForm = 'markdown' | 'inline-html' | 'wrapper-html' | 'html';

export interface ConvertResult {
  markdown: string;
  /** Rendering `markdown` gives the same DOM as the input (after whitespace normalisation). */
  exact: boolean;
  /** How each top-level block was written. */
  blocks: BlockForm[];
  /** Where the rendering differs, when it is not exact. */
  difference?: Equivalence;
  /** The input with its URLs as the content reader will see them: what the rendered file is compared with. */
  expected: string;
  /** The HTML `markdown` renders to, links resolved with `resolveUrl` (placeholders where the reader has them). */
  rendered: string;
}

/** The marker line before HTML that sits outside any block (see the module comment). */
export const NO_PARAGRAPH = '</no-paragraph>';

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/**
 * Tag names that start a CommonMark HTML block of type 1 or 6 (the line needs nothing else): micromark's own lists,
 * so this check and the parser that reads the Markdown back agree.
 */
const HTML_BLOCK_STARTS: ReadonlySet<string> = new Set([...htmlRawNames, ...htmlBlockNames]);

/** Wrappers whose content Markdown must produce itself: splitting off their tags would not help. */
const NOT_WRAPPERS = new Set([
  'ul',
  'ol',
  'dl',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'pre',
  'p',
  'select',
]);

/** Raw text: character references are not decoded there, so their text is left exactly as it is. */
const RAW_TEXT = new Set(['script', 'style']);

/**
 * Inline elements kept as HTML travel through rehype-remark as a `span` (which it knows to be phrasing, so lists
 * and paragraphs stay tight) carrying the original element.
 */
const RAW_INLINE = 'span';

const htmlSerializer = unified()
  .use(rehypeStringify, { allowDangerousCharacters: true, characterReferences: { useNamedReferences: true } })
  .freeze();
const markdownSerializer = unified()
  .use(remarkGfm)
  .use(remarkStringify, {
    bullet: '-',
    bulletOther: '*',
    fences: true,
    rule: '-',
    emphasis: '*',
    strong: '*',
  })
  .freeze();

type Handle = NonNullable<RehypeRemarkOptions['handlers']>[string];

const rawInlineHandler: Handle = (state, node) => {
  const original = (node.data as { original?: Element } | undefined)?.original;
  if (!original) return state.all(node) as MdastContent[];
  if (VOID_ELEMENTS.has(original.tagName)) return inlineHtml(openTag(original));
  return [
    inlineHtml(openTag(original)),
    ...(state.all(node) as MdastContent[]),
    inlineHtml(`</${original.tagName}>`),
  ];
};

/** Inline HTML; `hName` makes rehype-remark count it as phrasing, so it is not wrapped in a paragraph of its own. */
function inlineHtml(value: string): Html {
  return { type: 'html', value, data: { hName: 'span' } as Html['data'] };
}

/**
 * Void elements kept as HTML travel as an `img`, which rehype-remark's whitespace handling counts as content: the
 * spaces around them stay. A real image (one Markdown can write) has no `original`.
 */
const RAW_VOID = 'img';

const imageHandler: Handle = (state, node) => {
  if ((node.data as { original?: Element } | undefined)?.original)
    return rawInlineHandler(state, node, undefined);
  const { src, alt, title } = node.properties;
  return {
    type: 'image',
    url: String(src ?? ''),
    alt: String(alt ?? ''),
    title: title ? String(title) : null,
  };
};

const toMdast = unified()
  .use(rehypeRemark, { handlers: { [RAW_INLINE]: rawInlineHandler, [RAW_VOID]: imageHandler } })
  .freeze();

function html(value: string): Html {
  return { type: 'html', value };
}

export function convertHtml(source: string, options: ConvertOptions = {}): ConvertResult {
  const local = parseFragment(source);
  mapUrls(local, (url, site) => options.rewriteUrl?.(url, site));
  const target = structuredClone(local);
  mapUrls(target, (url, site) => options.resolveUrl?.(url, site));

  // The last rendering is always of the Markdown returned: it is returned too.
  let rendered = '';
  const render = (markdown: string): Root => {
    rendered = renderMarkdown(markdown, {
      bodyLine: 1,
      extractTitle: false,
      resolveUrl: (site: UrlSite) => options.resolveUrl?.(site.url, site),
    }).html;
    return normalizeWhitespace(parseFragment(rendered));
  };
  const expectedOf = (nodes: RootContent[]): Root =>
    normalizeWhitespace({ type: 'root', children: structuredClone(nodes) });
  const matches = (markdown: string, nodes: RootContent[]) =>
    compareTrees(expectedOf(nodes), render(markdown)).same;

  const localBlocks = splitBlocks(local.children);
  const targetBlocks = splitBlocks(target.children);
  const stringify = (nodes: MdastContent[][]) =>
    String(markdownSerializer.stringify({ type: 'root', children: nodes.flat() } as MdastRoot));
  const whole = expectedOf(target.children);

  // The hopeful way first, one rendering for the whole body: every block as plain Markdown where it could be.
  // HTML that Markdown wrote in the first place (anything applied by oc-sync) comes back whole this way.
  const hopeful = localBlocks.map((block) => hopefulBlock(block));
  if (hopeful.every((b) => b !== undefined)) {
    const markdown = stringify(hopeful.map((b) => b.nodes));
    if (!LETTER_REFERENCE.test(markdown) && compareTrees(whole, render(markdown)).same) {
      return {
        markdown: markdown.trimEnd() === '' ? '' : markdown,
        exact: true,
        blocks: hopeful.map((b) => b.form),
        expected: serializeFaithfully(target.children),
        rendered,
      };
    }
  }

  const forms: BlockForm[] = [];
  const parts: MdastContent[][] = [];
  for (const [index, block] of localBlocks.entries()) {
    const expected = (targetBlocks[index] as RootContent[]) ?? [];
    const converted = convertBlock(block, expected, matches);
    forms.push(converted.form);
    parts.push(converted.nodes);
  }

  let markdown = stringify(parts);
  let difference = compareTrees(whole, render(markdown));
  // Blocks that come back alone may still interact with their neighbours: keep the first offender as HTML.
  for (let attempt = 0; !difference.same && attempt < parts.length; attempt++) {
    const offender = firstOffender(parts, targetBlocks, stringify, render, expectedOf);
    if (offender === undefined) break;
    parts[offender] = [html(rawHtml(localBlocks[offender] as RootContent[]))];
    forms[offender] = 'html';
    markdown = stringify(parts);
    difference = compareTrees(whole, render(markdown));
  }
  return {
    markdown: markdown.trimEnd() === '' ? '' : markdown,
    exact: difference.same,
    blocks: forms,
    difference: difference.same ? undefined : difference,
    expected: serializeFaithfully(target.children),
    rendered,
  };
}

/** A block as plain Markdown without checking it, or undefined when Markdown could not write it. */
function hopefulBlock(block: RootContent[]): { form: BlockForm; nodes: MdastContent[] } | undefined {
  const single = block.length === 1 ? block[0] : undefined;
  if (single?.type === 'comment') return { form: 'html', nodes: [html(`<!--${single.value}-->`)] };
  if (single?.type === 'element' && markdownCouldWrite(single)) {
    const nodes = toMarkdownNodes(single, 'lossy');
    return nodes && { form: 'markdown', nodes };
  }
  // HTML it would end up as anyway; a wrapper is worth the careful way (its inside may be Markdown).
  if (single?.type === 'element' && wrappable(single)) return undefined;
  return { form: 'html', nodes: [html(rawHtml(block))] };
}

/** The first block whose prefix no longer renders as its target; the one before when it is HTML already. */
function firstOffender(
  parts: MdastContent[][],
  targets: RootContent[][],
  stringify: (nodes: MdastContent[][]) => string,
  render: (markdown: string) => Root,
  expectedOf: (nodes: RootContent[]) => Root,
): number | undefined {
  for (let end = 1; end <= parts.length; end++) {
    const expected = expectedOf(targets.slice(0, end).flat());
    if (compareTrees(expected, render(stringify(parts.slice(0, end)))).same) continue;
    const index = end - 1;
    if (!isRaw(parts[index])) return index;
    for (let before = index - 1; before >= 0; before--) if (!isRaw(parts[before])) return before;
    return undefined;
  }
  return undefined;
}

function isRaw(nodes: MdastContent[] | undefined): boolean {
  return nodes?.length === 1 && nodes[0]?.type === 'html';
}

/**
 * Top-level nodes grouped into blocks: a block element, a comment between blocks, or a run of inline content
 * (text and inline elements that sit outside any block). Whitespace between blocks is dropped: it never shows.
 */
function splitBlocks(nodes: readonly RootContent[]): RootContent[][] {
  const blocks: RootContent[][] = [];
  let run: RootContent[] = [];
  const endRun = () => {
    while (run.length && isWhitespace(run.at(-1))) run.pop();
    if (run.length) blocks.push(run);
    run = [];
  };
  for (const node of nodes) {
    if (node.type === 'doctype') continue;
    if (isBlock(node) || (node.type === 'comment' && run.length === 0)) {
      endRun();
      blocks.push([node]);
    } else if (run.length > 0 || !isWhitespace(node)) run.push(node);
  }
  endRun();
  return blocks;
}

function isWhitespace(node: RootContent | undefined): boolean {
  return node?.type === 'text' && /^[ \t\n\r\f]*$/.test(node.value);
}

type Matcher = (markdown: string, nodes: RootContent[]) => boolean;

/** A character reference remark-stringify wrote for a letter (not a space) to make emphasis parse. */
const LETTER_REFERENCE = /&#x(?!20;|9;|A0;)[0-9A-F]{2,};/;

type InlineMode = 'lossy' | 'no-emphasis' | 'all';

function convertBlock(
  block: RootContent[],
  expected: RootContent[],
  matches: Matcher,
): { form: BlockForm; nodes: MdastContent[] } {
  // Help centers repeat blocks (`<p>&nbsp;</p>`, a signature): each distinct one is worked out once.
  const cacheKey = `${serialize(block)}\u0000${serialize(expected)}`;
  const cached = blockCache.get(cacheKey);
  if (cached) return structuredClone(cached);
  const converted = convertBlockUncached(block, expected, matches);
  if (blockCache.size >= BLOCK_CACHE_SIZE) blockCache.delete(blockCache.keys().next().value as string);
  blockCache.set(cacheKey, structuredClone(converted));
  return converted;
}

const BLOCK_CACHE_SIZE = 2000;
const blockCache = new Map<string, { form: BlockForm; nodes: MdastContent[] }>();

function convertBlockUncached(
  block: RootContent[],
  expected: RootContent[],
  matches: Matcher,
): { form: BlockForm; nodes: MdastContent[] } {
  const single = block.length === 1 ? block[0] : undefined;
  if (single?.type === 'comment') return { form: 'html', nodes: [html(`<!--${single.value}-->`)] };
  if (single?.type === 'element') {
    let fallback: MdastContent[] | undefined;
    const tried = new Set<string>();
    for (const mode of markdownCouldWrite(single) ? (['lossy', 'no-emphasis', 'all'] as const) : []) {
      const nodes = toMarkdownNodes(single, mode);
      if (!nodes) continue;
      const markdown = stringifyNodes(nodes);
      // A mode that changes nothing in this block cannot do better than the one before.
      if (tried.has(markdown)) continue;
      tried.add(markdown);
      if (!matches(markdown, expected)) continue;
      // Emphasis that CommonMark only closes with a character reference (`**이내.**&#xC785;니다`) reads better as HTML.
      if (mode === 'lossy' && LETTER_REFERENCE.test(markdown)) {
        fallback = nodes;
        continue;
      }
      return { form: mode === 'lossy' ? 'markdown' : 'inline-html', nodes };
    }
    if (fallback) return { form: 'markdown', nodes: fallback };
    const wrapped = wrapperNodes(single, expected, matches);
    if (wrapped && matches(stringifyNodes(wrapped), expected))
      return { form: 'wrapper-html', nodes: wrapped };
  }
  return { form: 'html', nodes: [html(rawHtml(block))] };
}

/** Attributes Markdown writes on block elements: a list's start, a table cell's alignment. */
const BLOCK_ATTRIBUTES: Record<string, readonly string[]> = {
  ol: ['start', 'className'],
  ul: ['className'],
  li: ['className'],
  td: ['align'],
  th: ['align'],
};
/** The classes GFM task lists render with: the only classes Markdown writes. */
const TASK_LIST_CLASSES: Record<string, string> = {
  ol: 'contains-task-list',
  ul: 'contains-task-list',
  li: 'task-list-item',
};

/**
 * Whether Markdown can write a block at all: not when a block element in it carries attributes Markdown has no
 * syntax for (`<p style>`, `<table border>`, `<td colspan>`), which saves rendering candidates bound to fail.
 */
function markdownCouldWrite(element: Element): boolean {
  if (element.tagName === 'pre') return true;
  if (BLOCK_ELEMENTS.has(element.tagName)) {
    const allowed = BLOCK_ATTRIBUTES[element.tagName] ?? [];
    if (Object.keys(element.properties).some((key) => !allowed.includes(key))) return false;
    const classes = element.properties.className;
    if (classes !== undefined && String(classes) !== TASK_LIST_CLASSES[element.tagName]) return false;
  }
  return element.children.every((child) => child.type !== 'element' || markdownCouldWrite(child));
}

/**
 * A wrapper Markdown cannot write (`<div style>`, `<blockquote class>`, `<section>`) around blocks: its tags as
 * HTML lines, its blocks converted one by one between them.
 */
function wrapperNodes(
  element: Element,
  expected: RootContent[],
  matches: Matcher,
): MdastContent[] | undefined {
  if (NOT_WRAPPERS.has(element.tagName) || preservesWhitespace(element)) return undefined;
  const inner = element.children.filter((child) => !isWhitespace(child));
  if (inner.length === 0 || inner.some((child) => !isBlock(child) && child.type !== 'comment'))
    return undefined;
  const target = expected[0];
  if (target?.type !== 'element') return undefined;
  const localBlocks = splitBlocks(element.children);
  const targetBlocks = splitBlocks(target.children);
  if (localBlocks.length !== targetBlocks.length) return undefined;
  const nodes: MdastContent[] = [html(openTag(element))];
  for (const [index, block] of localBlocks.entries())
    nodes.push(...convertBlock(block, targetBlocks[index] as RootContent[], matches).nodes);
  nodes.push(html(`</${element.tagName}>`));
  return nodes;
}

/** An element that holds only blocks, and whose own tags Markdown may leave as HTML lines around them. */
function wrappable(element: Element): boolean {
  if (NOT_WRAPPERS.has(element.tagName) || preservesWhitespace(element)) return false;
  const inner = element.children.filter((child) => !isWhitespace(child));
  return inner.length > 0 && inner.every((child) => isBlock(child) || child.type === 'comment');
}

function stringifyNodes(nodes: MdastContent[]): string {
  return String(markdownSerializer.stringify({ type: 'root', children: nodes } as MdastRoot));
}

/**
 * One block element → mdast. `lossy`: inline elements Markdown cannot write exactly (`<span style>`, `<b>`, `<u>`,
 * a link with `target`, an image with `width`) become inline HTML around their converted content; `all`: every
 * inline element does, leaving Markdown only the blocks (rescues emphasis that CommonMark's flanking rules would
 * not close, e.g. next to Korean text).
 */
function toMarkdownNodes(element: Element, mode: InlineMode): MdastContent[] | undefined {
  const copy = structuredClone(element);
  markRawInline(copy, mode);
  try {
    const tree = toMdast.runSync({ type: 'root', children: [copy] }) as unknown as MdastRoot;
    writeNoBreakSpaces(tree);
    return tree.children;
  } catch {
    return undefined;
  }
}

/** `&nbsp;` instead of an invisible U+00A0, in text (never in code, where a reference stays literal). */
function writeNoBreakSpaces(parent: MdastRoot | MdastContent): void {
  if (!('children' in parent)) return;
  parent.children = (parent.children as MdastContent[]).flatMap((child): MdastContent[] => {
    if (child.type !== 'text' || !child.value.includes(NBSP)) {
      writeNoBreakSpaces(child);
      return [child];
    }
    return child.value
      .split(NBSP)
      .flatMap((part, i): MdastContent[] => [
        ...(i > 0 ? [inlineHtml('&nbsp;')] : []),
        ...(part ? [{ type: 'text', value: part } as MdastContent] : []),
      ]);
  }) as never;
}

function markRawInline(parent: Root | Element, mode: InlineMode): void {
  // Code blocks are written by the code handler, whose language class is not an attribute to keep.
  if (parent.type === 'element' && parent.tagName === 'pre') return;
  parent.children = parent.children.map((child) => {
    if (child.type !== 'element') return child;
    markRawInline(child, mode);
    if (BLOCK_ELEMENTS.has(child.tagName) || expressible(child, mode)) return child;
    const original: Element = { ...child, children: [] };
    return {
      type: 'element',
      tagName: VOID_ELEMENTS.has(child.tagName) ? RAW_VOID : RAW_INLINE,
      properties: {},
      children: child.children,
      data: { original },
    };
  }) as never;
}

/** Inline elements Markdown writes exactly: the default handlers render them back as they were. */
function expressible(element: Element, mode: InlineMode): boolean {
  const keys = Object.keys(element.properties);
  const only = (...allowed: string[]) => keys.every((key) => allowed.includes(key));
  switch (element.tagName) {
    case 'br':
      return keys.length === 0;
    case 'input':
      // A task list's checkbox; rehype-remark turns the one that starts an item into `[x]`.
      return (
        mode === 'lossy' && element.properties.type === 'checkbox' && only('type', 'checked', 'disabled')
      );
    case 'strong':
    case 'em':
    case 'del':
      return mode === 'lossy' && keys.length === 0;
    case 'code':
      return mode !== 'all' && keys.length === 0 && element.children.every((c) => c.type === 'text');
    case 'a':
      return mode !== 'all' && typeof element.properties.href === 'string' && only('href', 'title');
    case 'img':
      return (
        mode !== 'all' &&
        typeof element.properties.src === 'string' &&
        typeof element.properties.alt === 'string' &&
        only('src', 'alt', 'title')
      );
    default:
      return false;
  }
}

/** The start tag of an element, as HTML. */
function openTag(element: Element): string {
  const copy: Element = { ...element, properties: { ...element.properties }, children: [] };
  fixProperties(copy.properties);
  const text = serialize([copy]).replaceAll(NEWLINE_MARK, '&#10;').replaceAll(NBSP_MARK, '&nbsp;');
  return VOID_ELEMENTS.has(element.tagName)
    ? text
    : text.slice(0, text.length - `</${element.tagName}>`.length);
}

const NBSP = '\u00A0';
/** Characters that cannot occur in the text, standing in for `&#10;` and `&nbsp;` while serialising. */
const NEWLINE_MARK = '\uE000';
const NBSP_MARK = '\uE001';

/**
 * Nodes as raw HTML that CommonMark keeps whole: no blank lines, and a first line that starts an HTML block.
 * Whitespace in ordinary text is shortened (never shown anyway); newlines in `<pre>` and attributes that would
 * make a blank line are written as character references.
 */
export function rawHtml(nodes: readonly RootContent[]): string {
  const copy = structuredClone(nodes) as RootContent[];
  // A lone `<pre>` (or textarea, script, style) is an HTML block that only its end tag ends: blank lines may stay.
  const only = copy.length === 1 ? copy[0] : undefined;
  const wholeBlock =
    only?.type === 'element' && ['pre', 'textarea', 'script', 'style'].includes(only.tagName);
  const fix = (node: RootContent, preserve: boolean) => {
    if (node.type === 'text') {
      const value = node.value.replaceAll(NBSP, NBSP_MARK);
      node.value = preserve
        ? wholeBlock
          ? value
          : value.replace(/\n(?=[ \t\r\f]*\n)/g, NEWLINE_MARK)
        : value.replace(/[ \t\r\f]*\n[ \t\n\r\f]*/g, '\n');
      return;
    }
    if (node.type !== 'element') return;
    fixProperties(node.properties);
    if (RAW_TEXT.has(node.tagName)) return;
    const inner = preserve || preservesWhitespace(node);
    for (const child of node.children) fix(child, inner);
  };
  keepLeadingNewlines({ type: 'root', children: copy });
  for (const node of copy) fix(node, false);
  const text = serialize(copy).replaceAll(NEWLINE_MARK, '&#10;').replaceAll(NBSP_MARK, '&nbsp;');
  if (startsHtmlBlock(text)) return text;
  // Text outside any block follows a block boundary, where leading spaces never show: dropping them keeps the
  // marker line from being followed by a blank one.
  return `${NO_PARAGRAPH}\n${text.replace(/^[ \t\n\r\f]+/, '')}`;
}

function fixProperties(properties: Properties): void {
  for (const [name, value] of Object.entries(properties)) {
    if (typeof value === 'string')
      properties[name] = value.replaceAll('\n', NEWLINE_MARK).replaceAll(NBSP, NBSP_MARK);
  }
}

function startsHtmlBlock(text: string): boolean {
  if (/^<(?:!--|\?|![A-Za-z]|!\[CDATA\[)/.test(text)) return true;
  const name = /^<\/?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)/.exec(text)?.[1]?.toLowerCase();
  return name !== undefined && HTML_BLOCK_STARTS.has(name);
}

/** Nodes as HTML that parses back to them: a newline that starts a `<pre>` or `<textarea>` is kept. */
function serializeFaithfully(nodes: RootContent[]): string {
  const copy = structuredClone(nodes);
  keepLeadingNewlines({ type: 'root', children: copy });
  return serialize(copy);
}

function serialize(nodes: RootContent[]): string {
  return String(htmlSerializer.stringify({ type: 'root', children: nodes }));
}

function mapUrls(tree: Root, map: (url: string, site: UrlContext) => string | undefined): void {
  const visit = (node: Root | RootContent) => {
    if (node.type === 'element') {
      for (const attribute of URL_ATTRIBUTES[node.tagName] ?? []) {
        const value = node.properties[attribute];
        if (typeof value !== 'string') continue;
        const replacement = map(value, { element: node.tagName, attribute });
        if (replacement !== undefined) node.properties[attribute] = replacement;
      }
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
}
