import { z } from 'zod';
import { code, localizedName } from './front-matter.js';
import { defineResource } from './resource.js';
import { namesBody, namesOf } from './view.js';
import { categoryBodyFields, categoryRecordFields, nameOrLanguages } from './wire.js';

/**
 * FAQ categories, three levels, oc-api.md §5.7. `level` and `path` are derived by the server and never sent.
 * The list and detail calls are v2 in the 2022 real URL and v1 elsewhere; the client falls back to v1 on 404.
 */

/** One entry of `faq/_categories.yaml`; `children` nest up to three levels in all. */
export interface CategoryEntry {
  code: string;
  name: string | Record<string, string>;
  order?: number;
  children?: CategoryEntry[];
}

export const categoryEntry: z.ZodType<CategoryEntry> = z.strictObject({
  code: code.describe('the category code FAQs refer to; sent as categoryCode'),
  name: localizedName.describe('the category name, or a {language: name} map'),
  order: z.number().int().optional().describe('sort order (orderNo); defaults to the position in the list'),
  get children() {
    return z.array(categoryEntry).optional().describe('sub-categories (up to three levels in all)');
  },
});

export const faqCategoryBody = z
  .object({ ...categoryBodyFields, parent: z.number().int().min(0).optional() })
  .refine(...nameOrLanguages);

export const faqCategoryRecord = z.looseObject({
  ...categoryRecordFields,
  parent: z.number().int(),
  level: z.number().int(),
});

export const faqCategory = defineResource({
  kind: 'faqCategory',
  label: 'FAQ category',
  plural: 'FAQ categories',
  idField: 'categoryId',
  ref: 'id-or-code',
  codeField: 'categoryCode',
  paging: 'unpaged',
  routes: {
    list: {
      method: 'GET',
      path: 'v2/helpdoc/categories.json',
      aliases: [{ method: 'GET', path: 'v1/helpdoc/categories.json' }],
    },
    get: {
      method: 'GET',
      path: 'v2/helpdoc/category/{ref}.json',
      aliases: [{ method: 'GET', path: 'v1/helpdoc/category/{ref}.json' }],
    },
    create: { method: 'POST', path: 'v1/helpdoc/category.json' },
    update: { method: 'PUT', path: 'v1/helpdoc/category/{ref}.json' },
    delete: { method: 'DELETE', path: 'v1/helpdoc/category/{ref}.json' },
  },
  body: faqCategoryBody,
  record: faqCategoryRecord,
  listItem: faqCategoryRecord,
  list: {
    file: 'faq/_categories.yaml',
    entry: categoryEntry,
    rank: 1,
    nested: true,
    maxLevels: 3,
    uniqueNames: true,
    entries: 'categories',
    header:
      'FAQ categories, up to three levels. `code` is what FAQs refer to (category: code, or a code path).',
    noun: 'category',
    fromRecord(raw, reader) {
      const record = raw as z.infer<typeof faqCategoryRecord>;
      return {
        code: record.categoryCode ?? '',
        names: namesOf(record, record.name, reader.languages),
        order: record.orderNo ?? 0,
        parentCode: record.parent ? reader.code('faqCategory', record.parent) : undefined,
      };
    },
    toBody(view, writer) {
      return {
        categoryCode: view.code,
        parent: writer.parentId(view.parentCode),
        orderNo: view.order ?? 0,
        ...namesBody(view.names, writer.languages, 'name'),
      };
    },
  },
});
