import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { resourceList } from '../../src/resources/registry.js';
import type { Route } from '../../src/resources/wire.js';
import { type Dependencies, fill, sampleFor, seedDependencies } from './fixtures.js';
import { type SignedClient, signedClient } from './signed-request.js';

/** Every kind of the registry over HTTP: each documented route and each alias, create → read → list → update → delete. */

const variants = (route: Route) => [{ method: route.method, path: route.path }, ...(route.aliases ?? [])];

describe.each(resourceList.map((def) => [def.label, def] as const))('%s', (_, def) => {
  let emulator: Emulator;
  let api: SignedClient;
  let deps: Dependencies;
  beforeAll(async () => {
    emulator = await createEmulator();
    api = signedClient(emulator);
    deps = seedDependencies(emulator.service());
  });
  afterAll(() => emulator.close());

  it('creates, reads, lists, updates and deletes on every documented route and alias', async () => {
    const sample = sampleFor(def.kind, deps);
    const created = await api.service(def.routes.create.method, def.routes.create.path, {
      json: sample.create,
    });
    expect(created.resultMessage).toBe('');
    const id = created.result.content[def.idField] as number;
    expect(Number.isInteger(id)).toBe(true);

    for (const route of variants(def.routes.get)) {
      const detail = await api.service(route.method, fill(route.path, id));
      expect(detail.result.content[def.idField], route.path).toBe(id);
    }
    for (const route of variants(def.routes.list)) {
      const list = await api.service(route.method, route.path);
      expect(
        list.result.contents.map((item: Record<string, unknown>) => item[def.idField]),
        route.path,
      ).toContain(id);
    }

    for (const route of variants(def.routes.update)) {
      const updated = await api.service(route.method, fill(route.path, id), { json: sample.update });
      expect(updated.resultMessage, `${route.method} ${route.path}`).toBe('');
      expect(sample.changed(updated.result.content)).toEqual(sample.updatedValue);
      expect(
        sample.changed((await api.service('GET', fill(def.routes.get.path, id))).result.content),
      ).toEqual(sample.updatedValue);
    }

    const removed = await api.service(def.routes.delete.method, fill(def.routes.delete.path, id));
    expect(removed.envelope).toEqual({
      header: { resultCode: 200, resultMessage: '', isSuccessful: true },
      result: null,
    });
    const gone = await api.service('GET', fill(def.routes.get.path, id));
    expect(gone.resultCode).toBe(404);
    expect(gone.status).toBe(404);
  });
});

const coded = resourceList.filter((def) => def.codeField !== undefined);

describe.each(coded.map((def) => [def.label, def] as const))('%s by code', (_, def) => {
  it('addresses the record by its code as well as its id', async () => {
    await using emulator = await createEmulator();
    const api = signedClient(emulator);
    const deps = seedDependencies(emulator.service());
    const sample = sampleFor(def.kind, deps);
    const created = emulator.service().create(def.kind, sample.create);
    const code = created[def.codeField as string] as string;
    const byCode = await api.service('GET', fill(def.routes.get.path, code));
    expect(byCode.result.content[def.idField]).toBe(created[def.idField]);
    const updated = await api.service(def.routes.update.method, fill(def.routes.update.path, code), {
      json: sample.update,
    });
    expect(updated.resultMessage).toBe('');
    expect((await api.service('DELETE', fill(def.routes.delete.path, code))).resultCode).toBe(200);
  });
});

describe('id-or-code lookup', () => {
  it('tries an all-digit segment as an id first, then as a code', async () => {
    await using emulator = await createEmulator();
    const service = emulator.service();
    const first = service.create('tag', { tagCode: 'first', languages: { ko: '하나', en: 'One' } });
    const digits = service.create('tag', {
      tagCode: String(first.tagId),
      languages: { ko: '둘', en: 'Two' },
    });
    const numericCode = service.create('tag', { tagCode: '987654', languages: { ko: '셋', en: 'Three' } });
    const api = signedClient(emulator);
    expect((await api.service('GET', `v1/notice/tag/${first.tagId}.json`)).result.content.tagId).toBe(
      first.tagId,
    );
    expect((await api.service('GET', 'v1/notice/tag/987654.json')).result.content.tagId).toBe(
      numericCode.tagId,
    );
    expect(digits.tagCode).toBe(String(first.tagId));
  });
});

