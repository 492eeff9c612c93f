import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../src/remote/client.js';
import { ApiError, type TransportError } from '../../src/remote/errors.js';
import { parseQueryString, signRequest } from '../../src/remote/sign.js';
import { type JudgeContext, judge } from '../../src/remote/verdict.js';
import { attemptInit, wireRequest } from '../../src/remote/wire-request.js';
import { startRig } from '../support/connect.js';

/** The steps of the HTTP client with plain data: the wire form, one attempt's headers, the verdict, the pause. */
describe('client steps', () => {
  const credentials = { orgId: 'org', serviceId: 's 1', serviceKey: 'skey', orgKey: 'okey' };
  const base = new URL('https://oc.example/base/');

  it('builds the wire form once: API root by scope, query without empty values, JSON bytes, idempotence', () => {
    const wire = wireRequest(credentials, base, {
      scope: 'service',
      method: 'POST',
      path: 'faq.json',
      query: { b: 'x y', a: 1, gone: undefined, none: null, on: true },
      body: { title: '질문' },
    });
    expect(wire).toEqual({
      path: '/base/s%201/openapi/faq.json',
      queryString: 'b=x%20y&a=1&on=true',
      url: 'https://oc.example/base/s%201/openapi/faq.json?b=x%20y&a=1&on=true',
      bodyText: '{"title":"질문"}',
      fileMd5: undefined,
      key: 'skey',
      idempotent: false,
    });
    const org = wireRequest(credentials, base, { scope: 'organization', method: 'GET', path: 'v1/admin/x' });
    expect([org.url, org.key, org.idempotent]).toEqual([
      'https://oc.example/base/openapi/v1/admin/x',
      'okey',
      true,
    ]);
    const open = wireRequest(credentials, base, { scope: 'public', method: 'GET', path: 'v2/service.json' });
    expect([open.path, open.key]).toEqual(['/base/s%201/api/v2/service.json', undefined]);
    expect(
      wireRequest(credentials, base, { scope: 'service', method: 'POST', path: 'h', idempotent: true })
        .idempotent,
    ).toBe(true);
    expect(() =>
      wireRequest({ orgId: 'org' }, base, { scope: 'organization', method: 'GET', path: 'x' }),
    ).toThrow('this call needs the organization key (orgKey / OC_ORG_KEY), which is not configured');
    expect(() => wireRequest({ orgId: 'org' }, base, { scope: 'service', method: 'GET', path: 'x' })).toThrow(
      'this call needs serviceId and serviceKey, which are not configured',
    );
  });

  it('signs each attempt with its timestamp; JSON gets its Content-Type, a file goes as multipart', () => {
    const request = {
      scope: 'service',
      method: 'PUT',
      path: 'faq/1.json',
      query: { a: 'b' },
      body: { x: 1 },
    } as const;
    const wire = wireRequest(credentials, base, request);
    const { headers, body } = attemptInit(
      { ...credentials, oucode: 'agent' },
      request,
      wire,
      '1700000000000',
    );
    const signature = signRequest('skey', {
      orgId: 'org',
      path: wire.path,
      params: parseQueryString(wire.queryString),
      body: '{"x":1}',
      fileMd5: undefined,
      timestamp: '1700000000000',
    });
    expect(Object.entries(headers)).toEqual([
      ['Authorization', signature],
      ['X-TC-Timestamp', '1700000000000'],
      ['OUCODE', 'agent'],
      ['Content-Type', 'application/json; charset=UTF-8'],
    ]);
    expect(body).toBe('{"x":1}');

    const upload = {
      scope: 'service',
      method: 'POST',
      path: 'upload.json',
      file: { bytes: new Uint8Array([1, 2, 3]), fileName: 'a.pdf', contentType: 'application/pdf' },
    } as const;
    const sent = attemptInit(credentials, upload, wireRequest(credentials, base, upload), '1');
    expect(Object.keys(sent.headers)).toEqual(['Authorization', 'X-TC-Timestamp']);
    expect(sent.body).toBeInstanceOf(FormData);
    const open = { scope: 'public', method: 'GET', path: 'v2/service.json' } as const;
    expect(attemptInit(credentials, open, wireRequest(credentials, base, open), '1').headers).toEqual({});
  });

  const context = (overrides: Partial<JudgeContext> = {}): JudgeContext => ({
    request: { method: 'GET', path: '/p', attempts: 1 },
    idempotent: true,
    wantBytes: false,
    url: new URL('http://127.0.0.1:9/p'),
    timeoutMs: 1000,
    maxResponseBytes: 1024,
    now: () => Date.parse('Thu, 01 Jan 2026 00:00:00 GMT'),
    ...overrides,
  });
  const answer = (body: string, init: ResponseInit = {}) => ({
    response: new Response(body, init),
    text: body,
  });
  const envelope = (resultCode: number, resultMessage = '', result?: unknown) =>
    JSON.stringify({ header: { resultCode, resultMessage, isSuccessful: resultCode === 200 }, result });

  it('retries what never reached the server, and what is safe to repeat', () => {
    const refused = { error: new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }) };
    const dropped = { error: new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }) };
    const post = context({ idempotent: false });
    expect(judge(refused, post).kind).toBe('retry');
    const lost = judge(dropped, post);
    expect(lost.kind).toBe('fail');
    expect(((lost as { error: Error }).error as TransportError).reason).toBe('network');
    const timeout = judge({ error: new DOMException('late', 'TimeoutError') }, context());
    expect(timeout.kind).toBe('retry');
    expect((timeout as { error: Error }).error.message).toBe(
      'GET /p failed after 1 attempt(s): no response within 1000 ms',
    );
  });

  it('judges what came instead of the envelope', () => {
    const page = judge(answer('<html><title>Bad Gateway</title></html>', { status: 502 }), context());
    expect(page.kind).toBe('retry');
    expect((page as { error: Error }).error.message).toContain(
      'HTTP 502 answered with an HTML page ("Bad Gateway")',
    );
    expect(judge(answer('<html></html>', { status: 502 }), context({ idempotent: false })).kind).toBe('fail');
    const cut = judge(answer('{"header":', { status: 200 }), context());
    expect(cut.kind).toBe('retry');
    expect((cut as { error: Error }).error.message).toContain('JSON cut off after 10 bytes');
    const limited = judge(
      answer('', { status: 429, headers: { 'retry-after': '3' } }),
      context({ idempotent: false }),
    );
    expect(limited).toMatchObject({ kind: 'retry', delayMs: 3000 });
    const flood = judge({ response: new Response(null, { status: 200 }), tooLarge: true }, context());
    expect(flood.kind).toBe('fail');
    expect((flood as { error: Error }).error.message).toContain('the answer is larger than 1 KiB');
  });

  it('trusts the envelope over the status', () => {
    expect(judge(answer(envelope(200, '', { content: 1 })), context())).toEqual({
      kind: 'ok',
      result: { content: 1 },
    });
    expect(judge(answer(envelope(200)), context({ wantBytes: true })).kind).toBe('fail');
    const busy = judge(answer(envelope(500, 'busy'), { status: 200 }), context());
    expect(busy.kind).toBe('retry');
    expect((busy as { error: Error }).error).toBeInstanceOf(ApiError);
    expect(judge(answer(envelope(500, 'busy')), context({ idempotent: false })).kind).toBe('fail');
    expect(judge(answer(envelope(429, 'slow down')), context({ idempotent: false })).kind).toBe('retry');
    expect(judge(answer(envelope(404, 'no such faq')), context()).kind).toBe('fail');
    const expired = envelope(400, 'X-TC-Timestamp is expired');
    expect(
      judge(answer(expired, { headers: { date: 'Thu, 01 Jan 2026 00:01:40 GMT' } }), context()),
    ).toMatchObject({ kind: 'retry', skewMs: 100_000 });
    expect(judge(answer(expired), context()).kind).toBe('fail');
    const file = judge(
      {
        response: new Response('x', { headers: { 'content-type': 'image/png' } }),
        bytes: new Uint8Array([1]),
      },
      context({ wantBytes: true }),
    );
    expect(file).toEqual({
      kind: 'ok',
      result: null,
      file: { bytes: new Uint8Array([1]), contentType: 'image/png', contentDisposition: null },
    });
  });

  it('backs off exponentially with full jitter, Retry-After as a floor, a minute at most', () => {
    const settings = { retryBaseMs: 250, retryMaxMs: 8000 };
    expect(retryDelay(settings, 1, undefined, 0.5)).toBe(125);
    expect(retryDelay(settings, 3, undefined, 0.5)).toBe(500);
    expect(retryDelay(settings, 9, undefined, 0.999)).toBeCloseTo(7992);
    expect(retryDelay(settings, 1, 2000, 0.5)).toBe(2000);
    expect(retryDelay(settings, 1, 120_000, 0.5)).toBe(60_000);
  });

  it('measures the clock skew from the Date header and retries once, over real HTTP', async () => {
    await using rig = await startRig({}, { now: () => Date.now() - 3_600_000 });
    await expect(rig.api.tag.listAll()).resolves.toEqual([]);
    expect(Math.abs(rig.http.stats.clockSkewMs - 3_600_000)).toBeLessThan(5_000);
    expect(rig.events.map((e) => e.outcome)).toEqual(['retry', 'ok']);
    expect(Math.abs(rig.http.serverNow() - Date.now())).toBeLessThan(5_000);
  });
});
