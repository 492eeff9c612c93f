import { parse } from 'yaml';
import { parseFrontMatter } from './front-matter.js';

/**
 * Sets `translatedFrom:` in a translation's front matter and leaves every other byte of the file as it was (pure):
 * the line is replaced where it is, or added as the last line of the front matter, or a front matter is added
 * when the file has none. Line endings follow the file's own.
 */

export type TranslatedFromEdit = { ok: true; text: string } | { ok: false; problem: string };

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*(?:\r?\n)?$/;
const KEY = /^translatedFrom[ \t]*:/;

export function withTranslatedFrom(text: string, hash: string): TranslatedFromEdit {
  const before = parseFrontMatter(text);
  if (before.problems.length > 0)
    return {
      ok: false,
      problem: `has front matter that does not parse (${before.problems[0]?.message}); fix it first`,
    };
  const edited = editLines(text, hash);
  // The edit is checked by reading it back: the same keys and values, only translatedFrom set.
  const after = parseFrontMatter(edited);
  const { translatedFrom: _old, ...rest } = before.data;
  const { translatedFrom, ...kept } = after.data;
  if (
    after.problems.length > 0 ||
    translatedFrom !== hash ||
    JSON.stringify(kept) !== JSON.stringify(rest) ||
    after.body !== before.body
  )
    return {
      ok: false,
      problem: 'has front matter that is not plain YAML between --- lines, which oc-sync cannot edit',
    };
  return { ok: true, text: edited };
}

function editLines(text: string, hash: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // A hash of digits only (or digits, an e and digits) would read as a number: quoted, as a YAML writer does.
  const line = `translatedFrom: ${typeof parse(hash) === 'string' ? hash : `'${hash}'`}`;
  if (!OPENING.test(text)) return `---${eol}${line}${eol}---${eol}${text}`;
  // Each line with its own line end.
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const closing = lines.findIndex((l, i) => i > 0 && CLOSING.test(l));
  if (closing === -1) return text;
  const existing = lines.findIndex((l, i) => i > 0 && i < closing && KEY.test(l));
  if (existing !== -1) {
    const end = (lines[existing] as string).match(/\r?\n$/)?.[0] ?? eol;
    lines[existing] = `${line}${end}`;
  } else {
    lines.splice(closing, 0, `${line}${eol}`);
  }
  return lines.join('');
}
