import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { md5Hex } from '../../src/remote/sign.js';
import { manualClock } from './fixtures.js';
import { type SignedClient, signedClient } from './signed-request.js';

/** oc-api.md §2: every §2.4 rejection, in the recommended order, over real HTTP with real signatures. */

const clock = manualClock();
const TAGS = 'v1/notice/tags.json';

describe('signature check', () => {
  let emulator: Emulator;
  let api: SignedClient;
  beforeAll(async () => {
    emulator = await createEmulator({
      now: clock.now,
      services: [
        { serviceId: 'HelpCenter', serviceKey: 'service-key', languages: ['ko', 'en'] },
        { serviceId: 'Closed', serviceKey: 'closed-key', languages: ['ko'], openApi: false },
      ],
    });
    api = signedClient(emulator, { now: clock.now });
  });
  afterAll(() => emulator.close());

  const expectRejected = (
    call: { status: number; resultCode?: number; resultMessage?: string; envelope: unknown },
    code: number,
    message: string,
  ) => {
    expect(call.resultCode).toBe(code);
    expect(call.resultMessage).toBe(message);
    expect(call.status).toBe(code);
    expect(call.envelope).toMatchObject({ header: { isSuccessful: false }, result: null });
  };

  it('accepts a correctly signed call', async () => {
    const call = await api.service('GET', TAGS);
    expect(call.status).toBe(200);
    expect(call.envelope.header).toEqual({ resultCode: 200, resultMessage: '', isSuccessful: true });
  });

  it('rejects a missing or blank Authorization', async () => {
    expectRejected(await api.service('GET', TAGS, { authorization: null }), 400, 'Authorization is blank');
    expectRejected(await api.service('GET', TAGS, { authorization: '   ' }), 400, 'Authorization is blank');
  });

  it('rejects a timestamp that is not all digits, including seconds with a fraction and a sign', async () => {
    for (const timestamp of ['abc', '', '1718000000.5', '-1', '1718000000000ms']) {
      expectRejected(await api.service('GET', TAGS, { timestamp }), 400, 'X-TC-Timestamp is not numeric');
    }
  });

  it('accepts exactly ±300000 ms and rejects one ms beyond on either side', async () => {
    const now = clock.now();
    for (const offset of [300_000, -300_000, 0]) {
      expect((await api.service('GET', TAGS, { timestamp: String(now + offset) })).resultCode).toBe(200);
    }
    for (const offset of [300_001, -300_001]) {
      expectRejected(
        await api.service('GET', TAGS, { timestamp: String(now + offset) }),
        400,
        'X-TC-Timestamp is expired',
      );
    }
    // A seconds-based timestamp is digits but decades away.
    expectRejected(
      await api.service('GET', TAGS, { timestamp: String(Math.floor(now / 1000)) }),
      400,
      'X-TC-Timestamp is expired',
    );
  });

  it('checks in the recommended order: blank → numeric → expired → key → signature', async () => {
    expectRejected(
      await api.service('GET', TAGS, { authorization: null, timestamp: 'x' }),
      400,
      'Authorization is blank',
    );
    expectRejected(
      await api.send('GET', '/Nope/openapi/v1/notice/tags.json', 'k', { timestamp: 'x' }),
      400,
      'X-TC-Timestamp is not numeric',
    );
    expectRejected(
      await api.send('GET', '/Nope/openapi/v1/notice/tags.json', 'k', {
        timestamp: String(clock.now() - 400_000),
      }),
      400,
      'X-TC-Timestamp is expired',
    );
    expectRejected(
      await api.send('GET', '/Nope/openapi/v1/notice/tags.json', 'wrong'),
      403,
      'securityKey is null',
    );
  });

  it('answers 403 securityKey is null for an unknown service and for a service with Open API disabled', async () => {
    expectRejected(
      await api.send('GET', '/Unknown/openapi/v1/notice/tags.json', 'service-key'),
      403,
      'securityKey is null',
    );
    expectRejected(
      await api.send('GET', '/Closed/openapi/v1/notice/tags.json', 'closed-key'),
      403,
      'securityKey is null',
    );
  });

  it('rejects a wrong key, and a key of the wrong level', async () => {
    expectRejected(await api.service('GET', TAGS, { key: 'not-the-key' }), 400, 'Authorization is incorrect');
    expectRejected(
      await api.org('GET', 'v1/admin/service/list.json', { key: 'service-key' }),
      400,
      'Authorization is incorrect',
    );
    expectRejected(
      await api.service('GET', TAGS, { key: emulator.orgKey }),
      400,
      'Authorization is incorrect',
    );
    expect((await api.org('GET', 'v1/admin/service/list.json')).resultCode).toBe(200);
  });

  it('rejects a body changed after signing', async () => {
    const json = { tagCode: 'signed', languages: { ko: '서명', en: 'Signed' } };
    const call = await api.service('POST', 'v1/notice/tag.json', {
      json: { ...json, tagCode: 'tampered' },
      signed: { body: JSON.stringify(json) },
    });
    expectRejected(call, 400, 'Authorization is incorrect');
    expect(emulator.service().list('tag')).toEqual([]);
  });

  it('rejects a query parameter added, removed or changed after signing', async () => {
    const query = 'page=1&pageSize=5';
    const signedAs = (params: [string, string][]) => ({ query, signed: { params } });
    const path = 'v1/multilanguage/notice.json';
    expect((await api.service('GET', path, { query })).resultCode).toBe(200);
    for (const params of [
      [['page', '1']] as [string, string][], // one added on the wire
      [
        ['page', '1'],
        ['pageSize', '5'],
        ['language', 'ko'],
      ] as [string, string][], // one removed from the wire
      [
        ['page', '2'],
        ['pageSize', '5'],
      ] as [string, string][], // one changed
    ]) {
      expectRejected(await api.service('GET', path, signedAs(params)), 400, 'Authorization is incorrect');
    }
  });

  it('reads parameters in any wire order, decodes them, and signs only the first of a repeated name', async () => {
    const path = 'v1/multilanguage/notice.json';
    for (const query of [
      'pageSize=5&page=1',
      'page=1&pageSize=5',
      'keyword=%EC%84%9C%EB%B2%84+%EC%A0%90%EA%B2%80&page=1',
      'tag=31&tag=32&page=1',
    ]) {
      const call = await api.service('GET', path, { query });
      expect(call.resultMessage, query).toBe('');
    }
  });

  it('signs the path as sent, percent-encoded', async () => {
    emulator.service().create('tag', { tagCode: '점검', languages: { ko: '점검', en: 'Maint' } });
    const call = await api.service('GET', `v1/notice/tag/${encodeURIComponent('점검')}.json`);
    expect(call.result.content.tagCode).toBe('점검');
    const wrongPath = await api.service('GET', `v1/notice/tag/${encodeURIComponent('점검')}.json`, {
      signed: { path: `/HelpCenter/openapi/v1/notice/tag/점검.json` },
    });
    expectRejected(wrongPath, 400, 'Authorization is incorrect');
  });

  it('requires the multipart part `file` and signs uploads by its MD5', async () => {
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const upload = 'v1/attachments/help/upload.json';
    expectRejected(
      await api.service('POST', upload, { file: { bytes, fileName: 'a.bin', partName: 'attachment' } }),
      400,
      'Multipart request but file is null',
    );
    expectRejected(
      await api.service('POST', upload, {
        file: { bytes, fileName: 'a.bin' },
        signed: { fileMd5: md5Hex(new Uint8Array([9])) },
      }),
      400,
      'Authorization is incorrect',
    );
    // Query params on an upload are not signed (§2.6 #6).
    const ok = await api.service('POST', upload, { file: { bytes, fileName: 'a.bin' }, query: 'ignored=1' });
    expect(ok.resultCode).toBe(200);
  });

  it('answers a 404 envelope for a route it does not know, after the signature check', async () => {
    const unknown = await api.service('GET', 'v1/nothing/here.json');
    expect(unknown.status).toBe(404);
    expect(unknown.envelope).toEqual({
      header: { resultCode: 404, resultMessage: 'Not Data Found', isSuccessful: false },
      result: null,
    });
    expectRejected(
      await api.service('GET', 'v1/nothing/here.json', { key: 'bad' }),
      400,
      'Authorization is incorrect',
    );
    const outside = await api.send('GET', '/somewhere/else.json', 'k');
    expect(outside.resultCode).toBe(404);
  });
});

