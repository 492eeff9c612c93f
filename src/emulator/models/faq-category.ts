import type { z } from 'zod';
import type { faqCategoryBody } from '../../resources/faq-category.js';
import { badRequest, relatedExists } from '../errors.js';
import type { StoredRecord } from '../store/records.js';
import { mergeFlat, project } from './language.js';
import { defineModel, type ModelContext } from './model.js';
import { byNumberAsc, intParam } from './query-params.js';
import { categoryIds } from './sequences.js';

/**
 * FAQ categories, oc-api.md §5.7: three levels. `level` and `path` are derived from the parent chain on every read,
 * so moving a category moves its subtree. Names are unique among siblings, codes within the service. List order:
 * `orderNo`, then level, then id (the 2023 example's order).
 */

type FaqCategoryBody = z.output<typeof faqCategoryBody>;

interface FaqCategoryData {
  categoryCode: string | null;
  parent: number;
  orderNo: number;
  languages: Record<string, string>;
}

export const MAX_CATEGORY_LEVEL = 3;

type CategoryRecord = StoredRecord<FaqCategoryData>;

function findCategory(ctx: ModelContext, id: number): CategoryRecord | undefined {
  return ctx.find('faqCategory', id) as CategoryRecord | undefined;
}

/** Ancestor ids from the root down to the direct parent. */
function ancestorsOf(parent: number, ctx: ModelContext): number[] {
  const chain: number[] = [];
  for (let id = parent; id !== 0 && chain.length <= MAX_CATEGORY_LEVEL; ) {
    const record = findCategory(ctx, id);
    if (!record) break;
    chain.unshift(id);
    id = record.data.parent;
  }
  return chain;
}

/** Levels below `id`, counting itself as 1. */
function subtreeHeight(id: number, ctx: ModelContext): number {
  const children = ctx.all('faqCategory').filter((record) => (record.data as FaqCategoryData).parent === id);
  return 1 + Math.max(0, ...children.map((child) => subtreeHeight(child.id, ctx)));
}

export const faqCategoryModel = defineModel<FaqCategoryData>({
  kind: 'faqCategory',
  sequence: categoryIds,
  refersTo: ['faqCategory'],

  fromBody(raw, ctx, previous) {
    const body = raw as FaqCategoryBody;
    const field = body.languages !== undefined ? 'languages' : 'name';
    return {
      categoryCode: body.categoryCode ?? previous?.data.categoryCode ?? null,
      parent: body.parent ?? 0,
      orderNo: body.orderNo ?? 0,
      languages: mergeFlat(body.languages, body.name, ctx.service, field),
    };
  },

  validate(data, ctx, id) {
    if (data.parent === 0) return;
    const ancestors = ancestorsOf(data.parent, ctx);
    if (id !== undefined && (data.parent === id || ancestors.includes(id))) {
      throw badRequest('parent: a category cannot be moved under itself or one of its descendants');
    }
    const deepest = ancestors.length + (id === undefined ? 1 : subtreeHeight(id, ctx));
    if (deepest > MAX_CATEGORY_LEVEL) {
      throw relatedExists(`parent: FAQ categories have at most ${MAX_CATEGORY_LEVEL} levels`);
    }
  },

  references: (data) =>
    data.parent === 0 ? [] : [{ kind: 'faqCategory', id: data.parent, field: 'parent' }],
  attachments: () => [],
  withoutAttachment: (data) => data,
  uniqueKeys: (data) => [
    ...(data.categoryCode === null
      ? []
      : [{ scope: 'code', value: data.categoryCode, field: 'categoryCode' }]),
    ...Object.entries(data.languages).map(([language, name]) => ({
      scope: `name:${data.parent}:${language}`,
      value: name,
      field: `languages.${language}`,
    })),
  ],
  code: (data) => data.categoryCode,

  detail(record, ctx, language) {
    const ancestors = ancestorsOf(record.data.parent, ctx);
    return {
      categoryId: record.id,
      serviceId: ctx.service.serviceId,
      categoryCode: record.data.categoryCode,
      parent: record.data.parent,
      name: project(record.data.languages, language, ctx.service) ?? '',
      level: ancestors.length + 1,
      path: `\\${ancestors.map((id) => `${id}\\`).join('')}`,
      orderNo: record.data.orderNo,
      createdDt: record.createdDt,
      updatedDt: record.updatedDt,
      languages: { ...record.data.languages },
    };
  },
  listItem(record, ctx, language) {
    return this.detail(record, ctx, language);
  },

  /** `parent`: that category's children; `child`: that category's ancestors (oc-api.md §5.7). */
  matches(record, query, ctx) {
    const parent = intParam(query, 'parent');
    const child = intParam(query, 'child');
    if (parent !== undefined && record.data.parent !== parent) return false;
    if (child !== undefined) {
      const of = findCategory(ctx, child);
      if (!of || !ancestorsOf(of.data.parent, ctx).includes(record.id)) return false;
    }
    return true;
  },

  compare: (a, b, ctx) =>
    byNumberAsc(a.data.orderNo, b.data.orderNo) ||
    byNumberAsc(ancestorsOf(a.data.parent, ctx).length, ancestorsOf(b.data.parent, ctx).length) ||
    byNumberAsc(a.id, b.id),
});
