import type { Envelope } from './envelope.js';
import type { MalformedVariant } from './options.js';

/**
 * The answers of the `malformed` fault (options.ts): what a broken server, a proxy in front of it or a hostile one
 * could send instead of the real envelope. Built from the real answer, so a spoiled write answer follows a
 * committed write.
 */

export interface SpoiledAnswer {
  status: number;
  contentType: string;
  /** The whole body, or (for `huge`) how many bytes of it to stream. */
  body: Buffer | { streamBytes: number; head: string; tail: string };
}

export const DEFAULT_HUGE_BYTES = 50 * 1024 * 1024;
/** What `endless-pages` claims the list holds. */
export const ENDLESS_TOTAL = 1_000_000_000;

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';
const LOGIN_PAGE =
  '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login"><input name="user"></form></body></html>\n';

/** Whether the variant needs the first page of a list instead of the one asked for. */
export function wantsFirstPage(variant: MalformedVariant): boolean {
  return variant === 'endless-pages' || variant === 'repeat-page';
}

export function spoil(
  envelope: Envelope,
  variant: MalformedVariant,
  options: { bytes?: number; requestedPage?: number } = {},
): SpoiledAnswer {
  const json = (value: unknown, status = 200): SpoiledAnswer => ({
    status,
    contentType: 'application/json;charset=UTF-8',
    body: Buffer.from(JSON.stringify(value), 'utf8'),
  });
  switch (variant) {
    case 'html':
      return { status: 502, contentType: 'text/html', body: Buffer.from(HTML_PAGE) };
    case 'html-200':
      return { status: 200, contentType: 'text/html;charset=UTF-8', body: Buffer.from(LOGIN_PAGE) };
    case 'not-json':
      return { status: 200, contentType: 'text/plain', body: Buffer.from('OK\n') };
    case 'truncated': {
      const whole = Buffer.from(JSON.stringify(envelope), 'utf8');
      return {
        status: 200,
        contentType: 'application/json;charset=UTF-8',
        body: whole.subarray(0, Math.floor(whole.length / 2)),
      };
    }
    case 'no-envelope':
      return json(envelope.result);
    case 'no-header':
      return json({ result: envelope.result });
    case 'wrong-types':
      return json({ ...envelope, result: swapTypes(envelope.result) });
    case 'string-ids':
      return json({ ...envelope, result: stringIds(envelope.result) });
    case 'proto-keys':
      // JSON.stringify would drop a real `__proto__` key: spliced in as text, as a hostile server would send it.
      return {
        status: 200,
        contentType: 'application/json;charset=UTF-8',
        body: Buffer.from(
          JSON.stringify(envelope)
            .replace(/\{(?=")/g, '{"__proto__":{"isSuccessful":true,"polluted":"yes","resultCode":200},')
            .replace(/^\{/, '{"constructor":{"prototype":{"polluted":"yes"}},'),
          'utf8',
        ),
      };
    case 'huge': {
      const head = `${JSON.stringify(envelope).replace(/\}$/, '')},"padding":"`;
      return {
        status: 200,
        contentType: 'application/json;charset=UTF-8',
        body: { streamBytes: options.bytes ?? DEFAULT_HUGE_BYTES, head, tail: '"}' },
      };
    }
    case 'endless-pages': {
      const result = envelope.result as Record<string, unknown> | null;
      if (!result || !Array.isArray(result.contents)) return json(envelope);
      const pageSize = Math.max(1, Number(result.pageSize) || result.contents.length || 1);
      return json({
        ...envelope,
        result: {
          ...result,
          total: ENDLESS_TOTAL,
          pages: Math.ceil(ENDLESS_TOTAL / pageSize),
          pageNum: options.requestedPage ?? result.pageNum,
        },
      });
    }
    case 'repeat-page': {
      // The handler was asked for the first page already: the answer claims to be the page requested.
      const result = envelope.result as Record<string, unknown> | null;
      if (!result || !Array.isArray(result.contents)) return json(envelope);
      return json({ ...envelope, result: { ...result, pageNum: options.requestedPage ?? result.pageNum } });
    }
  }
}

function swapTypes(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.map(swapTypes);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swapTypes(v)]));
  return value;
}

function stringIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringIds);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        /Id$/.test(k) && typeof v === 'number' ? String(v) : stringIds(v),
      ]),
    );
  return value;
}
