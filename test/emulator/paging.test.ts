import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { type Dependencies, sampleFor, seedDependencies } from './fixtures.js';
import { type SignedClient, signedClient } from './signed-request.js';

/** oc-api.md §4.1 and §7 item 6: PageHelper paging, defaults, clamping, and a complete, stable order. */

const NOTICES = 'v1/multilanguage/notice.json';

describe('paged lists', () => {
  let emulator: Emulator;
  let api: SignedClient;
  let deps: Dependencies;
  const ids: number[] = [];
  beforeAll(async () => {
    emulator = await createEmulator();
    api = signedClient(emulator);
    const service = emulator.service();
    deps = seedDependencies(service);
    for (let i = 0; i < 25; i++) {
      const body = { ...sampleFor('notice', deps).create, isTop: i % 7 === 0, status: i % 2 ? 'O' : 'D' };
      ids.push(service.create('notice', body).noticeId as number);
    }
  });
  afterAll(() => emulator.close());

  const page = async (query: Record<string, string | number | boolean>) =>
    (await api.service('GET', NOTICES, { query })).result;

  it('defaults to page 1 of 10 and reports total, pages, pageNum and pageSize', async () => {
    const result = await page({});
    expect(result).toMatchObject({ total: 25, pages: 3, pageNum: 1, pageSize: 10 });
    expect(result.contents).toHaveLength(10);
    expect(Object.keys(result).sort()).toEqual(['contents', 'pageNum', 'pageSize', 'pages', 'total']);
  });

  it('returns the remainder on the last page and nothing past the end', async () => {
    expect((await page({ page: 3 })).contents).toHaveLength(5);
    const past = await page({ page: 4 });
    expect(past).toMatchObject({ contents: [], total: 25, pages: 3, pageNum: 4 });
  });

  it('treats page < 1 as 1 and clamps pageSize to 200', async () => {
    expect(await page({ page: 0 })).toMatchObject({ pageNum: 1 });
    expect(await page({ page: -3 })).toMatchObject({ pageNum: 1 });
    expect(await page({ pageSize: 500 })).toMatchObject({ pageSize: 200, pages: 1 });
    expect(await page({ pageSize: 7 })).toMatchObject({ pageSize: 7, pages: 4 });
  });

  it('lists everything exactly once across pages, pinned first, then newest first', async () => {
    const seen: number[] = [];
    for (let p = 1; p <= 4; p++)
      seen.push(
        ...(await page({ page: p, pageSize: 7 })).contents.map((n: { noticeId: number }) => n.noticeId),
      );
    expect([...seen].sort()).toEqual([...ids].sort());
    const pinned = ids.filter((_, i) => i % 7 === 0).reverse();
    const rest = ids.filter((_, i) => i % 7 !== 0).reverse();
    expect(seen).toEqual([...pinned, ...rest]);
  });

  it('filters by status, top, heading, tag and keyword before paging', async () => {
    expect((await page({ status: 'O' })).total).toBe(12);
    expect((await page({ top: true })).total).toBe(4);
    expect((await page({ categoryId: deps.headingId })).total).toBe(25);
    expect((await page({ categoryId: 1 })).total).toBe(0);
    expect((await page({ tag: `${deps.tagId},99999` })).total).toBe(25);
    expect((await page({ keyword: 'maintenance', searchField: 'title' })).total).toBe(25);
    expect((await page({ keyword: 'nowhere' })).total).toBe(0);
    expect((await api.service('GET', NOTICES, { query: { status: 'X' } })).resultCode).toBe(400);
  });

  it('answers an empty list with total 0 and pages 0', async () => {
    const result = (await api.service('GET', 'v1/multilanguage/notice/template.json')).result;
    expect(result).toEqual({ contents: [], total: 0, pages: 0, pageNum: 1, pageSize: 10 });
  });

  it('pages FAQs the same way', async () => {
    const service = emulator.service();
    for (let i = 0; i < 12; i++) service.create('faq', sampleFor('faq', deps).create);
    const result = (await api.service('GET', 'v1/helpdoc.json', { query: { page: 2 } })).result;
    expect(result).toMatchObject({ total: 12, pages: 2, pageNum: 2, pageSize: 10 });
    expect(result.contents).toHaveLength(2);
  });
});

describe('unpaged lists', () => {
  it('carry contents only', async () => {
    await using emulator = await createEmulator();
    seedDependencies(emulator.service());
    const api = signedClient(emulator);
    for (const path of ['v1/notice/tags.json', 'v2/notice/categories.json', 'v2/helpdoc/categories.json']) {
      const result = (await api.service('GET', path, { query: { page: 1, pageSize: 1 } })).result;
      expect(Object.keys(result), path).toEqual(['contents']);
      expect(result.contents, path).toHaveLength(1);
    }
  });
});

describe('the organization service list', () => {
  it('pages with a default page size of 100', async () => {
    await using emulator = await createEmulator({
      services: Array.from({ length: 3 }, (_, i) => ({
        serviceId: `S${i}`,
        serviceKey: `k${i}`,
        languages: ['ko'],
      })),
    });
    const api = signedClient(emulator);
    const all = (await api.org('GET', 'v1/admin/service/list.json')).result;
    expect(all).toMatchObject({ total: 3, pages: 1, pageNum: 1, pageSize: 100 });
    const second = (await api.org('GET', 'v1/admin/service/list.json', { query: { page: 2, pageSize: 2 } }))
      .result;
    expect(second).toMatchObject({ total: 3, pages: 2, pageNum: 2, pageSize: 2 });
    expect(second.contents.map((s: { serviceId: string }) => s.serviceId)).toEqual(['S2']);
  });
});
