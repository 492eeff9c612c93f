import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { signedClient } from './signed-request.js';

/** oc-api.md §5.0: single-language services take flat fields, multilingual ones the maps; projections pick one. */

describe('a single-language service', () => {
  it('takes a heading as `name`, a tag as `tag`, and a FAQ as flat title/content/attachments', async () => {
    await using emulator = await createEmulator({
      services: [{ serviceId: 'Solo', serviceKey: 'solo-key', languages: ['ja'] }],
    });
    const api = signedClient(emulator);
    const heading = await api.service('POST', 'v1/notice/category.json', {
      json: { categoryCode: 'maint', name: 'メンテナンス' },
    });
    expect(heading.result.content).toMatchObject({ name: 'メンテナンス', languages: { ja: 'メンテナンス' } });
    const tag = await api.service('POST', 'v1/notice/tag.json', {
      json: { tagCode: 'info', tag: 'お知らせ' },
    });
    expect(tag.result.content).toMatchObject({
      tag: 'お知らせ',
      tagCode: 'info',
      languages: { ja: 'お知らせ' },
    });
    const category = await api.service('POST', 'v1/helpdoc/category.json', { json: { name: 'アカウント' } });
    expect(category.result.content.name).toBe('アカウント');

    const file = await api.service('POST', 'v1/attachments/help/upload.json', {
      file: { bytes: new Uint8Array([7, 7, 7]), fileName: 'guide.pdf', contentType: 'application/pdf' },
    });
    const attachmentId = file.result.content.attachmentId;
    const faq = await api.service('POST', 'v1/helpdoc.json', {
      json: {
        status: 'O',
        categoryId: String(category.result.content.categoryId),
        isTop: false,
        isRecommend: false,
        title: 'パスワード',
        content: '<p>設定</p>',
        attachments: [{ attachmentId }],
      },
    });
    expect(faq.resultMessage).toBe('');
    expect(faq.result.content).toMatchObject({
      title: 'パスワード',
      content: '<p>設定</p>',
      attachmentYn: 'Y',
      attachments: [{ attachmentId, fileName: 'guide.pdf', contentType: 'application/pdf', size: 3 }],
      contents: { ja: { title: 'パスワード' } },
    });
    // Notices always use `contents`, with the one language.
    const notice = await api.service('POST', 'v1/multilanguage/notice.json', {
      json: {
        status: 'O',
        categoryId: heading.result.content.categoryId,
        isTop: false,
        startDt: '20240101000000',
        endDt: '',
        contents: { ja: { title: '告知', content: '<p>本文</p>' } },
      },
    });
    expect(notice.result.content.title).toBe('告知');
    const other = await api.service('POST', 'v1/notice/tag.json', { json: { languages: { ko: '태그' } } });
    expect(other.resultCode).toBe(400);
  });

  it('reports its languages on the organization service detail', async () => {
    await using emulator = await createEmulator({
      services: [{ serviceId: 'Solo', serviceKey: 'solo-key', languages: ['ja'], name: 'ソロ' }],
    });
    const detail = await signedClient(emulator).org('GET', 'v1/admin/service/Solo.json');
    expect(detail.result.content).toMatchObject({
      serviceId: 'Solo',
      name: 'ソロ',
      active: true,
      language: 'ja',
      timeZone: 'Asia/Tokyo',
      securityKey: 'solo-key',
      languages: [{ serviceId: 'Solo', code: 'ja', mainFlag: true, orderNo: 1 }],
    });
    expect((await signedClient(emulator).org('GET', 'v1/admin/service/Other.json')).resultCode).toBe(404);
  });
});

describe('a multilingual service', () => {
  it('keeps every language and projects the one asked for, else the default', async () => {
    await using emulator = await createEmulator({
      services: [{ serviceId: 'Multi', serviceKey: 'multi-key', languages: ['en', 'ko', 'ja'] }],
    });
    const service = emulator.service();
    const heading = service.create('heading', { languages: { en: 'Maintenance', ko: '점검' } });
    const tag = service.create('tag', { languages: { en: 'Notice', ko: '공지' } });
    const notice = service.create('notice', {
      status: 'O',
      categoryId: heading.categoryId,
      isTop: false,
      startDt: '20240101000000',
      endDt: '',
      contents: {
        ko: { title: '점검', content: '<p>ko</p>' },
        en: { title: 'Maintenance', content: '<p>en</p>' },
      },
      tags: [{ tagId: tag.tagId }],
    });
    const api = signedClient(emulator);
    const path = `v1/multilanguage/notice/${notice.noticeId}.json`;
    expect((await api.service('GET', path)).result.content).toMatchObject({
      title: 'Maintenance',
      content: '<p>en</p>',
    });
    expect((await api.service('GET', path, { query: { language: 'ko' } })).result.content).toMatchObject({
      title: '점검',
    });
    // A language without a translation falls back to the default one.
    expect((await api.service('GET', path, { query: { language: 'ja' } })).result.content.title).toBe(
      'Maintenance',
    );
    // Maps come back in the service's language order.
    expect(Object.keys((await api.service('GET', path)).result.content.contents)).toEqual(['en', 'ko']);

    const list = await api.service('GET', 'v1/multilanguage/notice.json', { query: { language: 'ko' } });
    expect(list.result.contents[0]).toMatchObject({
      language: 'ko',
      title: '점검',
      categoryName: '점검',
      tags: [{ tagId: tag.tagId, tag: '공지' }],
    });
    const tags = await api.service('GET', 'v1/notice/tags.json', { query: { language: 'ko' } });
    expect(tags.result.contents[0]).toMatchObject({ tag: '공지', languages: { en: 'Notice', ko: '공지' } });
  });
});
