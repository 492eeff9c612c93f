import { z } from 'zod';
import { defineResource } from './resource.js';
import { attachmentInfo, attachmentRef, dateTime14, languageCode, names, status3, tagRef, yesNo } from './wire.js';

/** Notices (공지사항), oc-api.md §5.1. Always sent with `contents`, even on single-language services. */

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
});