describe('notices: several details in one call', () => {
  it('returns the details of the ids that exist, in the order asked, unpaged', async () => {
    await using emulator = await createEmulator();
    const service = emulator.service();
    const deps = seedDependencies(service);
    const a = service.create('notice', sampleFor('notice', deps).create);
    const b = service.create('notice', sampleFor('notice', deps).create);
    const api = signedClient(emulator);
    const call = await api.service('GET', 'v1/multilanguage/notices.json', {
      query: { id: `${b.noticeId},999999,${a.noticeId}` },
    });
    expect(Object.keys(call.result)).toEqual(['contents']);
    expect(call.result.contents.map((n: { noticeId: number }) => n.noticeId)).toEqual([
      b.noticeId,
      a.noticeId,
    ]);
    expect(call.result.contents[0].contents.ko.content).toBe('<p>본문</p>');
    expect((await api.service('GET', 'v1/multilanguage/notices.json')).resultCode).toBe(400);
  });
});

describe('FAQ actions', () => {
  it('sets isRecommend and isTop from the query param or the body, and close sets status C', async () => {
    await using emulator = await createEmulator();
    const service = emulator.service();
    const faq = service.create('faq', sampleFor('faq', seedDependencies(service)).create);
    const id = faq.helpDocId as number;
    const api = signedClient(emulator);
    const read = () => service.get('faq', id) as Record<string, unknown>;

    const byQuery = await api.service('PUT', `v1/helpdoc/${id}/recommend.json`, {
      query: { recommend: false },
    });
    expect(byQuery.envelope.result).toBeNull();
    expect(read().isRecommend).toBe(false);
    await api.service('PUT', `v1/helpdoc/${id}/top.json`, { query: { top: true } });
    expect(read().isTop).toBe(true);
    await api.service('PUT', `v1/helpdoc/${id}/recommend.json`, { json: { recommend: true } });
    await api.service('PUT', `v1/helpdoc/${id}/top.json`, { json: { top: false } });
    expect(read()).toMatchObject({ isRecommend: true, isTop: false });

    const before = read().updatedDt as number;
    expect((await api.service('PUT', `v1/helpdoc/${id}/close.json`)).resultCode).toBe(200);
    expect(read().status).toBe('C');
    expect(read().updatedDt).toBeGreaterThan(before);

    expect((await api.service('PUT', `v1/helpdoc/${id}/top.json`)).resultCode).toBe(400);
    expect(
      (await api.service('PUT', `v1/helpdoc/${id}/top.json`, { query: { top: 'maybe' } })).resultCode,
    ).toBe(400);
    expect((await api.service('PUT', 'v1/helpdoc/424242/close.json')).resultCode).toBe(404);
  });
});

describe('several services', () => {
  it('keep their records apart but draw ids from the organization-wide sequences', async () => {
    await using emulator = await createEmulator({
      services: [
        { serviceId: 'One', serviceKey: 'k1', languages: ['ko'] },
        { serviceId: 'Two', serviceKey: 'k2', languages: ['en'] },
      ],
    });
    const one = emulator.service('One').create('tag', { tagCode: 'same', tag: '하나' });
    const two = emulator.service('Two').create('tag', { tagCode: 'same', tag: 'two' });
    expect(two.tagId).toBe((one.tagId as number) + 1);
    const api = signedClient(emulator, { serviceId: 'Two' });
    const list = await api.service('GET', 'v1/notice/tags.json');
    expect(list.result.contents.map((t: { tagId: number }) => t.tagId)).toEqual([two.tagId]);
    expect((await api.service('GET', `v1/notice/tag/${one.tagId}.json`)).resultCode).toBe(404);
    expect(() => emulator.service('Three')).toThrow(/no service Three/);
  });
});
