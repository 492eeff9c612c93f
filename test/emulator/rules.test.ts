import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type EmulatedService, type Emulator } from '../../src/emulator/index.js';
import { type Dependencies, sampleFor, seedDependencies } from './fixtures.js';
import { type SignedClient, signedClient } from './signed-request.js';

/** oc-api.md §7 items 8–10: 9005, 9007, 404 and 400, answered with HTTP 200 for 9005/9007 (§4.3). */

describe('server rules', () => {
  let emulator: Emulator;
  let api: SignedClient;
  let service: EmulatedService;
  let deps: Dependencies;
  beforeAll(async () => {
    emulator = await createEmulator();
    api = signedClient(emulator);
    service = emulator.service();
    deps = seedDependencies(service);
  });
  afterAll(() => emulator.close());

  const call = (method: string, path: string, json?: unknown) =>
    api.service(method, path, json === undefined ? {} : { json });
  const expectCode = async (pending: ReturnType<typeof call>, code: number, message?: RegExp) => {
    const result = await pending;
    expect(result.resultCode, result.resultMessage).toBe(code);
    expect(result.envelope.header.isSuccessful).toBe(false);
    expect(result.status).toBe(code >= 9000 ? 200 : code);
    if (message) expect(result.resultMessage).toMatch(message);
    expect((result.resultMessage ?? '').length).toBeLessThanOrEqual(100);
    return result;
  };

  describe('9007 related data already exists', () => {
    it('on a duplicate heading name or code', async () => {
      service.create('heading', { categoryCode: 'dup-h', languages: { ko: '중복', en: 'Dup' } });
      await expectCode(
        call('POST', 'v1/notice/category.json', {
          categoryCode: 'other',
          languages: { ko: '중복', en: 'Other' },
        }),
        9007,
        /languages\.ko/,
      );
      await expectCode(
        call('POST', 'v1/notice/category.json', {
          categoryCode: 'dup-h',
          languages: { ko: '새', en: 'New' },
        }),
        9007,
        /categoryCode/,
      );
    });

    it('on a duplicate tag code, but not on a reused tag text', async () => {
      service.create('tag', { tagCode: 'dup-t', languages: { ko: '같은', en: 'Same' } });
      await expectCode(
        call('POST', 'v1/notice/tag.json', { tagCode: 'dup-t', languages: { ko: '다른', en: 'Other' } }),
        9007,
        /tagCode/,
      );
      expect(
        (await call('POST', 'v1/notice/tag.json', { languages: { ko: '같은', en: 'Same' } })).resultCode,
      ).toBe(200);
    });

    it('on a duplicate FAQ category name among siblings only, and on a duplicate category code', async () => {
      const root = service.create('faqCategory', {
        categoryCode: 'root-a',
        languages: { ko: '루트A', en: 'Root A' },
      });
      const other = service.create('faqCategory', {
        categoryCode: 'root-b',
        languages: { ko: '루트B', en: 'Root B' },
      });
      service.create('faqCategory', { parent: root.categoryId, languages: { ko: '자식', en: 'Child' } });
      await expectCode(
        call('POST', 'v1/helpdoc/category.json', {
          parent: root.categoryId,
          languages: { ko: '자식', en: 'Kid' },
        }),
        9007,
      );
      expect(
        (
          await call('POST', 'v1/helpdoc/category.json', {
            parent: other.categoryId,
            languages: { ko: '자식', en: 'Child' },
          })
        ).resultCode,
      ).toBe(200);
      await expectCode(
        call('POST', 'v1/helpdoc/category.json', {
          categoryCode: 'root-a',
          languages: { ko: '새', en: 'New' },
        }),
        9007,
      );
    });

    it('on a fourth level, also when moving a subtree under a deeper parent', async () => {
      const l1 = service.create('faqCategory', { languages: { ko: 'L1', en: 'L1' } });
      const l2 = service.create('faqCategory', { parent: l1.categoryId, languages: { ko: 'L2', en: 'L2' } });
      const l3 = service.create('faqCategory', { parent: l2.categoryId, languages: { ko: 'L3', en: 'L3' } });
      await expectCode(
        call('POST', 'v1/helpdoc/category.json', {
          parent: l3.categoryId,
          languages: { ko: 'L4', en: 'L4' },
        }),
        9007,
        /3 levels/,
      );
      const branch = service.create('faqCategory', { languages: { ko: 'B1', en: 'B1' } });
      service.create('faqCategory', { parent: branch.categoryId, languages: { ko: 'B2', en: 'B2' } });
      await expectCode(
        call('PUT', `v1/helpdoc/category/${branch.categoryId}.json`, {
          parent: l2.categoryId,
          languages: { ko: 'B1', en: 'B1' },
        }),
        9007,
      );
      await expectCode(
        call('PUT', `v1/helpdoc/category/${l1.categoryId}.json`, {
          parent: l2.categoryId,
          languages: { ko: 'L1', en: 'L1' },
        }),
        400,
        /descendants/,
      );
    });

    it('when deleting a heading or tag still used by a notice or template', async () => {
      const d = seedDependencies(service);
      const template = service.create('template', sampleFor('template', d).create);
      await expectCode(call('DELETE', `v1/notice/category/${d.headingId}.json`), 9007, /template/);
      await expectCode(call('DELETE', `v1/notice/tag/${d.tagId}.json`), 9007);
      service.delete('template', template.noticeId as number);
      const notice = service.create('notice', sampleFor('notice', d).create);
      await expectCode(call('DELETE', `v1/notice/tag/${d.tagId}.json`), 9007, /notice/);
      service.delete('notice', notice.noticeId as number);
      expect((await call('DELETE', `v1/notice/tag/${d.tagId}.json`)).resultCode).toBe(200);
      expect((await call('DELETE', `v1/notice/category/${d.headingId}.json`)).resultCode).toBe(200);
    });

    it('when deleting a FAQ category with children or FAQs', async () => {
      const parent = service.create('faqCategory', { languages: { ko: '부모', en: 'Parent' } });
      const child = service.create('faqCategory', {
        parent: parent.categoryId,
        languages: { ko: '아이', en: 'Kid' },
      });
      await expectCode(call('DELETE', `v1/helpdoc/category/${parent.categoryId}.json`), 9007);
      const faq = service.create('faq', { ...sampleFor('faq', deps).create, categoryId: child.categoryId });
      await expectCode(call('DELETE', `v1/helpdoc/category/${child.categoryId}.json`), 9007, /FAQ/);
      service.delete('faq', faq.helpDocId as number);
      expect((await call('DELETE', `v1/helpdoc/category/${child.categoryId}.json`)).resultCode).toBe(200);
    });
  });

  describe('9005 related data does not exist', () => {
    it('for a missing heading, tag, FAQ category, parent or attachment', async () => {
      const notice = sampleFor('notice', deps).create;
      await expectCode(
        call('POST', 'v1/multilanguage/notice.json', { ...notice, categoryId: 999 }),
        9005,
        /categoryId/,
      );
      await expectCode(
        call('POST', 'v1/multilanguage/notice.json', { ...notice, tags: [{ tagId: 999 }] }),
        9005,
        /tag/,
      );
      // A FAQ category id is not a heading id, although they share a sequence.
      await expectCode(
        call('POST', 'v1/multilanguage/notice.json', { ...notice, categoryId: deps.categoryId }),
        9005,
      );
      await expectCode(
        call('POST', 'v1/helpdoc.json', { ...sampleFor('faq', deps).create, categoryId: deps.headingId }),
        9005,
      );
      await expectCode(
        call('POST', 'v1/helpdoc/category.json', { parent: 999, languages: { ko: '고아', en: 'Orphan' } }),
        9005,
        /parent/,
      );
      const withFile = { ...notice, attachments: [{ attachmentId: 'ab'.repeat(16) }] };
      await expectCode(call('POST', 'v1/multilanguage/notice.json', withFile), 9005, /attachment/);
    });

    it('for an upload from the other store', async () => {
      const help = service.upload('help', new Uint8Array([1]), 'a.txt', 'text/plain');
      const notice = {
        ...sampleFor('notice', deps).create,
        attachments: [{ attachmentId: help.attachmentId }],
      };
      await expectCode(call('POST', 'v1/multilanguage/notice.json', notice), 9005);
    });
  });

  describe('404 when the path id or code does not exist', () => {
    it('for every kind, and for attachments', async () => {
      await expectCode(call('GET', 'v1/multilanguage/notice/424242.json'), 404);
      await expectCode(
        call('PUT', 'v1/multilanguage/notice/template/424242.json', sampleFor('template', deps).create),
        404,
      );
      await expectCode(call('DELETE', 'v1/helpdoc/424242.json'), 404);
      await expectCode(call('GET', 'v1/notice/tag/no-such-code.json'), 404);
      await expectCode(call('POST', 'v1/notice/category/no-such-code.json', { name: 'x' }), 404);
      await expectCode(call('GET', 'v2/helpdoc/category/424242.json'), 404);
      await expectCode(call('GET', 'v1/multilanguage/notice/abc.json'), 404);
      await expectCode(call('DELETE', `v1/attachments/notice/${'0'.repeat(32)}.json`), 404);
      await expectCode(call('GET', `v2/attachments/help/${'0'.repeat(32)}`), 404);
    });
  });

  describe('400 for a bad request', () => {
    const notice = () => sampleFor('notice', deps).create;
    it('names the field that is missing, of a bad type, out of its enum, or not a 14-digit date', async () => {
      const { status: _, ...noStatus } = notice();
      await expectCode(call('POST', 'v1/multilanguage/notice.json', noStatus), 400, /^status is required$/);
      await expectCode(
        call('POST', 'v1/multilanguage/notice.json', { ...notice(), status: 'X' }),
        400,
        /^status:/,
      );
      await expectCode(
        call('POST', 'v1/multilanguage/notice.json', { ...notice(), startDt: '2024-01-01' }),
        400,
        /^startDt: .*14-digit/,
      );
      await expectCode(
        call('POST', 'v1/multilanguage/notice.json', { ...notice(), isTop: 'yes' }),
        400,
        /^isTop:/,
      );
      await expectCode(
        call('POST', 'v1/multilanguage/notice.json', { ...notice(), contents: { ko: { title: 't' } } }),
        400,
        /contents\.ko\.content is required/,
      );
      await expectCode(
        call('POST', 'v1/multilanguage/notice/template.json', {
          ...sampleFor('template', deps).create,
          status: 'D',
        }),
        400,
        /status/,
      );
    });

    it('rejects invalid JSON, a non-object body and an empty body', async () => {
      await expectCode(api.service('POST', 'v1/notice/tag.json', { body: '{"tag":' }), 400, /JSON/);
      await expectCode(api.service('POST', 'v1/notice/tag.json', { body: '[1]' }), 400);
      await expectCode(api.service('POST', 'v1/notice/tag.json'), 400);
    });

    it('checks heading and category names: length and punctuation', async () => {
      await expectCode(
        call('POST', 'v1/notice/category.json', { languages: { ko: 'x'.repeat(51), en: 'ok' } }),
        400,
        /50/,
      );
      await expectCode(
        call('POST', 'v1/notice/category.json', { languages: { ko: '점검!', en: 'ok' } }),
        400,
        /punctuation/,
      );
      await expectCode(call('POST', 'v1/helpdoc/category.json', { name: 'a.b' }), 400);
      expect(
        (await call('POST', 'v1/notice/category.json', { languages: { ko: '점검_중-1', en: 'Maint ok' } }))
          .resultCode,
      ).toBe(200);
    });

    it('requires a name or languages, a tag or languages, title and content or contents', async () => {
      await expectCode(
        call('POST', 'v1/notice/category.json', { categoryCode: 'x' }),
        400,
        /name or languages/,
      );
      await expectCode(call('POST', 'v1/notice/tag.json', { tagCode: 'x' }), 400, /tag or languages/);
      const { contents: _, ...faq } = sampleFor('faq', deps).create;
      await expectCode(call('POST', 'v1/helpdoc.json', faq), 400, /contents/);
    });

    it('rejects language keys the service does not have, and maps without the default language', async () => {
      await expectCode(
        call('POST', 'v1/notice/tag.json', { languages: { ko: '태그', fr: 'Étiquette' } }),
        400,
        /languages\.fr/,
      );
      await expectCode(
        call('POST', 'v1/notice/tag.json', { languages: { en: 'Only English' } }),
        400,
        /languages\.ko is required/,
      );
      await expectCode(
        call('POST', 'v1/multilanguage/notice.json', {
          ...notice(),
          contents: { ja: { title: 't', content: 'c' } },
        }),
        400,
      );
    });
  });
});
