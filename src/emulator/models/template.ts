import type { z } from 'zod';
import type { templateBody } from '../../resources/template.js';
import { checkLanguageKeys, inServiceOrder, project } from './language.js';
import { defineModel } from './model.js';
import { createdWithin, searchedTexts } from './notice.js';
import { byNumberDesc, containsKeyword, enumParam, idListParam, intParam } from './query-params.js';
import { documentIds } from './sequences.js';
import { namesOf, OWNER } from './shared.js';

/** Notice templates, oc-api.md §5.2: the id is `noticeId` (shared sequence with notices). List order: newest first. */

type TemplateBody = z.output<typeof templateBody>;

interface TemplateData {
  status: 'O' | 'C';
  categoryId: number;
  subject: string;
  memo: string;
  contents: Record<string, { title: string; content: string }>;
  tags: number[];
}

export const templateModel = defineModel<TemplateData>({
  kind: 'template',
  sequence: documentIds,
  refersTo: ['heading', 'tag'],

  fromBody(raw, ctx) {
    const body = raw as TemplateBody;
    const contents: TemplateData['contents'] = {};
    for (const [language, entry] of Object.entries(body.contents)) {
      contents[language] = { title: entry.title, content: entry.content };
    }
    checkLanguageKeys(contents, ctx.service, 'contents');
    return {
      status: body.status,
      categoryId: body.categoryId,
      subject: body.subject,
      memo: body.memo,
      contents: inServiceOrder(contents, ctx.service),
      tags: [...new Set((body.tags ?? []).map((tag) => tag.tagId))],
    };
  },

  references: (data) => [
    { kind: 'heading', id: data.categoryId, field: 'categoryId' },
    ...data.tags.map((id) => ({ kind: 'tag' as const, id, field: 'tags[].tagId' })),
  ],
  attachments: () => [],
  withoutAttachment: (data) => data,
  uniqueKeys: () => [],

  detail(record, ctx, language) {
    const { data } = record;
    const shown = project(data.contents, language, ctx.service);
    return {
      noticeId: record.id,
      serviceId: ctx.service.serviceId,
      status: data.status,
      categoryId: data.categoryId,
      subject: data.subject,
      memo: data.memo,
      title: shown?.title ?? '',
      content: shown?.content ?? '',
      userId: OWNER.userId,
      createdDt: record.createdDt,
      updatedDt: record.updatedDt,
      contents: structuredClone(data.contents),
      tags: data.tags.map((tagId) => ({ tagId, names: namesOf(ctx.detail('tag', tagId, language)) })),
      category: {
        categoryId: data.categoryId,
        names: namesOf(ctx.detail('heading', data.categoryId, language)),
      },
    };
  },

  listItem(record, ctx, language) {
    const { data } = record;
    return {
      noticeId: record.id,
      language,
      serviceId: ctx.service.serviceId,
      status: data.status,
      categoryId: data.categoryId,
      subject: data.subject,
      memo: data.memo,
      title: project(data.contents, language, ctx.service)?.title ?? '',
      readCnt: 0,
      userId: OWNER.userId,
      userName: OWNER.userName,
      createdDt: record.createdDt,
      updatedDt: record.updatedDt,
      categoryName: ctx.detail('heading', data.categoryId, language)?.name ?? null,
      tags: data.tags.map((tagId) => {
        const tag = ctx.detail('tag', tagId, language);
        return { tagId, tag: tag?.tag ?? null, names: namesOf(tag) };
      }),
    };
  },

  matches(record, query, ctx) {
    const { data } = record;
    const status = enumParam(query, 'status', ['O', 'C']);
    const categoryId = intParam(query, 'categoryId');
    const tags = idListParam(query, 'tag');
    const userId = intParam(query, 'userId');
    return (
      (status === undefined || data.status === status) &&
      (categoryId === undefined || data.categoryId === categoryId) &&
      (tags === undefined || tags.some((id) => data.tags.includes(id))) &&
      (userId === undefined || userId === OWNER.userId) &&
      createdWithin(record.createdDt, query, ctx) &&
      containsKeyword([data.subject, ...searchedTexts(data.contents, query)], query.get('keyword'))
    );
  },

  compare: (a, b) => byNumberDesc(a.id, b.id),
});
