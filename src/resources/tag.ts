import { z } from 'zod';
import { code, localizedText } from './front-matter.js';
import { defineResource } from './resource.js';
import { namesBody, namesOf } from './view.js';
import { textByLanguage } from './wire.js';

/**
 * Notice tags, oc-api.md §5.3. `tagCode` is accepted on create only. Single-language services send `tag`,
 * multilingual ones `languages`; responses may carry the map as `languages` or `names`.
 */

/** One entry of `notices/_tags.yaml`. */
export const tagEntry = z.strictObject({
  code: code.describe('the tag code notices refer to; sent as tagCode'),
  name: localizedText.describe('the tag text, or a {language: text} map'),
});

export const tagBody = z
  .object({
    tagCode: z.string().min(1).max(50).optional(),
    tag: z.string().max(50).optional(),
    names: textByLanguage.optional(),
    languages: textByLanguage.optional(),
  })
  .refine((body) => body.tag !== undefined || body.languages !== undefined || body.names !== undefined, {
    message: 'either tag or languages is required',
  });

export const tagRecord = z.looseObject({
  tagId: z.number().int(),
  tagCode: z.string().nullish(),
  tag: z.string().nullish(),
  serviceId: z.string().nullish(),
  createdDt: z.number().nullish(),
  languages: textByLanguage.nullish(),
  names: textByLanguage.nullish(),
});

export const tag = defineResource({
  kind: 'tag',
  label: 'notice tag',
  plural: 'notice tags',
  idField: 'tagId',
  ref: 'id-or-code',
  codeField: 'tagCode',
  paging: 'unpaged',
  routes: {
    list: {
      method: 'GET',
      path: 'v1/notice/tags.json',
      aliases: [{ method: 'GET', path: 'v1/notice/tag.json' }],
    },
    get: { method: 'GET', path: 'v1/notice/tag/{ref}.json' },
    create: { method: 'POST', path: 'v1/notice/tag.json' },
    update: { method: 'PUT', path: 'v1/notice/tag/{ref}.json' },
    delete: { method: 'DELETE', path: 'v1/notice/tag/{ref}.json' },
  },
  body: tagBody,
  record: tagRecord,
  listItem: tagRecord,
  list: {
    codeOnCreateOnly: true,
    file: 'notices/_tags.yaml',
    entry: tagEntry,
    rank: 0,
    entries: 'tags',
    header: 'Notice tags. Tags have no order.',
    noun: 'tag',
    fromRecord(raw, reader) {
      const record = raw as z.infer<typeof tagRecord>;
      return { code: record.tagCode ?? '', names: namesOf(record, record.tag, reader.languages) };
    },
    toBody(view, writer, mode) {
      // tagCode is accepted on create only (oc-api.md §5.3).
      return {
        ...(mode === 'create' ? { tagCode: view.code } : {}),
        ...namesBody(view.names, writer.languages, 'tag'),
      };
    },
  },
});
