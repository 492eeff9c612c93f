import { createHash } from 'node:crypto';
import type { Element, Nodes, Root, RootContent } from 'hast';
import rehypeParse from 'rehype-parse';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { inText, keepAttributeStrings } from './html-fidelity.js';

/**
 * "The same DOM after whitespace normalisation": how pull proves that a Markdown file renders to what the service
 * holds. Both sides are parsed as HTML fragments; text outside `pre`, `code` and `textarea` has its whitespace
 * collapsed and trimmed where a browser would not show it (at the start and end of a block, around `<br>`, between
 * blocks); text inside an element styled `white-space: pre`, `pre-wrap`, `pre-line` or `break-spaces` keeps it, as
 * in `pre`; a final newline inside `pre` is dropped (it never shows). Everything else — tags, attributes (in any
 * order, values as the strings the source wrote: `size="+1"` is not `size="1"`), text, `&nbsp;`, comments — must
 * be identical.
 */

const parser = unified().use(rehypeParse, { fragment: true }).freeze();

/** An HTML fragment as hast, attribute values as the source wrote them (`html-fidelity.ts`). */
export function parseFragment(html: string): Root {
  const tree = parser.parse(html);
  keepAttributeStrings(tree, inText(html));
  return tree;
}

/** Elements that start a new line box: whitespace next to them is not rendered. */
export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'col',
  'colgroup',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'head',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'listing',
  'main',
  'menu',
  'nav',
  'ol',
  'optgroup',
  'option',
  'p',
  'plaintext',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'xmp',
]);

/** Elements whose text keeps every whitespace character. */
const PRESERVING = new Set(['pre', 'code', 'textarea', 'script', 'style', 'xmp', 'listing', 'plaintext']);

/** Inline elements that show something themselves: a space next to one is kept. */
const ATOMS = new Set([
  'img',
  'input',
  'button',
  'select',
  'embed',
  'iframe',
  'object',
  'video',
  'audio',
  'canvas',
  'svg',
  'math',
  'picture',
  'meter',
  'progress',
]);

const HTML_WHITESPACE = /[ \t\n\r\f]+/g;

/** An inline style that makes whitespace show: `white-space: pre`, `pre-wrap`, `pre-line`, `break-spaces`. */
const SHOWN_WHITESPACE_STYLE =
  /(?:^|;)\s*white-space\s*:\s*(?:pre|pre-wrap|pre-line|break-spaces)\s*(?:!important\s*)?(?:;|$)/i;

/** Whether whitespace in an element's text shows: `pre`, `code`, `textarea`, … or a `white-space` style saying so. */
export function preservesWhitespace(element: Element): boolean {
  if (PRESERVING.has(element.tagName)) return true;
  const style = element.properties.style;
  return typeof style === 'string' && SHOWN_WHITESPACE_STYLE.test(style);
}

export function isBlock(node: RootContent | Root): boolean {
  return node.type === 'element' && BLOCK_ELEMENTS.has(node.tagName);
}

/** Normalises whitespace in place (see the module comment) and returns the tree. */
export function normalizeWhitespace<T extends Root | Element>(tree: T): T {
  collapse(tree, false);
  trimContainer(tree);
  return tree;
}

function collapse(node: Nodes, preserve: boolean): void {
  if (node.type === 'text') {
    if (!preserve) node.value = node.value.replace(HTML_WHITESPACE, ' ');
    return;
  }
  if (node.type !== 'root' && node.type !== 'element') return;
  const inner = preserve || (node.type === 'element' && preservesWhitespace(node));
  if (node.type === 'element' && node.tagName === 'pre') dropFinalNewline(node);
  for (const child of node.children) collapse(child, inner);
}

function dropFinalNewline(pre: Element): void {
  let last: RootContent | undefined = pre;
  while (last?.type === 'element') last = last.children.at(-1);
  if (last?.type === 'text' && last.value.endsWith('\n')) last.value = last.value.slice(0, -1);
}

type Item = { kind: 'text'; node: { value: string } } | { kind: 'atom' } | { kind: 'boundary' };

/**
 * Trims the inline content of one block container: walks its inline descendants in order (blocks and `<br>` are
 * line boundaries), drops spaces at the start and end of each line and a space right after another space, then
 * handles every nested block as a container of its own.
 */
function trimContainer(container: Root | Element): void {
  const items: Item[] = [{ kind: 'boundary' }];
  const nested: Element[] = [];
  const walk = (parent: Root | Element) => {
    for (const child of parent.children) {
      if (child.type === 'text') items.push({ kind: 'text', node: child });
      else if (child.type === 'element') {
        if (BLOCK_ELEMENTS.has(child.tagName)) {
          items.push({ kind: 'boundary' });
          nested.push(child);
        } else if (child.tagName === 'br') items.push({ kind: 'boundary' });
        else if (preservesWhitespace(child) || ATOMS.has(child.tagName)) items.push({ kind: 'atom' });
        else walk(child);
      }
    }
  };
  walk(container);
  items.push({ kind: 'boundary' });

  let afterSpace = true;
  let lastText: { value: string } | undefined;
  for (const item of items) {
    if (item.kind === 'text') {
      if (afterSpace && item.node.value.startsWith(' ')) item.node.value = item.node.value.slice(1);
      if (item.node.value !== '') {
        afterSpace = item.node.value.endsWith(' ');
        lastText = item.node;
      }
    } else if (item.kind === 'atom') {
      afterSpace = false;
      lastText = undefined;
    } else {
      if (lastText?.value.endsWith(' ')) lastText.value = lastText.value.slice(0, -1);
      afterSpace = true;
      lastText = undefined;
    }
  }
  removeEmptyText(container);
  for (const block of nested) if (!preservesWhitespace(block)) trimContainer(block);
}

