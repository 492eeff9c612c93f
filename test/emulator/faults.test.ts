import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { signedClient } from './signed-request.js';

/** Fault injection (DESIGN §6): which faults write and which do not, on every endpoint, reproducibly. */

const TAG = 'v1/notice/tag.json';
const tagBody = (code: string) => ({ json: { tagCode: code, languages: { ko: code } } });
const tagCount = (emulator: Emulator) => emulator.service().list('tag').length;

describe('fault rules', () => {
  it('status: answers the error envelope with that HTTP status and writes nothing', async () => {
    await using emulator = await createEmulator({
      faults: [{ type: 'status', status: 503, method: 'POST', times: 1 }],
    });
    const api = signedClient(emulator);
    const failed = await api.service('POST', TAG, tagBody('a'));
    expect(failed.status).toBe(503);
    expect(failed.envelope.header).toMatchObject({ resultCode: 503, isSuccessful: false });
    expect(tagCount(emulator)).toBe(0);
    expect((await api.service('POST', TAG, tagBody('a'))).resultCode).toBe(200);
    expect(emulator.requests.map((r) => [r.status, r.fault])).toEqual([
      [503, 'status'],
      [200, undefined],
    ]);
  });

  it('rate-limit: answers 429 with Retry-After and a 429 envelope, and writes nothing', async () => {
    await using emulator = await createEmulator();
    emulator.addFault({ type: 'rate-limit', retryAfterSeconds: 7, path: '/notice/tag', times: 1 });
    const limited = await signedClient(emulator).service('POST', TAG, tagBody('b'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.resultCode).toBe(429);
    expect(tagCount(emulator)).toBe(0);
  });

  it('drop: closes the connection without an answer, and writes nothing', async () => {
    await using emulator = await createEmulator({ faults: [{ type: 'drop', path: /tag\.json$/, times: 1 }] });
    await expect(signedClient(emulator).service('POST', TAG, tagBody('c'))).rejects.toThrow();
    expect(tagCount(emulator)).toBe(0);
    expect(emulator.requests[0]).toMatchObject({ status: 0, resultCode: null, fault: 'drop' });
  });

  it('slow: answers normally after the delay, and the write happens', async () => {
    await using emulator = await createEmulator({ faults: [{ type: 'slow', delayMs: 150 }] });
    const started = performance.now();
    const answer = await signedClient(emulator).service('POST', TAG, tagBody('d'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(answer.resultCode).toBe(200);
    expect(tagCount(emulator)).toBe(1);
  });

  it('commit-then-fail: writes, then answers 500', async () => {
    await using emulator = await createEmulator({
      faults: [{ type: 'commit-then-fail', method: 'POST', times: 1 }],
    });
    const answer = await signedClient(emulator).service('POST', TAG, tagBody('e'));
    expect(answer.status).toBe(500);
    expect(answer.resultCode).toBe(500);
    expect(emulator.service().get('tag', 'e')).toBeDefined();
  });

  it('applies to uploads too', async () => {
    await using emulator = await createEmulator({
      faults: [{ type: 'status', status: 502, path: 'upload' }],
    });
    const upload = await signedClient(emulator).service('POST', 'v1/attachments/help/upload.json', {
      file: { bytes: new Uint8Array([1]), fileName: 'a.txt' },
    });
    expect(upload.status).toBe(502);
  });

  it('matches by method and path, runs out after `times`, and can be cleared', async () => {
    await using emulator = await createEmulator();
    const api = signedClient(emulator);
    emulator.addFault({ type: 'status', status: 500, method: 'GET', path: 'tags.json', times: 2 });
    expect((await api.service('POST', TAG, tagBody('f'))).resultCode).toBe(200);
    expect((await api.service('GET', 'v1/notice/tags.json')).resultCode).toBe(500);
    expect((await api.service('GET', 'v1/notice/tags.json')).resultCode).toBe(500);
    expect((await api.service('GET', 'v1/notice/tags.json')).resultCode).toBe(200);
    emulator.addFault({ type: 'status', status: 404 });
    expect((await api.service('GET', 'v1/notice/tags.json')).resultCode).toBe(404);
    emulator.clearFaults();
    expect((await api.service('GET', 'v1/notice/tags.json')).resultCode).toBe(200);
  });

  it('replays the same random faults for the same seed', async () => {
    const run = async (seed: number) => {
      await using emulator = await createEmulator({
        seed,
        failRate: 0.3,
        faults: [{ type: 'status', status: 503, rate: 0.2 }],
      });
      const api = signedClient(emulator);
      for (let i = 0; i < 30; i++) await api.service('GET', 'v1/notice/tags.json');
      return emulator.requests.map((r) => r.resultCode);
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run(7)).not.toEqual(first);
  });
});

describe('latency, request log and HTTP status mode', () => {
  it('adds latency to every response and logs each request, in memory and as JSON lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oc-emulator-log-'));
    try {
      const logFile = join(dir, 'requests.jsonl');
      await using emulator = await createEmulator({ latencyMs: 60, logFile });
      const api = signedClient(emulator);
      const started = performance.now();
      await api.service('GET', 'v1/notice/tags.json', { query: { tag: '점검' } });
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
      await api.service('GET', 'v1/notice/tags.json', { key: 'wrong' });
      expect(emulator.requests).toMatchObject([
        {
          method: 'GET',
          path: '/HelpCenter/openapi/v1/notice/tags.json',
          query: 'tag=%EC%A0%90%EA%B2%80',
          status: 200,
          resultCode: 200,
        },
        { status: 400, resultCode: 400 },
      ]);
      expect(emulator.requests[0]?.ms).toBeGreaterThanOrEqual(55);
      const lines = readFileSync(logFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toEqual(emulator.requests);
      const held = emulator.requests;
      emulator.clearRequests();
      expect(held).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers HTTP 200 for 9005/9007 in mirror mode, and HTTP 200 for everything in always-200 mode', async () => {
    await using mirror = await createEmulator();
    const notFound = await signedClient(mirror).service('GET', 'v1/notice/tag/nope.json');
    expect(notFound.status).toBe(404);
    mirror.service().create('tag', { tagCode: 'x', languages: { ko: 'x' } });
    const duplicate = await signedClient(mirror).service('POST', TAG, tagBody('x'));
    expect([duplicate.status, duplicate.resultCode]).toEqual([200, 9007]);

    await using always = await createEmulator({ httpStatus: 'always-200' });
    const api = signedClient(always);
    const missing = await api.service('GET', 'v1/notice/tag/nope.json');
    expect([missing.status, missing.resultCode]).toEqual([200, 404]);
    const bad = await api.service('GET', 'v1/notice/tags.json', { authorization: null });
    expect([bad.status, bad.resultCode]).toEqual([200, 400]);
  });

  it('sends the server clock in the Date header', async () => {
    const fixed = Date.UTC(2030, 0, 2, 3, 4, 5);
    await using emulator = await createEmulator({ now: () => fixed });
    const answer = await signedClient(emulator, { now: () => fixed }).service('GET', 'v1/notice/tags.json');
    expect(answer.headers.get('date')).toBe(new Date(fixed).toUTCString());
  });
});
