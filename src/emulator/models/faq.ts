import type { z } from 'zod';
import type { faqBody } from '../../resources/faq.js';
import { badRequest } from '../errors.js';
import { checkLanguageKeys, inServiceOrder, project } from './language.js';
import { defineModel } from './model.js';
import { searchedTexts } from './notice.js';
import {
  booleanParam,
  booleanValue,
  byFlagDesc,
  byNumberDesc,
  containsKeyword,
  enumParam,
  intParam,
} from './query-params.js';
import { attachmentIds, attachmentUses, attachmentViews, OWNER, withoutAttachmentIn } from './shared.js';

/**
 * FAQs, oc-api.md §5.6. Flat `title`/`content`/`attachments` (single-language form) stand for the default language;
 * `contents` carries the others. The detail says `username`, the list `userName`, as documented.
 * List order: `isTop`, then `isRecommend`, then newest id first.
 */

type FaqBody = z.output<typeof faqBody>;

interface FaqData {
  status: 'D' | 'O' | 'C';
  categoryId: number;
  isRecommend: boolean;
  isTop: boolean;
  contents: Record<string, { title: string; content: string; attachments: string[] }>;
}

function requiredFlag(value: unknown, name: string): boolean {
  const flag = booleanValue(value, name);
  if (flag === undefined) throw badRequest(`${name} is required (true or false)`);
  return flag;
}

export const faqModel = defineModel<FaqData>({
  kind: 'faq',
  sequence: { name: 'faq', start: 5000 },
  refersTo: ['faqCategory'],
  attachmentStore: 'help',

  fromBody(raw, ctx) {
    const body = raw as FaqBody;
    const contents: FaqData['contents'] = {};
    for (const [language, entry] of Object.entries(body.contents ?? {})) {
      contents[language] = {
        title: entry.title,
        content: entry.content,
        attachments: attachmentIds(entry.attachments),
      };
    }
    const main = ctx.service.defaultLanguage;
    if (body.title !== undefined && body.content !== undefined && !contents[main]) {
      contents[main] = {
        title: body.title,
        content: body.content,
        attachments: attachmentIds(body.attachments),
      };
    } else if (body.attachments && contents[main]) {
      contents[main].attachments = [
        ...new Set([...contents[main].attachments, ...attachmentIds(body.attachments)]),
      ];
    }
    checkLanguageKeys(contents, ctx.service, 'contents');
    return {
      status: body.status,
      categoryId: body.categoryId,
      isRecommend: body.isRecommend,
      isTop: body.isTop,
      contents: inServiceOrder(contents, ctx.service),
    };
  },

  references: (data) => [{ kind: 'faqCategory', id: data.categoryId, field: 'categoryId' }],
  attachments: (data) => attachmentUses(data.contents, 'help'),
  withoutAttachment: (data, id) => ({ ...data, contents: withoutAttachmentIn(data.contents, id) }),
  uniqueKeys: () => [],

  detail(record, ctx, language) {
    const { data } = record;
    const shown = project(data.contents, language, ctx.service);
    const category = ctx.detail('faqCategory', data.categoryId, language);
    const contents: Record<string, unknown> = {};
    for (const [code, entry] of Object.entries(data.contents)) {
      contents[code] = {
        title: entry.title,
        content: entry.content,
        attachments: attachmentViews(entry.attachments, ctx),
      };
    }
    return {
      helpDocId: record.id,
      language: null,
      serviceId: ctx.service.serviceId,
      title: shown?.title ?? '',
      content: shown?.content ?? '',
      isRecommend: data.isRecommend,
      isTop: data.isTop,
      status: data.status,
      readCnt: 0,
      userId: OWNER.userId,
      username: OWNER.userName,
      attachmentYn: Object.values(data.contents).some((entry) => entry.attachments.length > 0) ? 'Y' : 'N',
      createdDt: record.createdDt,
      updatedDt: record.updatedDt,
      categories: category
        ? [
            {
              categoryId: data.categoryId,
              parent: category.parent,
              name: category.name,
              level: category.level,
            },
          ]
        : [],
      contents,
      attachments: attachmentViews(shown?.attachments ?? [], ctx),
    };
  },

  listItem(record, ctx, language) {
    const { data } = record;
    return {
      helpDocId: record.id,
      language,
      serviceId: ctx.service.serviceId,
      status: data.status,
      categoryId: data.categoryId,
      categoryName: ctx.detail('faqCategory', data.categoryId, language)?.name ?? null,
      isRecommend: data.isRecommend,
      isTop: data.isTop,
      title: project(data.contents, language, ctx.service)?.title ?? '',
      userId: OWNER.userId,
      userName: OWNER.userName,
      createdDt: record.createdDt,
      updatedDt: record.updatedDt,
    };
  },

  /** Filters `category` (documented) or `categoryId`, `recommend`, `top`, `status`, `query` (or `keyword`). */
  matches(record, query) {
    const { data } = record;
    const category = intParam(query, 'category') ?? intParam(query, 'categoryId');
    const recommend = booleanParam(query, 'recommend');
    const top = booleanParam(query, 'top');
    const status = enumParam(query, 'status', ['D', 'O', 'C']);
    return (
      (category === undefined || data.categoryId === category) &&
      (recommend === undefined || data.isRecommend === recommend) &&
      (top === undefined || data.isTop === top) &&
      (status === undefined || data.status === status) &&
      containsKeyword(searchedTexts(data.contents, query), query.get('query') ?? query.get('keyword'))
    );
  },

  compare: (a, b) =>
    byFlagDesc(a.data.isTop, b.data.isTop) ||
    byFlagDesc(a.data.isRecommend, b.data.isRecommend) ||
    byNumberDesc(a.id, b.id),

  actions: {
    recommend: (data, value) => ({ ...data, isRecommend: requiredFlag(value, 'recommend') }),
    top: (data, value) => ({ ...data, isTop: requiredFlag(value, 'top') }),
    close: (data) => ({ ...data, status: 'C' }),
  },
});
