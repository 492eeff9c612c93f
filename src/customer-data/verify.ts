import { type HeaderSource, readHeader } from './headers.js';
import { customerDataSignature, prosePathVariantSignature } from './signature.js';
import { signaturesMatch } from './timing-safe.js';

/**
 * Checks an inbound customer-data request the way Online Contact's sample receiver does (oc-api.md §2.5):
 * Authorization present, X-TC-Timestamp digits only and within ±5 minutes inclusive of our clock, then the
 * signature over the raw body + timestamp, compared exactly (case-sensitive) and in constant time.
 */

/** ±5 minutes, inclusive at both ends, like the Java sample's `minusMinutes(5).isAfterNow()` test. */
export const CUSTOMER_DATA_WINDOW_MS = 300_000;

export type CustomerDataVerificationReason =
  | 'missing-authorization'
  | 'missing-timestamp'
  | 'non-numeric-timestamp'
  | 'expired'
  | 'bad-signature';

export type CustomerDataVerification =
  | {
      ok: true;
      /** The X-TC-Timestamp, epoch ms. */
      timestamp: number;
      /** Which string to sign matched: the documented code (`body`), or the prose variant in tolerant mode. */
      variant: 'body' | 'path-and-body';
    }
  | { ok: false; reason: CustomerDataVerificationReason; message: string };

export interface VerifyCustomerDataRequestInput {
  headers: HeaderSource;
  /** The body exactly as received. Bytes are read as UTF-8, as the Java sample does. */
  rawBody: string | Uint8Array;
  /** The encryption key from Online Contact's API Settings, used as its UTF-8 bytes (not hex-decoded). */
  key: string;
  /** Our clock in epoch ms; default `Date.now()`. */
  now?: number;
  /**
   * Also accept the prose variant of the docs, path + raw body + timestamp (§2.5), for the request path given
   * here (as received, without the query). A match is reported as `variant: 'path-and-body'` so it can be logged.
   */
  tolerateProseVariant?: { path: string };
}

export function verifyCustomerDataRequest(input: VerifyCustomerDataRequestInput): CustomerDataVerification {
  if (input.key === '')
    throw new TypeError('verifyCustomerDataRequest: the key is empty; pass the encryption key.');
  const authorization = readHeader(input.headers, 'authorization');
  if (authorization === undefined || authorization.trim() === '')
    return fail('missing-authorization', 'Authorization header is missing or blank.');

  const stamp = readHeader(input.headers, 'x-tc-timestamp');
  if (stamp === undefined || stamp === '')
    return fail('missing-timestamp', 'X-TC-Timestamp header is missing.');
  if (!/^[0-9]+$/.test(stamp))
    return fail(
      'non-numeric-timestamp',
      `X-TC-Timestamp is not numeric: ${JSON.stringify(stamp.slice(0, 40))}; send epoch milliseconds, digits only.`,
    );

  const timestamp = Number(stamp);
  const now = input.now ?? Date.now();
  const skew = timestamp - now;
  if (!(Math.abs(skew) <= CUSTOMER_DATA_WINDOW_MS)) return fail('expired', expiredMessage(stamp, skew));

  const rawBody =
    typeof input.rawBody === 'string' ? input.rawBody : Buffer.from(input.rawBody).toString('utf8');
  const codeMatch = signaturesMatch(customerDataSignature(input.key, rawBody, stamp), authorization);
  // The prose variant is computed whenever tolerance is on, match or not, so timing shows nothing about which one hit.
  const proseMatch =
    input.tolerateProseVariant !== undefined &&
    signaturesMatch(
      prosePathVariantSignature(input.key, input.tolerateProseVariant.path, rawBody, stamp),
      authorization,
    );
  if (codeMatch) return { ok: true, timestamp, variant: 'body' };
  if (proseMatch) return { ok: true, timestamp, variant: 'path-and-body' };
  return fail(
    'bad-signature',
    'Authorization is incorrect: it is not Base64(HMAC-SHA256(key, raw body + X-TC-Timestamp)) for the configured key.',
  );
}

function fail(reason: CustomerDataVerificationReason, message: string): CustomerDataVerification {
  return { ok: false, reason, message };
}

function expiredMessage(stamp: string, skew: number): string {
  const seconds = Math.round(Math.abs(skew) / 1000);
  const side = skew < 0 ? 'behind' : 'ahead of';
  const base = `X-TC-Timestamp is expired: ${stamp} is ${seconds} s ${side} this server's clock; the window is ±300 s.`;
  // Seconds since the epoch are 10 digits today; milliseconds are 13. A seconds value is always "expired".
  return stamp.length <= 11 ? `${base} It looks like seconds; send milliseconds.` : base;
}
