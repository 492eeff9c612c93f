import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type TestRig } from '../support/connect.js';

/** Single-language services take flat fields; multilingual ones take maps and project one language (oc-api.md §5.0). */
describe('single-language service', () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig({
      services: [{ serviceId: 'Solo', serviceKey: 'solo-key', languages: ['ja'], timeZone: 'Asia/Tokyo' }],
    });
  });
  afterAll(() => rig.emulator.close());

  it('stores FAQ title/content/attachments flat and reports them in the service language', async () => {
    const category = await rig.api.faqCategory.create({ categoryCode: 'acct', name: 'アカウント' });
    expect(category.name).toBe('アカウント');
    const created = await rig.api.faq.create({
      status: 'O',
      categoryId: category.categoryId,
      isTop: false,
      isRecommend: false,
      title: 'パスワードの再設定',
      content: '<p>設定 &gt; アカウント</p>',
    });
    const detail = await rig.api.faq.get(created.helpDocId);
    expect(detail.title).toBe('パスワードの再設定');
    expect(detail.content).toBe('<p>設定 &gt; アカウント</p>');
    expect(detail.categories?.[0]).toMatchObject({ categoryId: category.categoryId, level: 1 });
  });

  it('takes a tag as `tag` and a heading as `name`', async () => {
    const tag = await rig.api.tag.create({ tagCode: 'maint', tag: 'メンテナンス' });
    expect(tag.tag).toBe('メンテナンス');
    const heading = await rig.api.heading.create({ categoryCode: 'info', name: 'お知らせ' });
    expect((await rig.api.heading.get('info')).name).toBe('お知らせ');
    expect(heading.level).toBe(1);
  });

  it('rejects a language the service does not have', async () => {
    const heading = await rig.api.heading.create({ categoryCode: 'x', name: 'その他' });
    await expect(
      rig.api.notice.create({
        status: 'O',
        categoryId: heading.categoryId,
        isTop: false,
        startDt: '20260101000000',
        endDt: '',
        contents: { ko: { title: '점검', content: '<p>.</p>' } },
      }),
    ).rejects.toMatchObject({ resultCode: 400 });
  });
});

describe('multilingual service', () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.emulator.close());

  it('keeps every language and projects the requested one', async () => {
    const heading = await rig.api.heading.create({
      categoryCode: 'maint',
      languages: { ko: '점검', en: 'Maintenance' },
    });
    const tag = await rig.api.tag.create({
      tagCode: 'db',
      languages: { ko: '데이터베이스', en: 'Database' },
    });
    const notice = await rig.api.notice.create({
      status: 'O',
      categoryId: heading.categoryId,
      isTop: true,
      startDt: '20260101000000',
      endDt: '',
      contents: {
        ko: { title: '정기 점검 안내', content: '<p>02:00~04:00</p>' },
        en: { title: 'Scheduled maintenance', content: '<p>02:00-04:00 KST</p>' },
      },
      tags: [{ tagId: tag.tagId }],
    });
    const ko = await rig.api.notice.get(notice.noticeId);
    expect(ko.title).toBe('정기 점검 안내');
    const en = await rig.api.notice.get(notice.noticeId, { language: 'en' });
    expect(en.title).toBe('Scheduled maintenance');
    expect(en.contents.ko?.title).toBe('정기 점검 안내');
    expect(en.tags?.[0]).toMatchObject({ tagId: tag.tagId, names: { ko: '데이터베이스', en: 'Database' } });
    expect(en.category).toMatchObject({
      categoryId: heading.categoryId,
      names: { ko: '점검', en: 'Maintenance' },
    });
    expect(en.term).toBe('open');
  });
});
