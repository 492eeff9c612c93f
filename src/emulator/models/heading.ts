import type { z } from 'zod';
import type { headingBody } from '../../resources/heading.js';
import { mergeFlat, project } from './language.js';
import { defineModel } from './model.js';
import { byNumberAsc } from './query-params.js';
import { categoryIds } from './sequences.js';

/**
 * Notice headings, oc-api.md §5.4: flat (`parent` 0, `level` 1, `path` `\`), names unique per language within the
 * service, codes unique. An update without `categoryCode` keeps the code, since the code is the heading's identity.
 * List order: `orderNo`, then id.
 */

type HeadingBody = z.output<typeof headingBody>;

interface HeadingData {
  categoryCode: string | null;
  orderNo: number;
  languages: Record<string, string>;
}

export const headingModel = defineModel<HeadingData>({
  kind: 'heading',
  sequence: categoryIds,
  refersTo: [],

  fromBody(raw, ctx, previous) {
    const body = raw as HeadingBody;
    const field = body.languages !== undefined ? 'languages' : 'name';
    return {
      categoryCode: body.categoryCode ?? previous?.data.categoryCode ?? null,
      orderNo: body.orderNo ?? 0,
      languages: mergeFlat(body.languages, body.name, ctx.service, field),
    };
  },

  references: () => [],
  attachments: () => [],
  withoutAttachment: (data) => data,
  uniqueKeys: (data) => [
    ...(data.categoryCode === null
      ? []
      : [{ scope: 'code', value: data.categoryCode, field: 'categoryCode' }]),
    ...Object.entries(data.languages).map(([language, name]) => ({
      scope: `name:${language}`,
      value: name,
      field: `languages.${language}`,
    })),
  ],
  code: (data) => data.categoryCode,

  detail(record, ctx, language) {
    return {
      categoryId: record.id,
      serviceId: ctx.service.serviceId,
      categoryCode: record.data.categoryCode,
      parent: 0,
      name: project(record.data.languages, language, ctx.service) ?? '',
      level: 1,
      path: '\\',
      orderNo: record.data.orderNo,
      createdDt: record.createdDt,
      updatedDt: record.updatedDt,
      languages: { ...record.data.languages },
    };
  },
  listItem(record, ctx, language) {
    return this.detail(record, ctx, language);
  },

  matches: () => true,
  compare: (a, b) => byNumberAsc(a.data.orderNo, b.data.orderNo) || byNumberAsc(a.id, b.id),
});
