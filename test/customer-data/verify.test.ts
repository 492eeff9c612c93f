import { describe, expect, it } from 'vitest';
import { customerDataSignature } from '../../src/customer-data/signature.js';
import { CUSTOMER_DATA_WINDOW_MS, verifyCustomerDataRequest } from '../../src/customer-data/verify.js';
import { inboundVectors } from './vectors.js';

const key = 'a1b2c3d4e5f60718293a4b5c';
const body = '{"callNum":"01012345678","nation":"korea"}';
const now = 1_718_000_017_000;

function signedHeaders(timestamp: string, rawBody = body) {
  return { authorization: customerDataSignature(key, rawBody, timestamp), 'x-tc-timestamp': timestamp };
}

describe('verifyCustomerDataRequest', () => {
  it('accepts a request signed over the raw body + timestamp', () => {
    expect(
      verifyCustomerDataRequest({ headers: signedHeaders(String(now)), rawBody: body, key, now }),
    ).toEqual({
      ok: true,
      timestamp: now,
      variant: 'body',
    });
  });

  it.each(inboundVectors)('accepts the shared vector $name', (vector) => {
    const headers = { Authorization: vector.authorization, 'X-TC-Timestamp': vector.timestamp };
    const result = verifyCustomerDataRequest({
      headers,
      rawBody: Buffer.from(vector.body, 'utf8'),
      key: vector.key,
      now: Number(vector.timestamp),
    });
    expect(result).toMatchObject({ ok: true, variant: 'body' });
  });

  it.each([
    ['absent', {}],
    ['blank', { authorization: '   ' }],
  ])('missing-authorization when the header is %s', (_, extra) => {
    const headers = { 'x-tc-timestamp': String(now), ...extra };
    expect(verifyCustomerDataRequest({ headers, rawBody: body, key, now })).toMatchObject({
      ok: false,
      reason: 'missing-authorization',
    });
  });

  it.each([
    ['absent', {}],
    ['empty', { 'x-tc-timestamp': '' }],
  ])('missing-timestamp when the header is %s', (_, extra) => {
    const headers = { authorization: signedHeaders(String(now)).authorization, ...extra };
    expect(verifyCustomerDataRequest({ headers, rawBody: body, key, now })).toMatchObject({
      ok: false,
      reason: 'missing-timestamp',
    });
  });

  it.each(['1718000017000.5', '-1718000017000', ' 1718000017000', '1.718e12', 'soon', '１７１８'])(
    'non-numeric-timestamp for %j (digits only)',
    (stamp) => {
      const result = verifyCustomerDataRequest({ headers: signedHeaders(stamp), rawBody: body, key, now });
      expect(result).toMatchObject({ ok: false, reason: 'non-numeric-timestamp' });
    },
  );

  it('accepts exactly ±300000 ms and rejects one millisecond more, as expired', () => {
    const at = (offset: number) => {
      const stamp = String(now + offset);
      return verifyCustomerDataRequest({ headers: signedHeaders(stamp), rawBody: body, key, now });
    };
    expect(CUSTOMER_DATA_WINDOW_MS).toBe(300_000);
    expect(at(300_000).ok).toBe(true);
    expect(at(-300_000).ok).toBe(true);
    expect(at(300_001)).toMatchObject({ ok: false, reason: 'expired' });
    expect(at(-300_001)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('explains a seconds-based timestamp, which is always expired', () => {
    const stamp = String(Math.floor(now / 1000));
    const result = verifyCustomerDataRequest({ headers: signedHeaders(stamp), rawBody: body, key, now });
    expect(result).toMatchObject({ ok: false, reason: 'expired' });
    expect(!result.ok && result.message).toMatch(/looks like seconds/);
  });

  it('checks expiry before the signature, so a stale but correct signature is still expired', () => {
    const stamp = String(now - 600_000);
    const result = verifyCustomerDataRequest({ headers: signedHeaders(stamp), rawBody: body, key, now });
    expect(result).toMatchObject({ ok: false, reason: 'expired' });
  });

  it.each([
    ['another key', customerDataSignature('another-key', body, String(now))],
    ['another body', customerDataSignature(key, `${body} `, String(now))],
    ['lower-cased Base64', customerDataSignature(key, body, String(now)).toLowerCase()],
    ['a shorter value', 'abc'],
    ['a longer value', `${customerDataSignature(key, body, String(now))}=`],
    ['the path variant, without tolerance', customerDataSignature(key, `/customer${body}`, String(now))],
  ])('bad-signature for %s, without echoing the key or the expected value', (_, authorization) => {
    const headers = { authorization, 'x-tc-timestamp': String(now) };
    const result = verifyCustomerDataRequest({ headers, rawBody: body, key, now });
    expect(result).toMatchObject({ ok: false, reason: 'bad-signature' });
    const message = result.ok ? '' : result.message;
    expect(message).not.toContain(key);
    expect(message).not.toContain(customerDataSignature(key, body, String(now)));
  });

  it('in tolerant mode also accepts path + body + timestamp, and says so', () => {
    const headers = {
      authorization: customerDataSignature(key, `/customer${body}`, String(now)),
      'x-tc-timestamp': String(now),
    };
    const tolerant = { path: '/customer' };
    expect(
      verifyCustomerDataRequest({ headers, rawBody: body, key, now, tolerateProseVariant: tolerant }),
    ).toMatchObject({ ok: true, variant: 'path-and-body' });
    expect(
      verifyCustomerDataRequest({
        headers: signedHeaders(String(now)),
        rawBody: body,
        key,
        now,
        tolerateProseVariant: tolerant,
      }),
    ).toMatchObject({ ok: true, variant: 'body' });
  });

  it('reads headers in any case, from Node header lists, plain objects and Fetch Headers', () => {
    const { authorization, 'x-tc-timestamp': stamp } = signedHeaders(String(now));
    const forms = [
      { AUTHORIZATION: authorization, 'X-Tc-Timestamp': stamp },
      { authorization: [authorization], 'x-tc-timestamp': [stamp, '0'] },
      new Headers({ Authorization: authorization, 'X-TC-Timestamp': stamp }),
    ];
    for (const headers of forms)
      expect(verifyCustomerDataRequest({ headers, rawBody: body, key, now })).toMatchObject({ ok: true });
  });

  it('refuses to run without a key', () => {
    expect(() => verifyCustomerDataRequest({ headers: {}, rawBody: body, key: '', now })).toThrow(TypeError);
  });
});
