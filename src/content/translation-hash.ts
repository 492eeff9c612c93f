import { createHash } from 'node:crypto';
import { type ParsedFrontMatter, parseFrontMatter } from './front-matter.js';
import { renderMarkdown } from './markdown.js';

/**
 * What a translation was translated from (issue 21): a short hash of the default-language document's title and body
 * as the author wrote them. A translation records it in `translatedFrom:`; when the default file's hash moves on,
 * the translation is stale.
 *
 * What counts: the title (front matter `title:`, or else the first `# heading`, which then is not part of the
 * body) and the body's Markdown text. What does not: the rest of the front matter (status, category, tags, dates,
 * key order, quoting), line endings (CRLF, CR and LF are one), whitespace at the ends of lines and blank lines
 * before and after the body, and Unicode composition (NFC). Everything else in the body — a word, a link, a list
 * marker, a hard line break written as `\` — changes it.
 */

/** 12 hex digits (48 bits) of SHA-256: short enough to read in a diff, long enough never to collide by chance. */
export const TRANSLATION_HASH_LENGTH = 12;
export const TRANSLATION_HASH_PATTERN = /^[0-9a-f]{12}$/;

/** A document's text as its translators read it: its title and its body, the title's heading taken out. */
export interface WrittenText {
  title: string;
  body: string;
}

/** The hash of a title and body (pure). */
export function translationHash(text: WrittenText): string {
  const title = normalizeLine(text.title);
  const body = normalizeBody(text.body);
  return createHash('sha256').update(`${title}\u0000${body}`).digest('hex').slice(0, TRANSLATION_HASH_LENGTH);
}

/**
 * The written text of a parsed file, given the title its front matter names (undefined when none) and where the
 * renderer found the `# heading` it took the title from.
 */
export function writtenText(
  body: string,
  explicitTitle: string | undefined,
  heading: { title?: string; span?: readonly [number, number] },
): WrittenText {
  if (explicitTitle !== undefined) return { title: explicitTitle, body };
  if (!heading.span) return { title: heading.title ?? '', body };
  const [start, end] = heading.span;
  return { title: heading.title ?? '', body: `${body.slice(0, start)}${body.slice(end)}` };
}

/**
 * The written text of a Markdown file, from its text alone (for `translations mark`, pull and git history): the same
 * title rule as the content reader. Undefined when its front matter does not parse.
 */
export function writtenTextOfFile(fileText: string): WrittenText | undefined {
  const parsed = parseFrontMatter(fileText);
  if (parsed.problems.length > 0) return undefined;
  return writtenTextOf(parsed);
}

export function writtenTextOf(parsed: ParsedFrontMatter): WrittenText {
  const written = parsed.data.title;
  if (typeof written === 'string') return writtenText(parsed.body, written.trim(), {});
  const rendered = renderMarkdown(parsed.body, {
    bodyLine: parsed.bodyLine,
    extractTitle: true,
    resolveUrl: () => undefined,
  });
  return writtenText(parsed.body, undefined, { title: rendered.title, span: rendered.titleSpan });
}

/** The hash of a Markdown file's title and body; undefined when its front matter does not parse. */
export function translationHashOfFile(fileText: string): string | undefined {
  const text = writtenTextOfFile(fileText);
  return text ? translationHash(text) : undefined;
}

function normalizeLine(text: string): string {
  return text.normalize('NFC').trim();
}

/** Line endings as LF, no whitespace at line ends, no blank lines around the body. */
export function normalizeBody(body: string): string {
  return body
    .normalize('NFC')
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[\t ]+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}
