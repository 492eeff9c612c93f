import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { manualClock, sampleFor, seedDependencies } from './fixtures.js';
import { signedClient } from './signed-request.js';

/** Server-owned fields (oc-api.md §5, §7 items 5 and 7): ids, dates, term, flags, expansions, level and path. */

describe('ids and dates', () => {
  it('shares one sequence between notices and templates, one between headings and FAQ categories', async () => {
    await using emulator = await createEmulator();
    const service = emulator.service();
    const heading = service.create('heading', { languages: { ko: '가', en: 'A' } });
    const category = service.create('faqCategory', { languages: { ko: '나', en: 'B' } });
    expect(category.categoryId).toBe((heading.categoryId as number) + 1);
    const tag = service.create('tag', { languages: { ko: '다', en: 'C' } });
    const deps = {
      headingId: heading.categoryId as number,
      tagId: tag.tagId as number,
      categoryId: category.categoryId as number,
    };
    const notice = service.create('notice', sampleFor('notice', deps).create);
    const template = service.create('template', sampleFor('template', deps).create);
    expect(template.noticeId).toBe((notice.noticeId as number) + 1);
    const faq = service.create('faq', sampleFor('faq', deps).create);
    // Sequences start apart, so an id of one kind never names a record of another by accident.
    expect(new Set([heading.categoryId, tag.tagId, notice.noticeId, faq.helpDocId]).size).toBe(4);
    // A deleted id is not handed out again.
    service.delete('template', template.noticeId as number);
    expect(service.create('template', sampleFor('template', deps).create).noticeId).toBe(
      (template.noticeId as number) + 1,
    );
  });

  it('sets createdDt and updatedDt from the server clock and moves updatedDt on every write', async () => {
    const clock = manualClock();
    await using emulator = await createEmulator({ now: clock.now });
    const service = emulator.service();
    const deps = seedDependencies(service);
    const created = service.create('notice', sampleFor('notice', deps).create);
    expect(created.createdDt).toBe(clock.now());
    expect(created.updatedDt).toBe(clock.now());
    // Same millisecond: still a new updatedDt.
    const again = service.update('notice', created.noticeId as number, sampleFor('notice', deps).create);
    expect(again.updatedDt).toBeGreaterThan(created.updatedDt as number);
    clock.advance(60_000);
    const later = service.update('notice', created.noticeId as number, sampleFor('notice', deps).create);
    expect(later.updatedDt).toBe(clock.now());
    expect(later.createdDt).toBe(created.createdDt);
  });
});

describe('notice term', () => {
  it('is reservation before startDt, open within the period, close after endDt — in the service time zone', async () => {
    // 2024-06-10 09:00 in Seoul is 00:00 UTC.
    const clock = manualClock(Date.UTC(2024, 5, 10, 0, 0, 0));
    await using emulator = await createEmulator({ now: clock.now });
    const service = emulator.service();
    const deps = seedDependencies(service);
    const notice = (startDt: string, endDt: string) =>
      service.create('notice', { ...sampleFor('notice', deps).create, startDt, endDt });
    expect(notice('20240610090001', '').term).toBe('reservation');
    expect(notice('20240610090000', '').term).toBe('open');
    expect(notice('20240601000000', '20240610090000').term).toBe('open');
    expect(notice('20240601000000', '20240610085959').term).toBe('close');

    const open = notice('20240610090000', '20240610100000');
    clock.advance(3_600_001);
    expect(service.get('notice', open.noticeId as number)?.term).toBe('close');
    const api = signedClient(emulator, { now: clock.now });
    const closed = await api.service('GET', 'v1/multilanguage/notice.json', {
      query: { term: 'close', pageSize: 50 },
    });
    expect(closed.result.contents.map((n: { noticeId: number }) => n.noticeId)).toContain(open.noticeId);
  });

  it('reads the dates in another zone when the service says so', async () => {
    const clock = manualClock(Date.UTC(2024, 0, 15, 12, 0, 0)); // 07:00 in New York
    await using emulator = await createEmulator({
      now: clock.now,
      services: [{ serviceId: 'Us', serviceKey: 'k', languages: ['en'], timeZone: 'America/New_York' }],
    });
    const service = emulator.service();
    const heading = service.create('heading', { name: 'News' });
    const body = (startDt: string) => ({
      status: 'O',
      categoryId: heading.categoryId,
      isTop: false,
      startDt,
      endDt: '',
      contents: { en: { title: 't', content: 'c' } },
    });
    expect(service.create('notice', body('20240115070000')).term).toBe('open');
    expect(service.create('notice', body('20240115070001')).term).toBe('reservation');
  });
});

