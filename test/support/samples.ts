import type { OcApi } from '../../src/remote/api.js';
import type { ResourceKind } from '../../src/resources/resource.js';

/**
 * A valid create body and a changed update body for each resource kind, creating what the body depends on first.
 * Multilingual (ko + en) shapes unless `single` is set.
 */
export interface Sample {
  create: Record<string, unknown>;
  update: Record<string, unknown>;
  /** A field whose value the update changes, and how to read it back from a detail record. */
  read(record: Record<string, unknown>): unknown;
  expected: { created: unknown; updated: unknown };
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}${Date.now() % 100000}`;

async function headingId(api: OcApi): Promise<number> {
  const code = unique('h');
  const created = await api.heading.create({
    categoryCode: code,
    languages: { ko: `말머리${code}`, en: `Heading ${code}` },
  });
  return created.categoryId;
}

async function categoryId(api: OcApi): Promise<number> {
  const code = unique('c');
  const created = await api.faqCategory.create({
    categoryCode: code,
    languages: { ko: `분류${code}`, en: `Category ${code}` },
  });
  return created.categoryId;
}

export async function sampleFor(kind: ResourceKind, api: OcApi): Promise<Sample> {
  switch (kind) {
    case 'tag': {
      const code = unique('t');
      return {
        create: { tagCode: code, languages: { ko: `점검${code}`, en: `Maintenance ${code}` } },
        update: { languages: { ko: `장애${code}`, en: `Outage ${code}` } },
        read: (r) => (r.languages as Record<string, string>).en,
        expected: { created: `Maintenance ${code}`, updated: `Outage ${code}` },
      };
    }
    case 'heading':
    case 'faqCategory': {
      const code = unique(kind === 'heading' ? 'h' : 'c');
      return {
        create: { categoryCode: code, orderNo: 1, languages: { ko: `안내${code}`, en: `Guide ${code}` } },
        update: { categoryCode: code, orderNo: 2, languages: { ko: `공지${code}`, en: `News ${code}` } },
        read: (r) => [(r.languages as Record<string, string>).en, r.orderNo],
        expected: { created: [`Guide ${code}`, 1], updated: [`News ${code}`, 2] },
      };
    }
    case 'notice': {
      const heading = await headingId(api);
      const base = { status: 'O', categoryId: heading, isTop: false, startDt: '20260101090000', endDt: '' };
      return {
        create: {
          ...base,
          contents: {
            ko: { title: '정기 점검 안내', content: '<p>02:00~04:00</p>' },
            en: { title: 'Scheduled maintenance', content: '<p>02:00-04:00 KST</p>' },
          },
        },
        update: {
          ...base,
          isTop: true,
          contents: {
            ko: { title: '정기 점검 연장', content: '<p>02:00~05:00</p>' },
            en: { title: 'Maintenance extended', content: '<p>02:00-05:00 KST</p>' },
          },
        },
        read: (r) => [(r.contents as Record<string, { title: string }>).en?.title, r.isTop],
        expected: { created: ['Scheduled maintenance', false], updated: ['Maintenance extended', true] },
      };
    }
    case 'template': {
      const heading = await headingId(api);
      const base = { status: 'O', categoryId: heading, subject: 'Maintenance', memo: 'weekly window' };
      return {
        create: {
          ...base,
          contents: {
            ko: { title: '점검 안내', content: '<p>…</p>' },
            en: { title: 'Notice', content: '<p>…</p>' },
          },
        },
        update: {
          ...base,
          memo: 'monthly window',
          contents: { ko: { title: '점검 안내', content: '<p>…</p>' } },
        },
        read: (r) => [r.memo, Object.keys(r.contents as object).sort()],
        expected: { created: ['weekly window', ['en', 'ko']], updated: ['monthly window', ['ko']] },
      };
    }
    case 'faq': {
      const category = await categoryId(api);
      const base = { status: 'O', categoryId: category, isTop: false, isRecommend: true };
      return {
        create: {
          ...base,
          contents: {
            ko: { title: '비밀번호 재설정 방법', content: '<p>설정 &gt; 계정</p>' },
            en: { title: 'How to reset a password', content: '<p>Settings &gt; Account</p>' },
          },
        },
        update: {
          ...base,
          status: 'D',
          contents: {
            ko: { title: '비밀번호 변경', content: '<p>설정</p>' },
            en: { title: 'Change your password', content: '<p>Settings</p>' },
          },
        },
        read: (r) => [(r.contents as Record<string, { title: string }>).en?.title, r.status],
        expected: { created: ['How to reset a password', 'O'], updated: ['Change your password', 'D'] },
      };
    }
  }
}
