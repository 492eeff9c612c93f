import { MAX_SEGMENT_BYTES } from '../content/names.js';

/**
 * File names from titles: readable in the language they are written in. Letters of Hangul, Han and Kana are
 * kept as they are, Latin letters lose their accents and are lowercased, everything else becomes one hyphen.
 * `환불은 어떻게 신청하나요?` → `환불은-어떻게-신청하나요`, `Scheduled maintenance (Dec.)` → `scheduled-maintenance-dec`.
 */

const NOT_KEPT = /[^a-z0-9\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC]+/gu;

export const MAX_SLUG_LENGTH = 60;

export function slugify(text: string, maxLength = MAX_SLUG_LENGTH): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(NOT_KEPT, '-')
    .replace(/^-+|-+$/g, '');
  if (plain.length <= maxLength) return plain;
  // Cut at a word boundary when there is one in the second half.
  const cut = plain.slice(0, maxLength + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > maxLength / 2 ? cut.slice(0, boundary) : plain.slice(0, maxLength)).replace(/-+$/, '');
}

/** `base`, else `base-2`, `base-3`, … — the first that `taken` refuses. */
export function uniqueName(base: string, taken: (candidate: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

/** Names Windows gives to devices, with any extension: a checkout on Windows could not hold such a file. */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)/i;
/** An extension longer than this is part of the name, not a type. */
const MAX_EXTENSION_BYTES = 16;

/**
 * A file name for an attachment: its own name, with what would need escaping in a link (spaces, `%`, `#`, `?`,
 * brackets, quotes) and control characters turned into hyphens, never a leading `.` or `_` (those files are not
 * read), never a Windows device name, and at most `MAX_SEGMENT_BYTES` bytes of UTF-8 with its extension kept
 * (a longer name fails with ENAMETOOLONG on most file systems).
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? '';
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const clean = (text: string) =>
    text
      .normalize('NFC')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
      .replace(/[\s\u0000-\u001f\u007f-\u009f%#?[\]()<>"'`|\\^{}*:;,=&+$@!~]+/gu, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-._]+|[-.]+$/g, '');
  let cleanExtension = clean(extension).replace(/\./g, '');
  let cleanStem = clean(stem) || 'attachment';
  if (Buffer.byteLength(cleanExtension) > MAX_EXTENSION_BYTES) {
    cleanStem = `${cleanStem}-${cleanExtension}`;
    cleanExtension = '';
  }
  // A `.md` attachment would be read as a document.
  if (cleanExtension === 'md') cleanExtension = 'md.txt';
  const room = MAX_SEGMENT_BYTES - (cleanExtension ? Buffer.byteLength(cleanExtension) + 1 : 0);
  cleanStem = avoidReserved(cutToBytes(cleanStem, room).replace(/[-.]+$/, '') || 'attachment');
  return cleanExtension ? `${cleanStem}.${cleanExtension}` : cleanStem;
}

/**
 * A path segment (a folder from a category code, a document's file name from its slug) that no file system
 * refuses and that cannot leave its folder: the text itself when it is already such a segment, else its slug, else
 * `fallback`. `..`, `con`, a NUL or a backslash in a code never reach a path.
 */
export function safePathSegment(text: string, fallback: string): string {
  const usable =
    text !== '' &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    !/[\u0000-\u001f\u007f-\u009f\\/:*?"<>|]/.test(text) &&
    !/^[._]|[. ]$/.test(text) &&
    Buffer.byteLength(text) <= MAX_SEGMENT_BYTES;
  const segment = usable
    ? text.normalize('NFC')
    : cutToBytes(slugify(text), MAX_SEGMENT_BYTES).replace(/-+$/, '');
  return avoidReserved(segment || fallback);
}

function avoidReserved(name: string): string {
  return WINDOWS_RESERVED.test(name) ? name.replace(/^([^.]*)/, '$1-file') : name;
}

/** The longest start of `text` that takes at most `bytes` bytes of UTF-8, never half a character. */
function cutToBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let cut = '';
  let used = 0;
  for (const char of text) {
    used += Buffer.byteLength(char);
    if (used > bytes) break;
    cut += char;
  }
  return cut;
}

/** `name.pdf` → `name-2.pdf`: the next candidate for a file name that is taken. */
export function uniqueFileName(name: string, taken: (candidate: string) => boolean): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  if (!taken(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${extension}`;
    if (!taken(candidate)) return candidate;
  }
}
