import { z } from 'zod';
import { categoryName } from './wire.js';

/**
 * Building blocks of the content schemas users write (DESIGN §1): friendly front-matter values and the YAML lists.
 * Each kind's own schema lives in its resource file; these are the shared pieces.
 */

/** A code of a category, heading or tag. All-digit codes are refused: the API reads an all-digit path as an id. */
export const code = z
  .string()
  .min(1, 'a non-empty code')
  .max(50, 'a code of at most 50 characters')
  .regex(/^(?!\d+$)/, 'a code that is not all digits (the API would read it as an id)')
  .regex(/^[^/\s]+$/, 'a code without spaces or /');

/** A name: one text for the default language, or a `{lang: text}` map. */
export const localizedName = z.union([categoryName, z.record(z.string(), categoryName)]);
export const localizedText = z.union([z.string().min(1), z.record(z.string(), z.string().min(1))]);

export const documentStatus = z.enum(['draft', 'published', 'done']);
/** A front-matter status → the API's status code; `…StatusNames` the other way, for pull. */
export const documentStatusCodes = { draft: 'D', published: 'O', done: 'C' } as const;
export const documentStatusNames = statusNames(documentStatusCodes);
export const templateStatusCodes = { active: 'O', inactive: 'C' } as const;
export const templateStatusNames = statusNames(templateStatusCodes);

function statusNames(codes: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(codes).map(([name, statusCode]) => [statusCode, name]));
}

/** `20261201090000` → `2026-12-01 09:00` (seconds only when not zero): the wall clock the content reader reads. */
export function apiDateToText(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return value;
  const [, y, mo, d, h, mi, s] = match;
  return `${y}-${mo}-${d} ${h}:${mi}${s === '00' ? '' : `:${s}`}`;
}

/** Paths of attachments, relative to the document. */
export const attachmentPaths = z.array(z.string().min(1));

/** `previously: faq/old/key` or a list: the keys this document was known by, so a rename is a move. */
export const previousKeys = z.union([z.string().min(1), z.array(z.string().min(1))]);

/**
 * `translatedFrom:` of a translation: the hash of the default-language title and body it was translated from
 * (`content/translation-hash.ts`), written by `oc-sync translations mark` and `pull`, never by hand.
 */
export const translatedFrom = z
  .string()
  .regex(/^[0-9a-f]{12}$/, '12 hex digits written by oc-sync translations mark')
  .optional()
  .describe('written by oc-sync translations mark: what this translation was translated from');

/** A front-matter date; checked and converted by the content reader in the config time zone. */
export const dateText = z.string().describe('`YYYY-MM-DD`, `YYYY-MM-DD HH:mm` or ISO 8601 with an offset');
