import path from 'node:path';

/**
 * Document keys and languages from file names (DESIGN §1): `faq/billing/refund.md` is the default language of the
 * key `faq/billing/refund`, `faq/billing/refund.en.md` its English translation.
 */

export interface DocumentName {
  key: string;
  /** The language of the file; the default language for `name.md`. */
  language: string;
  /** True for `name.md` (or `name.<default>.md`). */
  isDefault: boolean;
  /** Set when the suffix looks like a language code that the config does not list. */
  unknownLanguage?: string;
}

/** Suffixes that look like a language code: `en`, `zh_TW`, `pt-BR`. Anything else is part of the name. */
const LANGUAGE_LIKE = /^[a-z]{2}(?:[-_][A-Za-z]{2,4})?$/;

export function parseDocumentName(rel: string, languages: readonly string[]): DocumentName {
  const defaultLanguage = languages[0] ?? 'ko';
  const withoutExt = rel.replace(/\.md$/, '');
  const dot = withoutExt.lastIndexOf('.');
  const slash = withoutExt.lastIndexOf('/');
  if (dot > slash + 1) {
    const suffix = withoutExt.slice(dot + 1);
    const key = withoutExt.slice(0, dot);
    if (languages.includes(suffix)) return { key, language: suffix, isDefault: suffix === defaultLanguage };
    if (LANGUAGE_LIKE.test(suffix))
      return { key, language: suffix, isDefault: false, unknownLanguage: suffix };
  }
  return { key: withoutExt, language: defaultLanguage, isDefault: true };
}

/** The key a relative `.md` link points at, from the linking document's content-relative path. */
export function linkedKey(fromRel: string, target: string, languages: readonly string[]): string {
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), target));
  return parseDocumentName(joined, languages).key;
}
