import { z } from 'zod';

/**
 * Wire-level building blocks shared by the resource descriptions: what Online Contact sends and accepts
 * (oc-api.md §5). Record schemas are loose — unknown server fields pass through — but the fields a sync relies on
 * are checked, so a malformed response fails with a named field instead of a crash further down.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A route relative to the service API root `/{serviceId}/openapi/`; `{ref}` is the id (or code) in the path. */
export interface Route {
  method: HttpMethod;
  path: string;
  /** Other method/path pairs that older documentation names; the emulator serves them too (oc-api.md §8). */
  aliases?: readonly { method: HttpMethod; path: string }[];
}

/** Language codes: letters and `_`, up to 6 characters (oc-api.md §8 #33). */
export const languageCode = z.string().regex(/^[A-Za-z_]{1,6}$/, 'a language code of up to 6 letters');

export const dateTime14 = z.string().regex(/^\d{14}$/, 'a 14-digit yyyyMMddHHmmss date');

export const textByLanguage = z.record(languageCode, z.string());

/** Heading and category names: 0–50 characters, no Unicode punctuation except `_` and `-` (oc-api.md §5.4). */
export const categoryName = z
  .string()
  .max(50, 'at most 50 characters')
  .regex(/^(?:_|-|[^\p{P}])*$/u, 'no punctuation other than _ and -');

/**
 * Headings and FAQ categories are both "categories" to the API (one id sequence, the same fields): what their
 * bodies and records share.
 */
export const categoryBodyFields = {
  name: categoryName.optional(),
  languages: z.record(z.string(), categoryName).optional(),
  categoryCode: z.string().min(1).max(50).optional(),
  orderNo: z.number().int().optional(),
};

export const nameOrLanguages = [
  (body: { name?: string; languages?: Record<string, string> }) =>
    body.name !== undefined || body.languages !== undefined,
  { message: 'either name or languages is required' },
] as const;

export const categoryRecordFields = {
  categoryId: z.number().int(),
  serviceId: z.string().nullish(),
  categoryCode: z.string().nullish(),
  parent: z.number().nullish(),
  name: z.string().nullish(),
  level: z.number().nullish(),
  path: z.string().nullish(),
  orderNo: z.number().nullish(),
  createdDt: z.number().nullish(),
  updatedDt: z.number().nullish(),
  languages: textByLanguage.nullish(),
};

export const attachmentRef = z.object({ attachmentId: z.string() });

export const attachmentInfo = z.looseObject({
  attachmentId: z.string(),
  fileName: z.string().nullish(),
  contentType: z.string().nullish(),
  size: z.number().nullish(),
});

export const tagRef = z.object({ tagId: z.number().int() });

/** `attachmentYn` is "Y"/"N" in the 2022 examples and Boolean in 2023; accept both (oc-api.md §5.0). */
export const yesNo = z.union([z.enum(['Y', 'N']), z.boolean()]).nullish();

export const status3 = z.enum(['D', 'O', 'C']);

export const names = z.record(z.string(), z.string());

/** The response envelope (oc-api.md §4.1). */
export const envelope = z.looseObject({
  header: z.looseObject({
    resultCode: z.union([z.number(), z.string()]),
    resultMessage: z.string().nullish(),
    isSuccessful: z.boolean(),
  }),
  result: z.unknown().optional(),
});

export const pageInfo = z.looseObject({
  contents: z.array(z.unknown()),
  total: z.number().optional(),
  pages: z.number().optional(),
  pageNum: z.number().optional(),
  pageSize: z.number().optional(),
});