describe('expansions and shapes', () => {
  it('expands the notice heading and tags, and lists notices without their content', async () => {
    await using emulator = await createEmulator();
    const service = emulator.service();
    const deps = seedDependencies(service);
    const notice = service.create('notice', {
      ...sampleFor('notice', deps).create,
      displayDt: '20240102030405',
    });
    expect(notice).toMatchObject({
      serviceId: 'HelpCenter',
      readCnt: 0,
      attachmentYn: 'N',
      displayDt: '20240102030405',
      userId: expect.any(Number),
      category: { categoryId: deps.headingId, names: { ko: expect.any(String), en: expect.any(String) } },
      tags: [{ tagId: deps.tagId, names: { ko: expect.any(String), en: expect.any(String) } }],
    });
    const api = signedClient(emulator);
    const item = (await api.service('GET', 'v1/multilanguage/notice.json')).result.contents[0];
    expect(item).toMatchObject({
      userName: expect.any(String),
      categoryName: expect.any(String),
      language: 'ko',
    });
    expect(item.tags[0]).toEqual({ tagId: deps.tagId, tag: expect.any(String) });
    expect(item).not.toHaveProperty('content');
    expect(item).not.toHaveProperty('contents');
  });

  it('replaces the whole notice on update: maps and arrays left out are cleared', async () => {
    await using emulator = await createEmulator();
    const service = emulator.service();
    const deps = seedDependencies(service);
    const notice = service.create('notice', sampleFor('notice', deps).create);
    const updated = service.update('notice', notice.noticeId as number, sampleFor('notice', deps).update);
    expect(updated.tags).toEqual([]);
    expect(Object.keys(updated.contents as object)).toEqual(['ko']);
    expect(updated.displayDt).toBe('');
  });

  it('gives a template its subject and memo, heading and tag names, and list items tag names', async () => {
    await using emulator = await createEmulator();
    const service = emulator.service();
    const deps = seedDependencies(service);
    const template = service.create('template', sampleFor('template', deps).create);
    expect(template).toMatchObject({
      subject: 'Weekly',
      memo: 'memo',
      title: '템플릿',
      category: { categoryId: deps.headingId },
    });
    const api = signedClient(emulator);
    const item = (await api.service('GET', 'v1/multilanguage/notice/template.json')).result.contents[0];
    expect(item.tags[0]).toMatchObject({
      tagId: deps.tagId,
      tag: expect.any(String),
      names: expect.any(Object),
    });
    expect(item).toMatchObject({
      userName: expect.any(String),
      categoryName: expect.any(String),
      readCnt: 0,
    });
  });

  it('shows a tag with its text, code and languages but no updatedDt', async () => {
    await using emulator = await createEmulator();
    const tag = emulator
      .service()
      .create('tag', { tagCode: 'maint', languages: { ko: '점검', en: 'Maintenance' } });
    expect(Object.keys(tag).sort()).toEqual([
      'createdDt',
      'languages',
      'serviceId',
      'tag',
      'tagCode',
      'tagId',
    ]);
    expect(tag).toMatchObject({ tag: '점검', tagCode: 'maint' });
    // The code is set on create only.
    const updated = emulator
      .service()
      .update('tag', 'maint', { tagCode: 'other', languages: { ko: '점검2', en: 'M2' } });
    expect(updated.tagCode).toBe('maint');
    expect(
      emulator.service().create('tag', { languages: { ko: '코드 없음', en: 'No code' } }).tagCode,
    ).toBeNull();
  });

  it('derives heading parent, level and path, and FAQ category level and path from the tree', async () => {
    await using emulator = await createEmulator();
    const service = emulator.service();
    expect(service.create('heading', { languages: { ko: '말', en: 'H' }, parent: 5 })).toMatchObject({
      parent: 0,
      level: 1,
      path: '\\',
    });
    const l1 = service.create('faqCategory', { categoryCode: 'l1', languages: { ko: '일', en: 'One' } });
    const l2 = service.create('faqCategory', { parent: l1.categoryId, languages: { ko: '이', en: 'Two' } });
    const l3 = service.create('faqCategory', { parent: l2.categoryId, languages: { ko: '삼', en: 'Three' } });
    expect(l1).toMatchObject({ parent: 0, level: 1, path: '\\' });
    expect(l2).toMatchObject({ parent: l1.categoryId, level: 2, path: `\\${l1.categoryId}\\` });
    expect(l3).toMatchObject({ level: 3, path: `\\${l1.categoryId}\\${l2.categoryId}\\` });
    // Moving a subtree moves the derived fields with it.
    service.update('faqCategory', l2.categoryId as number, { parent: 0, languages: { ko: '이', en: 'Two' } });
    expect(service.get('faqCategory', l3.categoryId as number)).toMatchObject({
      level: 2,
      path: `\\${l2.categoryId}\\`,
    });

    const api = signedClient(emulator);
    const children = await api.service('GET', 'v2/helpdoc/categories.json', {
      query: { parent: l2.categoryId as number },
    });
    expect(children.result.contents.map((c: { categoryId: number }) => c.categoryId)).toEqual([
      l3.categoryId,
    ]);
    const ancestors = await api.service('GET', 'v1/helpdoc/categories.json', {
      query: { child: l3.categoryId as number },
    });
    expect(ancestors.result.contents.map((c: { categoryId: number }) => c.categoryId)).toEqual([
      l2.categoryId,
    ]);
  });

  it('gives a FAQ detail its categories, username and a top-level attachments copy; the list item userName', async () => {
    await using emulator = await createEmulator();
    const service = emulator.service();
    const root = service.create('faqCategory', { languages: { ko: '계정', en: 'Account' } });
    const leaf = service.create('faqCategory', {
      parent: root.categoryId,
      languages: { ko: '비밀번호', en: 'Password' },
    });
    const file = service.upload('help', new Uint8Array([1, 2, 3]), 'a.png', 'image/png');
    const faq = service.create('faq', {
      status: 'O',
      categoryId: leaf.categoryId,
      isTop: true,
      isRecommend: false,
      contents: {
        ko: { title: '재설정', content: '<p>ko</p>', attachments: [{ attachmentId: file.attachmentId }] },
        en: { title: 'Reset', content: '<p>en</p>' },
      },
    });
    expect(faq).toMatchObject({
      language: null,
      username: expect.any(String),
      attachmentYn: 'Y',
      categories: [{ categoryId: leaf.categoryId, parent: root.categoryId, name: '비밀번호', level: 2 }],
      attachments: [
        { attachmentId: file.attachmentId, fileName: 'a.png', contentType: 'image/png', size: 3 },
      ],
    });
    expect(faq).not.toHaveProperty('userName');
    const api = signedClient(emulator);
    const item = (
      await api.service('GET', 'v1/helpdoc.json', { query: { category: leaf.categoryId as number } })
    ).result.contents[0];
    expect(item).toMatchObject({
      helpDocId: faq.helpDocId,
      categoryId: leaf.categoryId,
      categoryName: '비밀번호',
      userName: expect.any(String),
    });
    expect(item).not.toHaveProperty('content');
  });
});