describe('IP allow-list', () => {
  it('answers 403 clientIp is not allowed to a caller not on the list', async () => {
    await using blocked = await createEmulator({ allowedIps: ['10.1.2.3'] });
    const call = await signedClient(blocked).service('GET', TAGS);
    expect(call.status).toBe(403);
    expect(call.resultMessage).toBe('clientIp is not allowed');

    await using allowed = await createEmulator({ allowedIps: ['127.0.0.1'] });
    expect((await signedClient(allowed).service('GET', TAGS)).resultCode).toBe(200);
  });

  it('checks the IP after the key lookup', async () => {
    await using blocked = await createEmulator({ allowedIps: ['10.1.2.3'] });
    const call = await signedClient(blocked).send('GET', '/Unknown/openapi/v1/notice/tags.json', 'x');
    expect(call.resultMessage).toBe('securityKey is null');
  });
});

interface Vector {
  name: string;
  key: string;
  orgId: string | null;
  method: string;
  uri: string;
  queryString: string;
  body: string | null;
  fileBase64: string | null;
  timestamp: string;
  authorization: string;
}

const AUTH_FAILURES = [
  'Authorization is blank',
  'X-TC-Timestamp is not numeric',
  'X-TC-Timestamp is expired',
  'Multipart request but file is null',
  'Authorization is incorrect',
  'securityKey is null',
  'clientIp is not allowed',
];

