import { z } from 'zod';
import {
  apiDateToText,
  attachmentPaths,
  code,
  dateText,
  documentStatus,
  documentStatusCodes,
  documentStatusNames,
  previousKeys,
  translatedFrom,
} from './front-matter.js';
import { defineResource } from './resource.js';
import { contentsBody, contentsFromRecord } from './view.js';
import {
  attachmentInfo,
  attachmentRef,
  dateTime14,
  languageCode,
  names,
  status3,
  tagRef,
  yesNo,
} from './wire.js';

/** Notices (공지사항), oc-api.md §5.1. Always sent with `contents`, even on single-language services. */

/** Front matter of a notice's default-language file (DESIGN §1). */
export const noticeFrontMatter = z.strictObject({
  title: z.string().describe('the notice title; defaults to the first # heading').optional(),
  heading: code.describe('notice heading code, from notices/_headings.yaml'),
  tags: z.array(code).default([]).describe('notice tag codes, from notices/_tags.yaml'),
  status: documentStatus.default('published').describe('draft, published or done'),
  pinned: z.boolean().default(false).describe('pinned on top (isTop)'),
  start: dateText.describe('start of the notice period'),
  end: dateText.optional().describe('end of the notice period; none when left out'),
  display: dateText.optional().describe('the date shown on the notice'),
  attachments: attachmentPaths.default([]).describe('files to attach, relative to this file'),
  previously: previousKeys.optional().describe('the key(s) this notice had before a rename'),
});

export const noticeTranslationFrontMatter = z.strictObject({
  title: noticeFrontMatter.shape.title,
  attachments: noticeFrontMatter.shape.attachments,
  translatedFrom,
});

const noticeContentBody = z.object({
  title: z.string(),
  content: z.string(),
  attachments: z.array(attachmentRef).optional(),
});

export const noticeBody = z.object({
  status: status3,
  categoryId: z.number().int(),
  isTop: z.boolean(),
  startDt: dateTime14,
  endDt: z.union([dateTime14, z.literal('')]),
  displayDt: z.union([dateTime14, z.literal('')]).optional(),
  contents: z.record(languageCode, noticeContentBody),
  attachments: z.array(attachmentRef).optional(),
  tags: z.array(tagRef).optional(),
});

const noticeContent = z.looseObject({
  title: z.string(),
  content: z.string(),
  attachments: z.array(attachmentInfo).nullish(),
});

export const noticeRecord = z.looseObject({
  noticeId: z.number().int(),
  serviceId: z.string().nullish(),
  status: status3,
  categoryId: z.number().int(),
  isTop: z.boolean(),
  term: z.string().nullish(),
  title: z.string().nullish(),
  content: z.string().nullish(),
  startDt: z.string().nullish(),
  endDt: z.string().nullish(),
  displayDt: z.string().nullish(),
  readCnt: z.number().nullish(),
  attachmentYn: yesNo,
  userId: z.number().nullish(),
  createdDt: z.number(),
  updatedDt: z.number(),
  contents: z.record(z.string(), noticeContent),
  tags: z.array(z.looseObject({ tagId: z.number().int(), names: names.nullish() })).nullish(),
  category: z.looseObject({ categoryId: z.number().int(), names: names.nullish() }).nullish(),
});

export const noticeListItem = z.looseObject({
  noticeId: z.number().int(),
  status: status3,
  categoryId: z.number().int(),
  isTop: z.boolean(),
  title: z.string().nullish(),
  createdDt: z.number(),
  updatedDt: z.number(),
});

export const notice = defineResource({
  kind: 'notice',
  label: 'notice',
  plural: 'notices',
  idField: 'noticeId',
  ref: 'numeric',
  paging: 'paged',
  routes: {
    list: { method: 'GET', path: 'v1/multilanguage/notice.json' },
    get: { method: 'GET', path: 'v1/multilanguage/notice/{ref}.json' },
    getMany: { method: 'GET', path: 'v1/multilanguage/notices.json' },
    create: { method: 'POST', path: 'v1/multilanguage/notice.json' },
    update: { method: 'PUT', path: 'v1/multilanguage/notice/{ref}.json' },
    delete: { method: 'DELETE', path: 'v1/multilanguage/notice/{ref}.json' },
  },
  body: noticeBody,
  record: noticeRecord,
  listItem: noticeListItem,
  content: {
    folder: 'notices',
    frontMatter: noticeFrontMatter,
    categoryKind: 'heading',
    urlKind: 'notice',
    preview: {
      layout: 'dated',
      audience: 'readers',
      status: { field: 'status', names: documentStatusNames, public: documentStatusCodes.published },
      flags: [{ field: 'isTop', label: 'pinned', first: true }],
      period: { start: 'startDt', end: 'endDt', display: 'displayDt' },
      latest: 5,
    },
    filedBy: { field: 'startDt', as: 'year' },
    references: [
      { field: 'headingCode', kind: 'heading', frontMatter: 'heading' },
      { field: 'tagCodes', kind: 'tag', frontMatter: 'tags', many: true },
    ],
    translationFrontMatter: noticeTranslationFrontMatter,
    attachmentStore: 'notice',
    fields(raw, context) {
      const fm = raw as z.infer<typeof noticeFrontMatter>;
      const startDt = context.date(fm.start, ['start']);
      const endDt = fm.end === undefined ? '' : context.date(fm.end, ['end']);
      if (startDt && endDt && endDt < startDt) {
        context.report(
          ['end'],
          'content/date-order',
          `end (${fm.end}) is before start (${fm.start})`,
          'swap them, or fix the date',
        );
      }
      return {
        status: documentStatusCodes[fm.status],
        headingCode: context.reference('heading', fm.heading, ['heading']),
        tagCodes: (fm.tags ?? []).map((tag, i) => context.reference('tag', tag, ['tags', i])),
        isTop: fm.pinned,
        startDt,
        endDt,
        // No display date is sent as "" (the service's own default), so local and remote compare equal.
        displayDt: fm.display === undefined ? '' : context.date(fm.display, ['display']),
      };
    },
    toFrontMatter(view, title) {
      const f = view.fields;
      const tags = (f.tagCodes as string[] | undefined) ?? [];
      return {
        title,
        heading: f.headingCode,
        ...(tags.length ? { tags } : {}),
        status: documentStatusNames[f.status as string] ?? f.status,
        ...(f.isTop ? { pinned: true } : {}),
        start: apiDateToText(String(f.startDt ?? '')),
        ...(f.endDt ? { end: apiDateToText(String(f.endDt)) } : {}),
        ...(f.displayDt ? { display: apiDateToText(String(f.displayDt)) } : {}),
      };
    },
    fromRecord(raw, reader) {
      const record = raw as z.infer<typeof noticeRecord>;
      return {
        fields: {
          status: record.status,
          headingCode: reader.code('heading', record.categoryId),
          tagCodes: (record.tags ?? []).map((t) => reader.code('tag', t.tagId)),
          isTop: record.isTop,
          startDt: record.startDt ?? '',
          endDt: record.endDt ?? '',
          displayDt: record.displayDt ?? '',
        },
        contents: contentsFromRecord(record.contents, record, reader),
      };
    },
    toBody(view, writer) {
      const fields = view.fields;
      return {
        status: fields.status,
        categoryId: writer.id('heading', fields.headingCode as string),
        isTop: fields.isTop,
        startDt: fields.startDt,
        endDt: fields.endDt,
        displayDt: fields.displayDt,
        contents: contentsBody(view.contents, writer, true),
        tags: (fields.tagCodes as string[]).map((code) => ({ tagId: writer.id('tag', code) })),
      };
    },
  },
});
