import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, TransportError } from '../../src/remote/errors.js';
import { startRig, type TestRig } from '../support/connect.js';

/** The client against the emulator's fault injection (DESIGN §5–6): recover what is safe, fail clearly otherwise. */
describe('client under faults', () => {
  let rig: TestRig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(() => rig.emulator.close());

  const tagsPath = '/notice/tags.json';

  it('waits out a 429 for at least Retry-After, then succeeds', async () => {
    rig.emulator.addFault({ type: 'rate-limit', retryAfterSeconds: 1, path: tagsPath, times: 1 });
    const started = performance.now();
    const page = await rig.api.tag.listPage();
    expect(page.items).toEqual([]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    const statuses = rig.emulator.requests.filter((r) => r.path.endsWith(tagsPath)).map((r) => r.status);
    expect(statuses).toEqual([429, 200]);
  });

  it('retries a create after 429, because the service did not process it', async () => {
    rig.emulator.addFault({ type: 'rate-limit', retryAfterSeconds: 0, method: 'POST', times: 2 });
    const tag = await rig.api.tag.create({ tagCode: 'r', languages: { ko: '재시도' } });
    expect((await rig.api.tag.listAll()).map((t) => t.tagId)).toEqual([tag.tagId]);
  });

  it('rides out a 5xx storm on reads', async () => {
    rig.emulator.addFault({ type: 'status', status: 503, path: tagsPath, times: 3 });
    await expect(rig.api.tag.listAll()).resolves.toEqual([]);
    expect(rig.http.stats.retries).toBe(3);
  });

  it('gives up after the configured retries with a clear error', async () => {
    rig.emulator.addFault({ type: 'status', status: 500, path: tagsPath });
    const { api } = rig.client({ retries: 2 });
    const error = (await api.tag.listAll().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.resultCode).toBe(500);
    expect(error.attempts).toBe(3);
    expect(rig.emulator.requests.filter((r) => r.path.endsWith(tagsPath))).toHaveLength(3);
  });

  it('retries a read whose connection was dropped', async () => {
    rig.emulator.addFault({ type: 'drop', path: tagsPath, times: 2 });
    await expect(rig.api.tag.listAll()).resolves.toEqual([]);
  });

  it('never repeats a create whose connection was dropped: the caller must check first', async () => {
    rig.emulator.addFault({ type: 'drop', method: 'POST', times: 1 });
    const error = await rig.api.tag
      .create({ tagCode: 'd', languages: { ko: '끊김' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).reason).toBe('network');
    expect(rig.emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('does not repeat a create answered 500 after the write ("commit then fail")', async () => {
    rig.emulator.addFault({ type: 'commit-then-fail', method: 'POST', times: 1 });
    const error = (await rig.api.tag
      .create({ tagCode: 'c', languages: { ko: '커밋' } })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.resultCode).toBe(500);
    // The write happened: exactly one tag exists, which is what a caller finds when it checks the list.
    expect((await rig.api.tag.listAll()).map((t) => t.tagCode)).toEqual(['c']);
  });

  it('times out a slow response and retries reads, then fails with a timeout error', async () => {
    rig.emulator.addFault({ type: 'slow', delayMs: 400, path: tagsPath, times: 1 });
    const patient = rig.client({ timeoutMs: 150 });
    await expect(patient.api.tag.listAll()).resolves.toEqual([]);

    rig.emulator.addFault({ type: 'slow', delayMs: 400, path: tagsPath });
    const impatient = rig.client({ timeoutMs: 100, retries: 1 });
    const error = (await impatient.api.tag.listAll().catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/after 2 attempt/);
  });

  it('recovers from a clock 10 minutes off by measuring the skew from the Date header, once', async () => {
    const { api, http } = rig.client({ now: () => Date.now() + 10 * 60_000 });
    await expect(api.tag.listAll()).resolves.toEqual([]);
    expect(Math.abs(http.stats.clockSkewMs + 10 * 60_000)).toBeLessThan(2_000);
    const statuses = rig.emulator.requests.map((r) => r.resultCode);
    expect(statuses).toEqual([400, 200]);
    // Later calls use the measured skew straight away.
    await api.tag.listAll();
    expect(rig.emulator.requests.at(-1)?.resultCode).toBe(200);
  });

  it('limits requests in flight to the configured concurrency', async () => {
    const slowRig = rig.client({ concurrency: 2 });
    rig.emulator.addFault({ type: 'slow', delayMs: 60, path: tagsPath });
    let inFlight = 0;
    let peak = 0;
    const tracked = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        await slowRig.api.tag.listAll();
      } finally {
        inFlight--;
      }
    };
    await Promise.all(Array.from({ length: 6 }, tracked));
    // Six callers started at once, but the emulator saw at most two at a time.
    const log = rig.emulator.requests.filter((r) => r.path.endsWith(tagsPath));
    expect(log).toHaveLength(6);
    expect(maxOverlap(log)).toBeLessThanOrEqual(2);
    expect(peak).toBe(6);
  });
});

function maxOverlap(entries: readonly { at: number; ms: number }[]): number {
  const points = entries.flatMap((e) => [
    [e.at, 1],
    [e.at + e.ms, -1],
  ]);
  points.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0));
  let current = 0;
  let max = 0;
  for (const [, delta] of points) {
    current += delta ?? 0;
    max = Math.max(max, current);
  }
  return max;
}
