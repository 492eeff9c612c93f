import type { EmulatedService } from '../../src/emulator/index.js';
import type { ResourceKind } from '../../src/resources/resource.js';
import type { Loose } from './signed-request.js';

/** Sample bodies per kind, and the records they depend on, seeded through the store API (no HTTP). */

export interface Dependencies {
  headingId: number;
  tagId: number;
  categoryId: number;
}

let counter = 0;
/** A name no other call returned, so repeated seeding never trips the uniqueness rules. */
export const unique = (prefix: string) => `${prefix}${++counter}`;

export function seedDependencies(service: EmulatedService): Dependencies {
  const heading = service.create('heading', {
    categoryCode: unique('h'),
    languages: { ko: unique('말머리'), en: unique('Heading') },
  });
  const tag = service.create('tag', {
    tagCode: unique('t'),
    languages: { ko: unique('태그'), en: unique('Tag') },
  });
  const category = service.create('faqCategory', {
    categoryCode: unique('c'),
    languages: { ko: unique('분류'), en: unique('Category') },
  });
  return {
    headingId: heading.categoryId as number,
    tagId: tag.tagId as number,
    categoryId: category.categoryId as number,
  };
}

export interface Sample {
  create: Loose;
  update: Loose;
  /** A field that the update changes, read from a detail view. */
  changed(view: Loose): unknown;
  updatedValue: unknown;
}

export function sampleFor(kind: ResourceKind, deps: Dependencies): Sample {
  const name = unique('n');
  switch (kind) {
    case 'notice':
      return {
        create: {
          status: 'O',
          categoryId: deps.headingId,
          isTop: false,
          startDt: '20240101000000',
          endDt: '',
          contents: {
            ko: { title: '점검 안내', content: '<p>본문</p>' },
            en: { title: 'Maintenance', content: '<p>Body</p>' },
          },
          tags: [{ tagId: deps.tagId }],
        },
        update: {
          status: 'D',
          categoryId: deps.headingId,
          isTop: true,
          startDt: '20240101000000',
          endDt: '',
          contents: { ko: { title: '바뀐 제목', content: '<p>새 본문</p>' } },
        },
        changed: (view) => view.contents.ko.title,
        updatedValue: '바뀐 제목',
      };
    case 'template':
      return {
        create: {
          status: 'O',
          categoryId: deps.headingId,
          subject: 'Weekly',
          memo: 'memo',
          contents: { ko: { title: '템플릿', content: '<p>…</p>' } },
          tags: [{ tagId: deps.tagId }],
        },
        update: {
          status: 'C',
          categoryId: deps.headingId,
          subject: 'Monthly',
          memo: '',
          contents: { ko: { title: '템플릿', content: '<p>…</p>' } },
        },
        changed: (view) => view.subject,
        updatedValue: 'Monthly',
      };
    case 'tag':
      return {
        create: { tagCode: unique('tag-'), languages: { ko: name, en: name } },
        update: { languages: { ko: `${name}x`, en: name } },
        changed: (view) => view.languages.ko,
        updatedValue: `${name}x`,
      };
    case 'heading':
      return {
        create: { categoryCode: unique('head-'), orderNo: 1, languages: { ko: name, en: name } },
        update: { orderNo: 2, languages: { ko: `${name}x`, en: name } },
        changed: (view) => view.languages.ko,
        updatedValue: `${name}x`,
      };
    case 'faq':
      return {
        create: {
          status: 'O',
          categoryId: deps.categoryId,
          isTop: false,
          isRecommend: true,
          contents: {
            ko: { title: '비밀번호', content: '<p>설정</p>' },
            en: { title: 'Password', content: '<p>Settings</p>' },
          },
        },
        update: {
          status: 'O',
          categoryId: deps.categoryId,
          isTop: true,
          isRecommend: false,
          contents: { ko: { title: '비밀번호 재설정', content: '<p>설정</p>' } },
        },
        changed: (view) => view.contents.ko.title,
        updatedValue: '비밀번호 재설정',
      };
    case 'faqCategory':
      return {
        create: { categoryCode: unique('cat-'), parent: deps.categoryId, languages: { ko: name, en: name } },
        update: { parent: 0, orderNo: 3, languages: { ko: `${name}x`, en: name } },
        changed: (view) => view.languages.ko,
        updatedValue: `${name}x`,
      };
  }
}

/** A controllable server clock. */
export function manualClock(start = Date.UTC(2024, 5, 10, 0, 0, 0)) {
  let time = start;
  return {
    now: () => time,
    set: (ms: number) => {
      time = ms;
    },
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/** Fills `{ref}` the way the wire carries it. */
export const fill = (path: string, ref: string | number) =>
  path.replace('{ref}', encodeURIComponent(String(ref)));