function removeEmptyText(parent: Root | Element): void {
  const kept = parent.children.filter((child) => child.type !== 'text' || child.value !== '');
  parent.children = kept as never;
  for (const child of kept) {
    if (child.type === 'element' && !BLOCK_ELEMENTS.has(child.tagName) && !preservesWhitespace(child))
      removeEmptyText(child);
  }
}

export type Equivalence = { same: true } | { same: false; at: string; expected: string; actual: string };

/** Compares two HTML fragments as DOMs after whitespace normalisation. */
export function compareHtml(expected: string, actual: string): Equivalence {
  return compareTrees(
    normalizeWhitespace(parseFragment(expected)),
    normalizeWhitespace(parseFragment(actual)),
  );
}

export function sameHtml(expected: string, actual: string): boolean {
  return compareHtml(expected, actual).same;
}

/**
 * A hash that two fragments share exactly when `compareHtml` finds them the same: a large pull keeps this instead
 * of every expected body until it reads the written files back.
 */
export function htmlFingerprint(html: string): string {
  const hash = createHash('sha256');
  const feed = (nodes: readonly RootContent[]): void => {
    hash.update('[');
    for (const node of nodes) {
      if (node.type === 'element') {
        hash.update(`<${node.tagName} ${attributesKey(node)}`);
        feed(node.children);
        const content = node.content as Root | undefined;
        if (content) {
          hash.update('|');
          feed(content.children);
        }
      } else if ('value' in node) hash.update(`${node.type}:${JSON.stringify(node.value)}`);
      else hash.update(node.type);
      hash.update(',');
    }
    hash.update(']');
  };
  feed(normalizeWhitespace(parseFragment(html)).children);
  return hash.digest('hex');
}

/** Compares two normalised trees; on a difference, names where it is. */
export function compareTrees(expected: Root | Element, actual: Root | Element): Equivalence {
  return compareChildren(
    expected.children,
    actual.children,
    expected.type === 'root' ? '' : expected.tagName,
  );
}

function compareChildren(a: readonly RootContent[], b: readonly RootContent[], at: string): Equivalence {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const left = a[i];
    const right = b[i];
    const here = `${at}/${describe(left ?? right)}[${i}]`;
    if (!left || !right) return { same: false, at: here, expected: show(left), actual: show(right) };
    const found = compareNode(left, right, here);
    if (!found.same) return found;
  }
  return { same: true };
}

function compareNode(a: RootContent, b: RootContent, at: string): Equivalence {
  const differ = (): Equivalence => ({ same: false, at, expected: show(a), actual: show(b) });
  if (a.type !== b.type) return differ();
  if (a.type === 'element' && b.type === 'element') {
    if (a.tagName !== b.tagName || attributesKey(a) !== attributesKey(b)) return differ();
    const inner = compareChildren(a.children, b.children, at);
    if (!inner.same) return inner;
    const contentA = a.content as Root | undefined;
    const contentB = b.content as Root | undefined;
    if (contentA || contentB) return compareChildren(contentA?.children ?? [], contentB?.children ?? [], at);
    return { same: true };
  }
  if ('value' in a && 'value' in b) return a.value === b.value ? { same: true } : differ();
  return { same: true };
}

function attributesKey(element: Element): string {
  const entries = Object.entries(element.properties)
    .filter(([, value]) => value !== undefined && value !== null && value !== false)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return JSON.stringify(entries);
}

function describe(node: RootContent | undefined): string {
  if (!node) return '?';
  return node.type === 'element' ? node.tagName : node.type;
}

/** A node as a person reads it: a start tag with its attributes as HTML writes them, or a text's value. */
function show(node: RootContent | undefined): string {
  if (!node) return '(nothing)';
  if (node.type === 'element') {
    const copy: Element = {
      type: 'element',
      tagName: node.tagName,
      properties: node.properties,
      children: [],
    };
    const html = serializer.stringify({ type: 'root', children: [copy] });
    return html.slice(0, html.indexOf('>') + 1);
  }
  if (node.type === 'text' || node.type === 'comment') return `${node.type} ${JSON.stringify(node.value)}`;
  return node.type;
}

const serializer = unified().use(rehypeStringify).freeze();

const SHOWN_LENGTH = 80;
const shorten = (text: string) => (text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 1)}…` : text);

/**
 * A difference in one line, for reports: where, and what each side has there (`at /p[0]/font[0]: <font size="+1">
 * in the service's HTML, <font size="1"> rendered from the file`).
 */
export function describeDifference(difference: Equivalence): string {
  if (difference.same) return 'the same';
  return `at ${difference.at || '/'}: ${shorten(difference.expected)} in the service's HTML, ${shorten(difference.actual)} rendered from the file`;
}
