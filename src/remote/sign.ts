import { createHash, createHmac } from 'node:crypto';

/**
 * The Online Contact request signature (oc-api.md §2). Pure: the same function signs requests in the client and
 * checks them in the emulator, so both read the request the way the server does — from its wire form.
 */

/** One query parameter as decoded from the wire, in wire order. */
export type QueryParam = readonly [name: string, value: string];

export interface SignatureParts {
  orgId: string;
  /** The request path exactly as sent: starts with `/`, percent-encoded, no query string. */
  path: string;
  /** Decoded query parameters in wire order (ignored when `fileMd5` is set). */
  params?: readonly QueryParam[];
  /** The raw body text, or undefined when there is none (ignored when `fileMd5` is set). */
  body?: string;
  /** Lowercase hex MD5 of the multipart part `file`; set only for uploads. */
  fileMd5?: string;
  /** The `X-TC-Timestamp` header value, verbatim. */
  timestamp: string;
}

/**
 * Parses a raw query string the way a Java servlet does: `+` is a space, percent escapes are UTF-8, a name without
 * `=` has an empty value, and empty segments are skipped.
 */
export function parseQueryString(raw: string): QueryParam[] {
  const params: QueryParam[] = [];
  for (const segment of raw.replace(/^\?/, '').split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const name = eq === -1 ? segment : segment.slice(0, eq);
    const value = eq === -1 ? '' : segment.slice(eq + 1);
    params.push([decodeQueryComponent(name), decodeQueryComponent(value)]);
  }
  return params;
}

function decodeQueryComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed escape: keep the text as it came rather than failing the whole request parse.
    return spaced;
  }
}

/** Encodes parameters for the wire with `encodeURIComponent`; parameters whose value is undefined are left out. */
export function encodeQueryString(params: readonly QueryParam[]): string {
  return params.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

/** Java `Character.isWhitespace` — unlike JavaScript's `\s`, it does not count U+00A0, U+2007, U+202F or U+FEFF. */
function isJavaWhitespace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x20) ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a && code !== 0x2007) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** A body that the server treats as absent (oc-api.md §2.3 rule 8 and §2.6 #5). */
export function isBlankBody(body: string | undefined): boolean {
  if (body === undefined) return true;
  for (let i = 0; i < body.length; i++) if (!isJavaWhitespace(body.charCodeAt(i))) return false;
  return true;
}

/** Sorts names like Java `String.compareTo` (UTF-16 code units) — the default `Array.prototype.sort` order. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function stringToSign(parts: SignatureParts): string {
  let text = parts.orgId + parts.path;
  if (parts.fileMd5 !== undefined) return text + parts.fileMd5 + parts.timestamp;

  const firstValues = new Map<string, string>();
  for (const [name, value] of parts.params ?? []) {
    if (!firstValues.has(name)) firstValues.set(name, value);
  }
  const names = [...firstValues.keys()].sort(compareNames);
  text += names.map((name) => firstValues.get(name)).join('&');
  if (!isBlankBody(parts.body)) {
    if (names.length > 0) text += '&';
    text += parts.body;
  }
  return text + parts.timestamp;
}

/** Base64(HMAC-SHA256(key as UTF-8, message as UTF-8)). */
export function hmacBase64(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('base64');
}

export function signRequest(key: string, parts: SignatureParts): string {
  return hmacBase64(key, stringToSign(parts));
}

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** The inbound customer-data request (OC → customer server) signs the raw body followed by the timestamp (§2.5). */
export function customerDataStringToSign(rawBody: string, timestamp: string): string {
  return rawBody + timestamp;
}
