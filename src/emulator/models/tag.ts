import type { z } from 'zod';
import type { tagBody } from '../../resources/tag.js';
import { mergeFlat, project } from './language.js';
import { defineModel } from './model.js';
import { byNumberAsc, containsKeyword } from './query-params.js';

/**
 * Notice tags, oc-api.md §5.3. `tagCode` is set on create only; an update keeps it. Responses have no `updatedDt`.
 * The list filter `tag` is a keyword over the tag texts. List order: id ascending.
 */

type TagBody = z.output<typeof tagBody>;

interface TagData {
  tagCode: string | null;
  languages: Record<string, string>;
}

export const tagModel = defineModel<TagData>({
  kind: 'tag',
  sequence: { name: 'tag', start: 0 },
  refersTo: [],

  fromBody(raw, ctx, previous) {
    const body = raw as TagBody;
    const field = body.languages !== undefined || body.names !== undefined ? 'languages' : 'tag';
    return {
      tagCode: previous ? previous.data.tagCode : (body.tagCode ?? null),
      languages: mergeFlat(body.languages ?? body.names, body.tag, ctx.service, field),
    };
  },

  references: () => [],
  attachments: () => [],
  withoutAttachment: (data) => data,
  uniqueKeys: (data) =>
    data.tagCode === null ? [] : [{ scope: 'code', value: data.tagCode, field: 'tagCode' }],
  code: (data) => data.tagCode,

  detail(record, ctx, language) {
    return {
      tagId: record.id,
      tag: project(record.data.languages, language, ctx.service) ?? '',
      tagCode: record.data.tagCode,
      serviceId: ctx.service.serviceId,
      createdDt: record.createdDt,
      languages: { ...record.data.languages },
    };
  },
  listItem(record, ctx, language) {
    return this.detail(record, ctx, language);
  },

  matches: (record, query) => containsKeyword(Object.values(record.data.languages), query.get('tag')),
  compare: (a, b) => byNumberAsc(a.id, b.id),
});
