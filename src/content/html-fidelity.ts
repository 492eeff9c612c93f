import type { Element, Nodes, Root } from 'hast';
import { parseFragment as parseHtml5 } from 'parse5';
import { find, html as htmlSchema } from 'property-information';

/**
 * What hast loses between HTML and HTML unless told (issue #16).
 *
 * Attribute values are strings (issue #16): hast turns some into numbers and lists (`size="+1"` → 1, `coords="1,2"`
 * → [1, 2]), and serialising those writes another value (`size="1"`, the smallest font instead of one step larger).
 * After a parse, every such value that would not serialise back to what the source says is put back as the
 * source's string, read from the element's start tag. Class token lists and boolean attributes stay as hast
 * normalises them: they mean the same in any spelling.
 */
/**
 * Where the text an element was parsed from is: the HTML itself (`offset` into it), or — for raw HTML in Markdown —
 * the raw node holding that offset.
 */
export type SourceAt = (offset: number) => { text: string; index: number } | undefined;

/** The HTML parsed, for a tree parsed from one string. */
export const inText =
  (text: string): SourceAt =>
  (index) => ({ text, index });

export function keepAttributeStrings(tree: Root | Element, source: SourceAt): void {
  const visit = (node: Nodes): void => {
    if (node.type === 'element') {
      restoreElement(node, source);
      const content = node.content as Root | undefined;
      if (content) visit(content);
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
}

function restoreElement(element: Element, source: SourceAt): void {
  const lossy = Object.keys(element.properties).filter((key) => mayDiffer(key, element.properties[key]));
  if (lossy.length === 0) return;
  const raw = startTagAttributes(element, source);
  if (!raw || !sameAttributes(element, raw)) return;
  for (const key of lossy) {
    const value = raw.get(find(htmlSchema, key).attribute);
    if (value !== undefined && serialized(key, element.properties[key]) !== value)
      element.properties[key] = value;
  }
}

/**
 * Whether a start tag read from the source is this element's: the same attribute names, the same string values. A
 * position can point elsewhere (raw HTML continued inside a block quote), and another tag's values must not be used.
 */
function sameAttributes(element: Element, raw: ReadonlyMap<string, string>): boolean {
  const present = Object.entries(element.properties).filter(
    ([, value]) => value !== undefined && value !== null && value !== false,
  );
  if (present.length !== raw.size) return false;
  return present.every(([key, value]) => {
    const found = raw.get(find(htmlSchema, key).attribute);
    return found !== undefined && (typeof value !== 'string' || value === found);
  });
}

/** Values hast parsed from the string: numbers and token lists (except `class`, whose tokens are what counts). */
function mayDiffer(key: string, value: unknown): boolean {
  return typeof value === 'number' || (Array.isArray(value) && key !== 'className');
}

/** How hast-util-to-html writes a value. */
function serialized(key: string, value: unknown): string {
  if (!Array.isArray(value)) return String(value);
  return value.join(find(htmlSchema, key).commaSeparated ? ', ' : ' ');
}

const START_TAG_REST = /^(?:[^>"']|"[^"]*"|'[^']*')*>/;
/** One attribute of a start tag, as the HTML tokenizer reads it (name, then an optional quoted or bare value). */
const ATTRIBUTE = /[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/y;

/** The attributes of an element's start tag in the source, or undefined when the source has no such tag there. */
function startTagAttributes(element: Element, sourceAt: SourceAt): Map<string, string> | undefined {
  const start = element.position?.start.offset;
  const found = start === undefined ? undefined : sourceAt(start);
  if (!found) return undefined;
  const { text: source, index: offset } = found;
  if (source[offset] !== '<') return undefined;
  const nameEnd = offset + 1 + element.tagName.length;
  if (source.slice(offset + 1, nameEnd).toLowerCase() !== element.tagName) return undefined;
  const rest = source.slice(nameEnd);
  const tag = START_TAG_REST.exec(rest)?.[0] ?? rest;
  return tag.includes('&') ? parsedAttributes(tag) : scannedAttributes(tag);
}

/** Attributes without character references, read directly (the common case, and fast). */
function scannedAttributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(tag); match; match = ATTRIBUTE.exec(tag)) {
    const name = (match[1] as string).toLowerCase();
    // A repeated attribute is ignored by the parser: the first one counts.
    if (!found.has(name)) found.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return found;
}

/** Attributes with character references, decoded by the HTML parser itself. */
function parsedAttributes(tag: string): Map<string, string> | undefined {
  // A neutral element parses the attributes alone, wherever the real one may stand (`<td>` outside a table).
  const parsed = parseHtml5(`<oc-attributes${tag}`).childNodes[0];
  if (!parsed || !('attrs' in parsed)) return undefined;
  return new Map(parsed.attrs.map((attribute) => [attribute.name, attribute.value]));
}

/** Elements whose first newline the HTML parser drops (an authoring convenience). */
const LEADING_NEWLINE_DROPPED = new Set(['pre', 'textarea', 'listing']);

/**
 * `<pre>`, `<textarea>` and `<listing>` lose a newline right after their start tag when parsed, and hast writes
 * none back: before serialising, text that starts one of them with a newline gets one more, so the newline that is
 * content stays. Call it once, right before serialising: each call adds a newline.
 */
export function keepLeadingNewlines(tree: Root | Element): void {
  const visit = (node: Nodes): void => {
    if (node.type === 'element') {
      const first = node.children[0];
      if (LEADING_NEWLINE_DROPPED.has(node.tagName) && first?.type === 'text' && first.value.startsWith('\n'))
        first.value = `\n${first.value}`;
      const content = node.content as Root | undefined;
      if (content) visit(content);
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
}
