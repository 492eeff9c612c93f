import type { z } from 'zod';
import type { noticeBody } from '../../resources/notice.js';
import { zonedToEpoch } from '../../time/zoned-time.js';
import { badRequest } from '../errors.js';
import { checkLanguageKeys, inServiceOrder, project } from './language.js';
import { defineModel, type ModelContext, type Query } from './model.js';
import {
  booleanParam,
  byFlagDesc,
  byNumberDesc,
  containsKeyword,
  enumParam,
  idListParam,
  intParam,
} from './query-params.js';
import { documentIds } from './sequences.js';
import {
  attachmentIds,
  attachmentUses,
  attachmentViews,
  namesOf,
  OWNER,
  withoutAttachmentIn,
} from './shared.js';

/** Notices, oc-api.md §5.1. List order: pinned (`isTop`) first, then newest id first. */

type NoticeBody = z.output<typeof noticeBody>;

interface NoticeData {
  status: 'D' | 'O' | 'C';
  categoryId: number;
  isTop: boolean;
  startDt: string;
  endDt: string;
  displayDt: string;
  contents: Record<string, { title: string; content: string; attachments: string[] }>;
  tags: number[];
}

export type NoticeTerm = 'reservation' | 'open' | 'close';

/** Computed from the server clock and the period, read in the service time zone (oc-api.md §7 item 7). */
export function noticeTerm(data: Pick<NoticeData, 'startDt' | 'endDt'>, ctx: ModelContext): NoticeTerm {
  const zone = ctx.service.timeZone;
  if (ctx.now < zonedToEpoch(data.startDt, zone)) return 'reservation';
  if (data.endDt !== '' && ctx.now > zonedToEpoch(data.endDt, zone)) return 'close';
  return 'open';
}

