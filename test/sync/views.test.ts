import { describe, expect, it } from 'vitest';
import { desiredDocumentView } from '../../src/content/desired-view.js';
import { hashView, listViewOf, normalizeView, stableJson } from '../../src/resources/view.js';
import { changedFields } from '../../src/sync/view-comparison.js';
import { attachment, faqDoc, languageContent, noticeDoc } from '../support/plan-fixtures.js';

const MD5 = 'c'.repeat(32);

describe('desiredDocumentView', () => {
  it('turns attachment paths into MD5s, in the body and the attachment list', () => {
    const doc = faqDoc('faq/billing/refund', {
      contents: {
        en: languageContent(
          'Refunds',
          '<p><a href="oc-sync:attachment/faq/billing/form.pdf">form</a> <img src="oc-sync:attachment/faq/x.png"></p>',
          ['faq/billing/form.pdf', 'faq/x.png'],
        ),
        ko: languageContent('환불', '<p>본문</p>'),
      },
    });
    const md5ByPath = new Map([[attachment('faq/billing/form.pdf', MD5).path, MD5]]);
    const view = desiredDocumentView(doc, md5ByPath, ['ko', 'en']);
    expect(Object.keys(view.contents)).toEqual(['ko', 'en']);
    expect(view.contents.en).toEqual({
      title: 'Refunds',
      // An unknown path stays a path placeholder (validation reports it; the view never invents an MD5).
      html: `<p><a href="oc-sync:attachment/${MD5}">form</a> <img src="oc-sync:attachment/faq/x.png"></p>`,
      attachments: [MD5, 'missing:faq/x.png'],
    });
  });

  it('drops unset fields and sorts tag codes', () => {
    const doc = noticeDoc('notices/a', { fields: { tagCodes: ['z', 'a'], displayDt: undefined } });
    const view = desiredDocumentView(doc, new Map(), ['ko', 'en']);
    expect(view.fields.tagCodes).toEqual(['a', 'z']);
    expect('displayDt' in view.fields).toBe(false);
    expect(doc.fields.tagCodes).toEqual(['z', 'a']);
  });
});

describe('hashView', () => {
  it('does not depend on key order', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe(
      '{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}',
    );
    expect(hashView({ b: 1, a: 2 })).toBe(hashView({ a: 2, b: 1 }));
    expect(hashView({ a: 1 })).not.toBe(hashView({ a: 2 }));
  });

  it('gives equal views from either side the same hash', () => {
    const local = normalizeView({
      fields: { status: 'O', tagCodes: ['b', 'a'], memo: undefined },
      contents: {
        en: { title: 't', html: '<p>x</p>', attachments: [] },
        ko: { title: '제목', html: '', attachments: [] },
      },
    });
    const remote = normalizeView({
      fields: { tagCodes: ['a', 'b'], status: 'O' },
      contents: {
        ko: { title: '제목', html: '', attachments: [] },
        en: { title: 't', html: '<p>x</p>', attachments: [] },
      },
    });
    expect(hashView(local)).toBe(hashView(remote));
  });
});

describe('changedFields', () => {
  const view = (
    fields: Record<string, unknown>,
    en: Partial<{ title: string; html: string; attachments: string[] }>,
  ) => ({
    fields,
    contents: {
      ko: { title: '제목', html: '<p>본문</p>', attachments: [] },
      en: { title: 'Title', html: '<p>Body</p>', attachments: [], ...en },
    },
  });

  it('names shared fields, then each language: title, body, attachments', () => {
    const before = view({ status: 'O', isTop: false }, {});
    const after = view(
      { status: 'C', isTop: false, isRecommend: true },
      {
        title: 'New',
        html: '<p>New</p>',
        attachments: [MD5],
      },
    );
    expect(changedFields(before, after)).toEqual([
      'isRecommend',
      'status',
      'contents.en.title',
      'contents.en.body',
      'contents.en.attachments',
    ]);
    expect(changedFields(before, before)).toEqual([]);
    expect(changedFields(undefined, after)).toEqual([]);
  });

  it('names a language added or removed as a whole', () => {
    const before = view({}, {});
    const after = { fields: {}, contents: { ko: before.contents.ko } };
    expect(changedFields(before, after)).toEqual(['contents.en']);
    expect(changedFields(after, before)).toEqual(['contents.en']);
  });

  it('compares list items by names, order and parent', () => {
    const languages = ['ko', 'en'];
    const before = listViewOf(
      { code: 'refunds', names: { ko: '환불', en: 'Refunds' }, order: 1, parentCode: 'billing' },
      languages,
    );
    expect(
      changedFields(
        before,
        listViewOf(
          { code: 'refunds', names: { en: 'Refunds', ko: '환불' }, order: 1, parentCode: 'billing' },
          languages,
        ),
      ),
    ).toEqual([]);
    expect(
      changedFields(
        before,
        listViewOf({ code: 'refunds', names: { ko: '환불', en: 'Money back' }, order: 2 }, languages),
      ),
    ).toEqual(['names', 'order', 'parentCode']);
  });
});
