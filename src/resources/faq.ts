import { z } from 'zod';
import {
  attachmentPaths,
  documentStatus,
  documentStatusCodes,
  documentStatusNames,
  previousKeys,
  translatedFrom,
} from './front-matter.js';
import { defineResource } from './resource.js';
import { contentBody, contentsBody, contentsFromRecord, isMultilingual } from './view.js';
import { attachmentInfo, attachmentRef, languageCode, status3, yesNo } from './wire.js';

/**
 * FAQs (helpdoc), oc-api.md §5.6. Single-language services send flat `title`/`content`/`attachments`,
 * multilingual ones `contents`. `isTop`/`isRecommend` go in the body; the toggle actions exist for completeness.
 */

/** Front matter of an FAQ's default-language file (DESIGN §1). */
export const faqFrontMatter = z.strictObject({
  title: z.string().describe('the question; defaults to the first # heading').optional(),
  category: z.string().min(1).describe('FAQ category code, or a code path such as billing/refunds'),
  status: documentStatus.default('published').describe('draft, published or done'),
  recommended: z.boolean().default(false).describe('pinned within its category (isRecommend)'),
  pinned: z.boolean().default(false).describe('pinned on the help-center main screen (isTop)'),
  attachments: attachmentPaths.default([]).describe('files to attach, relative to this file'),
  previously: previousKeys.optional().describe('the key(s) this FAQ had before a rename'),
});

/** Front matter of a translation (`name.<lang>.md`): its own title and attachments; the rest is shared. */
export const faqTranslationFrontMatter = z.strictObject({
  title: faqFrontMatter.shape.title,
  attachments: faqFrontMatter.shape.attachments,
  translatedFrom,
});

export const faqBody = z
  .object({
    status: status3,
    categoryId: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
    isRecommend: z.boolean(),
    isTop: z.boolean(),
    title: z.string().optional(),
    content: z.string().optional(),
    attachments: z.array(attachmentRef).optional(),
    contents: z
      .record(
        languageCode,
        z.object({ title: z.string(), content: z.string(), attachments: z.array(attachmentRef).optional() }),
      )
      .optional(),
  })
  .refine((body) => (body.title !== undefined && body.content !== undefined) || body.contents !== undefined, {
    message: 'either title and content, or contents, is required',
  });

export const faqRecord = z.looseObject({
  helpDocId: z.number().int(),
  serviceId: z.string().nullish(),
  title: z.string().nullish(),
  content: z.string().nullish(),
  isRecommend: z.boolean(),
  isTop: z.boolean(),
  status: status3,
  readCnt: z.number().nullish(),
  attachmentYn: yesNo,
  createdDt: z.number(),
  updatedDt: z.number(),
  categories: z
    .array(
      z.looseObject({
        categoryId: z.number().int(),
        parent: z.coerce.number().nullish(),
        level: z.coerce.number().nullish(),
      }),
    )
    .nullish(),
  contents: z
    .record(
      z.string(),
      z.looseObject({
        title: z.string(),
        content: z.string(),
        attachments: z.array(attachmentInfo).nullish(),
      }),
    )
    .nullish(),
  attachments: z.array(attachmentInfo).nullish(),
});

export const faqListItem = z.looseObject({
  helpDocId: z.number().int(),
  status: status3,
  categoryId: z.number().int().nullish(),
  isRecommend: z.boolean(),
  isTop: z.boolean(),
  title: z.string().nullish(),
  createdDt: z.number(),
  updatedDt: z.number(),
});

export const faq = defineResource({
  kind: 'faq',
  label: 'FAQ',
  plural: 'FAQs',
  idField: 'helpDocId',
  ref: 'numeric',
  paging: 'paged',
  routes: {
    list: { method: 'GET', path: 'v1/helpdoc.json' },
    get: { method: 'GET', path: 'v1/helpdoc/{ref}.json' },
    create: { method: 'POST', path: 'v1/helpdoc.json' },
    update: { method: 'PUT', path: 'v1/helpdoc/{ref}.json' },
    delete: { method: 'DELETE', path: 'v1/helpdoc/{ref}.json' },
  },
  actions: {
    recommend: { method: 'PUT', path: 'v1/helpdoc/{ref}/recommend.json', param: 'recommend' },
    top: { method: 'PUT', path: 'v1/helpdoc/{ref}/top.json', param: 'top' },
    close: { method: 'PUT', path: 'v1/helpdoc/{ref}/close.json' },
  },
  body: faqBody,
  record: faqRecord,
  listItem: faqListItem,
  content: {
    folder: 'faq',
    frontMatter: faqFrontMatter,
    categoryKind: 'faqCategory',
    urlKind: 'faq',
    preview: {
      layout: 'category-tree',
      audience: 'readers',
      status: { field: 'status', names: documentStatusNames, public: documentStatusCodes.published },
      flags: [
        { field: 'isRecommend', label: 'recommended', home: true, first: true },
        { field: 'isTop', label: 'pinned', home: true },
      ],
    },
    filedBy: { field: 'categoryCode', as: 'list-path' },
    references: [{ field: 'categoryCode', kind: 'faqCategory', frontMatter: 'category' }],
    translationFrontMatter: faqTranslationFrontMatter,
    attachmentStore: 'help',
    fields(raw, context) {
      const fm = raw as z.infer<typeof faqFrontMatter>;
      return {
        status: documentStatusCodes[fm.status],
        categoryCode: context.reference('faqCategory', fm.category, ['category']),
        isRecommend: fm.recommended,
        isTop: fm.pinned,
      };
    },
    toFrontMatter(view, title) {
      const f = view.fields;
      return {
        title,
        category: f.categoryCode,
        status: documentStatusNames[f.status as string] ?? f.status,
        ...(f.isRecommend ? { recommended: true } : {}),
        ...(f.isTop ? { pinned: true } : {}),
      };
    },
    fromRecord(raw, reader) {
      const record = raw as z.infer<typeof faqRecord> & { categoryId?: number };
      return {
        fields: {
          status: record.status,
          categoryCode: reader.code('faqCategory', record.categoryId ?? record.categories?.[0]?.categoryId),
          isRecommend: record.isRecommend,
          isTop: record.isTop,
        },
        contents: contentsFromRecord(record.contents, record, reader),
      };
    },
    toBody(view, writer) {
      const base = {
        status: view.fields.status,
        categoryId: writer.id('faqCategory', view.fields.categoryCode as string),
        isTop: view.fields.isTop,
        isRecommend: view.fields.isRecommend,
      };
      if (isMultilingual(writer.languages))
        return { ...base, contents: contentsBody(view.contents, writer, true) };
      const main = view.contents[writer.languages[0] as string];
      return main ? { ...base, ...contentBody(main, writer, true) } : base;
    },
  },
});