export const noticeModel = defineModel<NoticeData>({
  kind: 'notice',
  sequence: documentIds,
  refersTo: ['heading', 'tag'],
  attachmentStore: 'notice',

  fromBody(raw, ctx) {
    const body = raw as NoticeBody;
    const contents: NoticeData['contents'] = {};
    for (const [language, entry] of Object.entries(body.contents)) {
      contents[language] = {
        title: entry.title,
        content: entry.content,
        attachments: attachmentIds(entry.attachments),
      };
    }
    checkLanguageKeys(contents, ctx.service, 'contents');
    // The request table puts `attachments` at the top level (oc-api.md §8 #34): they belong to the default language.
    const main = contents[ctx.service.defaultLanguage];
    if (main && body.attachments)
      main.attachments = [...new Set([...main.attachments, ...attachmentIds(body.attachments)])];
    return {
      status: body.status,
      categoryId: body.categoryId,
      isTop: body.isTop,
      startDt: body.startDt,
      endDt: body.endDt,
      displayDt: body.displayDt ?? '',
      contents: inServiceOrder(contents, ctx.service),
      tags: [...new Set((body.tags ?? []).map((tag) => tag.tagId))],
    };
  },

  references: (data) => [
    { kind: 'heading', id: data.categoryId, field: 'categoryId' },
    ...data.tags.map((id) => ({ kind: 'tag' as const, id, field: 'tags[].tagId' })),
  ],
  attachments: (data) => attachmentUses(data.contents, 'notice'),
  withoutAttachment: (data, id) => ({ ...data, contents: withoutAttachmentIn(data.contents, id) }),
  uniqueKeys: () => [],

  detail(record, ctx, language) {
    const { data } = record;
    const shown = project(data.contents, language, ctx.service);
    const contents: Record<string, unknown> = {};
    for (const [code, entry] of Object.entries(data.contents)) {
      contents[code] = {
        title: entry.title,
        content: entry.content,
        attachments: attachmentViews(entry.attachments, ctx),
      };
    }
    return {
      noticeId: record.id,
      serviceId: ctx.service.serviceId,
      status: data.status,
      categoryId: data.categoryId,
      isTop: data.isTop,
      term: noticeTerm(data, ctx),
      title: shown?.title ?? '',
      content: shown?.content ?? '',
      startDt: data.startDt,
      endDt: data.endDt,
      displayDt: data.displayDt,
      readCnt: 0,
      attachmentYn: Object.values(data.contents).some((entry) => entry.attachments.length > 0) ? 'Y' : 'N',
      userId: OWNER.userId,
      createdDt: record.createdDt,
      updatedDt: record.updatedDt,
      contents,
      tags: data.tags.map((tagId) => ({ tagId, names: namesOf(ctx.detail('tag', tagId, language)) })),
      category: {
        categoryId: data.categoryId,
        names: namesOf(ctx.detail('heading', data.categoryId, language)),
      },
    };
  },

  listItem(record, ctx, language) {
    const { data } = record;
    const heading = ctx.detail('heading', data.categoryId, language);
    return {
      noticeId: record.id,
      language,
      serviceId: ctx.service.serviceId,
      status: data.status,
      categoryId: data.categoryId,
      isTop: data.isTop,
      term: noticeTerm(data, ctx),
      title: project(data.contents, language, ctx.service)?.title ?? '',
      startDt: data.startDt,
      endDt: data.endDt,
      displayDt: data.displayDt,
      readCnt: 0,
      userId: OWNER.userId,
      userName: OWNER.userName,
      createdDt: record.createdDt,
      updatedDt: record.updatedDt,
      tags: data.tags.map((tagId) => ({ tagId, tag: ctx.detail('tag', tagId, language)?.tag ?? null })),
      categoryName: heading?.name ?? null,
      category: { categoryId: data.categoryId, name: heading?.name ?? null, names: namesOf(heading) },
    };
  },

  matches(record, query, ctx) {
    const { data } = record;
    const status = enumParam(query, 'status', ['D', 'O', 'C']);
    const categoryId = intParam(query, 'categoryId');
    const tags = idListParam(query, 'tag');
    const top = booleanParam(query, 'top');
    const term = enumParam(query, 'term', ['reservation', 'open', 'close']);
    const userId = intParam(query, 'userId');
    return (
      (status === undefined || data.status === status) &&
      (categoryId === undefined || data.categoryId === categoryId) &&
      (tags === undefined || tags.some((id) => data.tags.includes(id))) &&
      (top === undefined || data.isTop === top) &&
      (term === undefined || noticeTerm(data, ctx) === term) &&
      (userId === undefined || userId === OWNER.userId) &&
      createdWithin(record.createdDt, query, ctx) &&
      containsKeyword(searchedTexts(data.contents, query), query.get('keyword'))
    );
  },

  compare: (a, b) => byFlagDesc(a.data.isTop, b.data.isTop) || byNumberDesc(a.id, b.id),
});

/** The texts `keyword` searches: title and content by default, or the one `searchField` names. */
export function searchedTexts(
  contents: Record<string, { title: string; content: string }>,
  query: Query,
): string[] {
  const field = enumParam(query, 'searchField', ['title', 'content', 'titleContent']);
  return Object.values(contents).flatMap((entry) =>
    field === 'title' ? [entry.title] : field === 'content' ? [entry.content] : [entry.title, entry.content],
  );
}

/** `startDt`/`endDt` list params: a registration-date range in the service time zone (oc-api.md §5.1 [infer]). */
export function createdWithin(createdDt: number, query: Query, ctx: ModelContext): boolean {
  const bound = (name: string) => {
    const raw = query.get(name);
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d{14}$/.test(raw)) throw badRequest(`${name} must be a 14-digit yyyyMMddHHmmss date`);
    return zonedToEpoch(raw, ctx.service.timeZone);
  };
  const from = bound('startDt');
  const to = bound('endDt');
  return (from === undefined || createdDt >= from) && (to === undefined || createdDt <= to + 999);
}
