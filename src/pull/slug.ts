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

/**
 * A file name for an attachment: its own name, with what would need escaping in a link (spaces, `%`, `#`, `?`,
 * brackets, quotes) turned into hyphens, and never a leading `.` or `_` (those files are not read).
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? '';
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const clean = (text: string) =>
    text
      .normalize('NFC')
      .replace(/[\s%#?[\]()<>"'`|\\^{}*:;,=&+$@!~]+/gu, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-._]+|[-.]+$/g, '');
  const cleanStem = clean(stem) || 'attachment';
  const cleanExtension = clean(extension).replace(/\./g, '');
  // A `.md` attachment would be read as a document.
  if (cleanExtension === 'md') return `${cleanStem}.md.txt`;
  return cleanExtension ? `${cleanStem}.${cleanExtension}` : cleanStem;
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
