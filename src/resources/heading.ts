import { z } from 'zod';
import { code, localizedName } from './front-matter.js';
import { defineResource } from './resource.js';
import { namesBody, namesOf } from './view.js';
import { categoryBodyFields, categoryRecordFields, nameOrLanguages } from './wire.js';

/** Notice headings (말머리, "notice categories"), flat, oc-api.md §5.4. Updated with POST, not PUT. */

/** One entry of `notices/_headings.yaml`. */
export const headingEntry = z.strictObject({
  code: code.describe('the heading code notices refer to; sent as categoryCode'),
  name: localizedName.describe('the heading name, or a {language: name} map'),
  order: z.number().int().optional().describe('sort order (orderNo); defaults to the position in the list'),
});

export const headingBody = z
  .object({ ...categoryBodyFields, parent: z.number().int().optional() })
  .refine(...nameOrLanguages);

export const headingRecord = z.looseObject(categoryRecordFields);

export const heading = defineResource({
  kind: 'heading',
  label: 'notice heading',
  plural: 'notice headings',
  idField: 'categoryId',
  ref: 'id-or-code',
  codeField: 'categoryCode',
  paging: 'unpaged',
  routes: {
    list: {
      method: 'GET',
      path: 'v2/notice/categories.json',
      aliases: [{ method: 'GET', path: 'v1/notice/categories.json' }],
    },
    get: {
      method: 'GET',
      path: 'v2/notice/category/{ref}.json',
      aliases: [{ method: 'GET', path: 'v1/notice/category/{ref}.json' }],
    },
    create: { method: 'POST', path: 'v1/notice/category.json' },
    update: {
      method: 'POST',
      path: 'v1/notice/category/{ref}.json',
      aliases: [{ method: 'PUT', path: 'v1/notice/category/{ref}.json' }],
    },
    delete: { method: 'DELETE', path: 'v1/notice/category/{ref}.json' },
  },
  body: headingBody,
  record: headingRecord,
  listItem: headingRecord,
  list: {
    file: 'notices/_headings.yaml',
    entry: headingEntry,
    uniqueNames: true,
    rank: 0,
    entries: 'headings',
    header: 'Notice headings, flat.',
    noun: 'heading',
    fromRecord(raw, reader) {
      const record = raw as z.infer<typeof headingRecord>;
      return {
        code: record.categoryCode ?? '',
        names: namesOf(record, record.name, reader.languages),
        order: record.orderNo ?? 0,
      };
    },
    toBody(view, writer) {
      return {
        categoryCode: view.code,
        orderNo: view.order ?? 0,
        ...namesBody(view.names, writer.languages, 'name'),
      };
    },
  },
});
