import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type TestRig } from '../support/connect.js';

describe('paging', () => {
  let rig: TestRig;
  let ids: number[];
  beforeAll(async () => {
    rig = await startRig();
    const heading = await rig.api.heading.create({
      categoryCode: 'maint',
      languages: { ko: '점검', en: 'Maintenance' },
    });
    ids = [];
    for (let i = 0; i < 25; i++) {
      const created = await rig.api.notice.create({
        status: 'O',
        categoryId: heading.categoryId,
        isTop: false,
        startDt: '20260101000000',
        endDt: '',
        contents: { ko: { title: `공지 ${i}`, content: `<p>${i}</p>` } },
      });
      ids.push(created.noticeId);
    }
  });
  afterAll(() => rig.emulator.close());

  it('reports total, pages and the requested page', async () => {
    const page = await rig.api.notice.listPage({ page: 3, pageSize: 10 });
    expect(page).toMatchObject({ total: 25, pages: 3, pageNum: 3, pageSize: 10 });
    expect(page.items).toHaveLength(5);
  });

  it('defaults to page 1 of 10 when the client sends no paging', async () => {
    const result = (await rig.http.request({
      scope: 'service',
      method: 'GET',
      path: 'v1/multilanguage/notice.json',
    })) as { contents: unknown[]; pageNum: number; pageSize: number; pages: number };
    expect(result).toMatchObject({ pageNum: 1, pageSize: 10, pages: 3 });
    expect(result.contents).toHaveLength(10);
  });

  it('returns an empty page past the end, treats page < 1 as 1 and clamps pageSize to 200', async () => {
    expect((await rig.api.notice.listPage({ page: 9, pageSize: 10 })).items).toHaveLength(0);
    expect((await rig.api.notice.listPage({ page: 0, pageSize: 10 })).pageNum).toBe(1);
    expect((await rig.api.notice.listPage({ pageSize: 5000 })).pageSize).toBe(200);
  });

  it('listAll walks every page once: no gaps, no duplicates', async () => {
    rig.emulator.clearRequests();
    const small = rig.client();
    const all = await small.api.notice.listAll({ pageSize: 7 });
    expect(all.map((n) => n.noticeId).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(rig.emulator.requests.filter((r) => r.path.endsWith('/notice.json'))).toHaveLength(4);
  });

  it('lists an empty kind as zero pages', async () => {
    const page = await rig.api.faq.listPage();
    expect(page).toMatchObject({ total: 0, pages: 0, items: [] });
    expect(await rig.api.faq.listAll()).toEqual([]);
  });
});