describe('the shared signing vectors, replayed on the wire', () => {
  const vectors = (
    JSON.parse(readFileSync(new URL('../fixtures/oc-api-vectors.json', import.meta.url), 'utf8')) as Vector[]
  ).filter((vector) => vector.orgId !== null);

  it.each(vectors.map((vector) => [vector.name, vector] as const))(
    '%s passes the signature check',
    async (_, vector) => {
      const isOrg = vector.uri.startsWith('/openapi/');
      const serviceId = isOrg ? 'DocsSync' : (vector.uri.split('/')[1] as string);
      await using emulator = await createEmulator({
        orgId: vector.orgId ?? '',
        orgKey: isOrg ? vector.key : 'unused-org-key',
        services: [{ serviceId, serviceKey: isOrg ? 'unused' : vector.key, languages: ['ko', 'en'] }],
        now: () => Number(vector.timestamp),
      });
      const headers: Record<string, string> = {
        Authorization: vector.authorization,
        'X-TC-Timestamp': vector.timestamp,
      };
      let body: RequestInit['body'];
      if (vector.fileBase64 !== null) {
        const form = new FormData();
        form.append('file', new Blob([Buffer.from(vector.fileBase64, 'base64')]), 'file.bin');
        body = form;
      } else if (vector.body !== null) {
        body = vector.body;
        headers['Content-Type'] = 'application/json; charset=UTF-8';
      }
      const url = `${emulator.url}${vector.uri}${vector.queryString ? `?${vector.queryString}` : ''}`;
      const response = await fetch(url, { method: vector.method, headers, body });
      const envelope = (await response.json()) as { header: { resultMessage: string } };
      expect(AUTH_FAILURES).not.toContain(envelope.header.resultMessage);
    },
  );
});
