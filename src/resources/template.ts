import { z } from 'zod';
import {
  code,
  previousKeys,
  templateStatusCodes,
  templateStatusNames,
  translatedFrom,
} from './front-matter.js';
import { defineResource } from './resource.js';
import { contentsBody, contentsFromRecord } from './view.js';
import { languageCode, names, tagRef } from './wire.js';

/** Notice templates, oc-api.md §5.2. The id is `noticeId`; status is O (in use) / C (not in use). */

/** Front matter of a notice template's default-language file (DESIGN §1). */
export const templateFrontMatter = z.strictObject({
  subject: z.string().min(1).describe('the template name agents pick it by'),
  memo: z.string().default('').describe('what the template is for'),
  title: z.string().describe('the title of notices made from it; defaults to the first # heading').optional(),
  heading: code.describe('notice heading code, from notices/_headings.yaml'),
  tags: z.array(code).default([]).describe('notice tag codes, from notices/_tags.yaml'),
  status: z.enum(['active', 'inactive']).default('active').describe('active (O) or inactive (C)'),
  previously: previousKeys.optional().describe('the key(s) this template had before a rename'),
});

export const templateTranslationFrontMatter = z.strictObject({
  title: templateFrontMatter.shape.title,
  translatedFrom,
});

export const templateBody = z.object({
  status: z.enum(['O', 'C']),
  categoryId: z.number().int(),
  subject: z.string(),
  memo: z.string(),
  contents: z.record(languageCode, z.object({ title: z.string(), content: z.string() })),
  tags: z.array(tagRef).optional(),
});

export const templateRecord = z.looseObject({
  noticeId: z.number().int(),
  status: z.enum(['O', 'C']),
  categoryId: z.number().int(),
  subject: z.string().nullish(),
  memo: z.string().nullish(),
  title: z.string().nullish(),
  content: z.string().nullish(),
  createdDt: z.number(),
  updatedDt: z.number(),
  contents: z.record(z.string(), z.looseObject({ title: z.string(), content: z.string() })),
  tags: z.array(z.looseObject({ tagId: z.number().int(), names: names.nullish() })).nullish(),
  category: z.looseObject({ categoryId: z.number().int(), names: names.nullish() }).nullish(),
});

export const templateListItem = z.looseObject({
  noticeId: z.number().int(),
  status: z.enum(['O', 'C']),
  categoryId: z.number().int(),
  subject: z.string().nullish(),
  createdDt: z.number(),
  updatedDt: z.number(),
});

export const template = defineResource({
  kind: 'template',
  label: 'notice template',
  plural: 'notice templates',
  idField: 'noticeId',
  ref: 'numeric',
  paging: 'paged',
  routes: {
    list: { method: 'GET', path: 'v1/multilanguage/notice/template.json' },
    get: { method: 'GET', path: 'v1/multilanguage/notice/template/{ref}.json' },
    create: { method: 'POST', path: 'v1/multilanguage/notice/template.json' },
    update: { method: 'PUT', path: 'v1/multilanguage/notice/template/{ref}.json' },
    delete: { method: 'DELETE', path: 'v1/multilanguage/notice/template/{ref}.json' },
  },
  body: templateBody,
  record: templateRecord,
  listItem: templateListItem,
  content: {
    folder: 'templates',
    frontMatter: templateFrontMatter,
    categoryKind: 'heading',
    nameField: 'subject',
    urlKind: 'notice',
    preview: {
      layout: 'list',
      audience: 'agents',
      status: { field: 'status', names: templateStatusNames, public: templateStatusCodes.active },
    },
    references: [
      { field: 'headingCode', kind: 'heading', frontMatter: 'heading' },
      { field: 'tagCodes', kind: 'tag', frontMatter: 'tags', many: true },
    ],
    translationFrontMatter: templateTranslationFrontMatter,
    fields(raw, context) {
      const fm = raw as z.infer<typeof templateFrontMatter>;
      return {
        status: templateStatusCodes[fm.status],
        subject: fm.subject,
        memo: fm.memo,
        headingCode: context.reference('heading', fm.heading, ['heading']),
        tagCodes: (fm.tags ?? []).map((tag, i) => context.reference('tag', tag, ['tags', i])),
      };
    },
    toFrontMatter(view, title) {
      const f = view.fields;
      const tags = (f.tagCodes as string[] | undefined) ?? [];
      return {
        subject: f.subject,
        ...(f.memo ? { memo: f.memo } : {}),
        title,
        heading: f.headingCode,
        ...(tags.length ? { tags } : {}),
        status: templateStatusNames[f.status as string] ?? f.status,
      };
    },
    fromRecord(raw, reader) {
      const record = raw as z.infer<typeof templateRecord>;
      return {
        fields: {
          status: record.status,
          subject: record.subject ?? '',
          memo: record.memo ?? '',
          headingCode: reader.code('heading', record.categoryId),
          tagCodes: (record.tags ?? []).map((t) => reader.code('tag', t.tagId)),
        },
        contents: contentsFromRecord(record.contents, record, reader),
      };
    },
    toBody(view, writer) {
      const fields = view.fields;
      return {
        status: fields.status,
        categoryId: writer.id('heading', fields.headingCode as string),
        subject: fields.subject,
        memo: fields.memo,
        contents: contentsBody(view.contents, writer, false),
        tags: (fields.tagCodes as string[]).map((code) => ({ tagId: writer.id('tag', code) })),
      };
    },
  },
});
