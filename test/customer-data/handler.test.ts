import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { callCustomerData } from '../../src/customer-data/call.js';
import { type CustomerDataOutcome, createCustomerDataHandler } from '../../src/customer-data/handler.js';
import { listen } from './server.js';
import { inboundVectors } from './vectors.js';

const key = 'bf7769e5321448de88838cdb';
const customers: Record<string, Record<string, string>> = {
  '01012345678': { userName: '홍길동', grade: 'VIP' },
};

async function startLookupServer(lookup?: Parameters<typeof createCustomerDataHandler>[0]['lookup']) {
  const outcomes: CustomerDataOutcome[] = [];
  const server = await listen(
    createCustomerDataHandler({
      key,
      lookup: lookup ?? ((fields) => customers[fields.callNum ?? ''] ?? null),
      onOutcome: (outcome) => outcomes.push(outcome),
    }),
  );
  return Object.assign(server, { outcomes });
}

describe('createCustomerDataHandler', () => {
  it('answers a signed lookup with 200 {data} as UTF-8 JSON', async () => {
    await using server = await startLookupServer();
    const reply = await callCustomerData({
      url: `${server.url}/customer`,
      key,
      body: { callNum: '01012345678' },
    });
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('application/json; charset=UTF-8');
    expect(reply.body).toEqual({ data: { userName: '홍길동', grade: 'VIP' } });
    expect(server.outcomes).toEqual([{ kind: 'answered', status: 200, variant: 'body' }]);
  });

  it('answers 400 "no result" when the lookup finds nobody', async () => {
    await using server = await startLookupServer();
    const reply = await callCustomerData({ url: server.url, key, body: { callNum: '000' } });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: { code: 'no-result', message: 'no customer matches the lookup fields.', detail: null },
    });
  });

  it.each([
    ['not JSON', '{"callNum":', 'the body is not valid JSON.'],
    ['a JSON array', '["01012345678"]', 'the body must be a JSON object of lookup fields.'],
    ['a number field', '{"callNum":1012345678}', 'lookup field "callNum" must be a string.'],
  ])('answers 400 when the signed body is %s', async (_, body, message) => {
    await using server = await startLookupServer();
    const reply = await callCustomerData({ url: server.url, key, body });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: { code: 'bad-request', message, detail: null } });
  });

  it('answers 403 with the reason when the timestamp is outside the window', async () => {
    await using server = await startLookupServer();
    const stale = () => Date.now() - 301_000;
    const reply = await callCustomerData({
      url: server.url,
      key,
      body: { callNum: '01012345678' },
      now: stale,
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({
      error: { code: 'expired', message: expect.stringMatching(/expired/) },
    });
  });

  it('answers 403 bad-signature for another key, never echoing the key', async () => {
    await using server = await startLookupServer();
    const reply = await callCustomerData({
      url: server.url,
      key: 'not-the-key',
      body: { callNum: '01012345678' },
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ error: { code: 'bad-signature' } });
    expect(reply.bodyText).not.toContain(key);
    expect(server.outcomes).toMatchObject([{ kind: 'rejected', status: 403, reason: 'bad-signature' }]);
  });

  it('answers 403 missing-authorization to an unsigned request', async () => {
    await using server = await startLookupServer();
    const response = await fetch(server.url, { method: 'POST', body: '{"callNum":"01012345678"}' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'missing-authorization' } });
  });

  it('answers 500 when the lookup throws, keeping the error out of the reply', async () => {
    await using server = await startLookupServer(() => {
      throw new Error('database password is hunter2');
    });
    const reply = await callCustomerData({ url: server.url, key, body: { callNum: '01012345678' } });
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({
      error: { code: 'lookup-failed', message: 'the customer lookup failed.', detail: null },
    });
    expect(reply.bodyText).not.toContain('hunter2');
    expect(server.outcomes).toMatchObject([{ kind: 'lookup-failed', status: 500, error: expect.any(Error) }]);
  });

  it('answers 500 when the lookup returns a non-string value', async () => {
    await using server = await startLookupServer(
      async () => ({ cash: 0 }) as unknown as Record<string, string>,
    );
    const reply = await callCustomerData({ url: server.url, key, body: { callNum: '01012345678' } });
    expect(reply.status).toBe(500);
  });

  it('answers 413 to a body over the limit, and 405 to anything but POST', async () => {
    await using server = await startLookupServer();
    const big = await callCustomerData({ url: server.url, key, body: { callNum: 'x'.repeat(70 * 1024) } });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ error: { code: 'body-too-large' } });
    const get = await fetch(server.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('answers 413 when a body without Content-Length streams past the limit', async () => {
    await using server = await startLookupServer();
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(server.url, { method: 'POST' }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      // Chunked, so only counting the bytes can catch it.
      for (let i = 0; i < 80; i++) req.write('x'.repeat(1024));
      req.end();
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'body-too-large' } });
  });

  it.each(inboundVectors)('verifies the shared vector $name over HTTP', async (vector) => {
    const seen: Record<string, string>[] = [];
    await using server = await listen(
      createCustomerDataHandler({
        key: vector.key,
        now: () => Number(vector.timestamp),
        lookup: (fields) => {
          seen.push(fields);
          return { found: 'yes' };
        },
      }),
    );
    const response = await fetch(`${server.url}${vector.uri}`, {
      method: 'POST',
      headers: { Authorization: vector.authorization, 'X-TC-Timestamp': vector.timestamp },
      body: vector.body,
    });
    expect(response.status).toBe(200);
    expect(seen).toEqual([JSON.parse(vector.body)]);
  });
});
