import type { Emulator } from '../../src/emulator/index.js';
import {
  encodeQueryString,
  md5Hex,
  parseQueryString,
  type SignatureParts,
  signRequest,
} from '../../src/remote/sign.js';

/**
 * A tiny signed-request helper for the emulator tests, built only on the pure signer and global fetch — on
 * purpose independent of the product's HTTP client, so these tests pin the server side on their own.
 */

// biome-ignore lint/suspicious/noExplicitAny: test responses are read field by field; the assertions are the checks
export type Loose = any;

export interface CallOptions {
  /** Query parameters in wire order (encoded with encodeURIComponent), or a raw encoded query string. */
  query?: Record<string, string | number | boolean> | string;
  /** Serialized once with JSON.stringify, signed and sent as those exact bytes. */
  json?: unknown;
  /** A raw body text, sent and signed verbatim. */
  body?: string;
  /** A multipart upload: one part (named `file` unless told otherwise) signed by its MD5. */
  file?: { bytes: Uint8Array; fileName: string; contentType?: string; partName?: string };
  /** The key to sign with (default: the service key, or the org key for org paths). */
  key?: string;
  /** The X-TC-Timestamp header (default: the emulator clock given to the helper, else Date.now()). */
  timestamp?: string;
  /** Replaces the Authorization header; null leaves it out. */
  authorization?: string | null;
  /** Changes what is signed without changing what is sent (tampering tests). */
  signed?: Partial<SignatureParts>;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  /** The parsed envelope (JSON responses). */
  envelope: Loose;
  resultCode: number | undefined;
  resultMessage: string | undefined;
  result: Loose;
  /** The raw bytes (file downloads). */
  bytes: Uint8Array;
}

export interface SignedClient {
  serviceId: string;
  /** A call under `/{serviceId}/openapi/`. */
  service(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** A call under `/openapi/` (organization key). */
  org(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** A call to an exact wire path. */
  send(method: string, wirePath: string, key: string, options?: CallOptions): Promise<CallResult>;
}

/** What the helper needs to know about an emulator; a spawned `oc-sync emulator` can be described the same way. */
export type EmulatorTarget = Pick<Emulator, 'url' | 'orgId' | 'orgKey' | 'services'>;

export function signedClient(
  emulator: EmulatorTarget,
  settings: { serviceId?: string; serviceKey?: string; now?: () => number } = {},
): SignedClient {
  const first = emulator.services[0];
  const serviceId = settings.serviceId ?? first?.serviceId ?? 'HelpCenter';
  const serviceKey =
    settings.serviceKey ?? emulator.services.find((s) => s.serviceId === serviceId)?.serviceKey ?? '';
  const now = settings.now ?? Date.now;

  async function send(method: string, wirePath: string, key: string, options: CallOptions = {}) {
    const rawQuery =
      typeof options.query === 'string'
        ? options.query
        : encodeQueryString(
            Object.entries(options.query ?? {}).map(([name, value]) => [name, String(value)]),
          );
    const timestamp = options.timestamp ?? String(now());
    const headers = new Headers(options.headers);
    let body: RequestInit['body'];
    let bodyText: string | undefined;
    let fileMd5: string | undefined;
    if (options.file) {
      const form = new FormData();
      const blob = new Blob([options.file.bytes], {
        type: options.file.contentType ?? 'application/octet-stream',
      });
      form.append(options.file.partName ?? 'file', blob, options.file.fileName);
      body = form;
      fileMd5 = md5Hex(options.file.bytes);
    } else if (options.json !== undefined || options.body !== undefined) {
      bodyText = options.body ?? JSON.stringify(options.json);
      body = bodyText;
      headers.set('Content-Type', 'application/json; charset=UTF-8');
    }
    const parts: SignatureParts = {
      orgId: emulator.orgId,
      path: wirePath,
      params: parseQueryString(rawQuery),
      body: bodyText,
      fileMd5,
      timestamp,
      ...options.signed,
    };
    const authorization =
      options.authorization === undefined ? signRequest(key, parts) : options.authorization;
    if (authorization !== null) headers.set('Authorization', authorization);
    headers.set('X-TC-Timestamp', timestamp);
    const url = `${emulator.url}${wirePath}${rawQuery ? `?${rawQuery}` : ''}`;
    const response = await fetch(url, { method, headers, body });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
    const envelope = isJson ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
    return {
      status: response.status,
      headers: response.headers,
      envelope,
      resultCode: envelope?.header?.resultCode,
      resultMessage: envelope?.header?.resultMessage,
      result: envelope?.result,
      bytes,
    };
  }

  return {
    serviceId,
    service: (method, path, options = {}) =>
      send(method, `/${serviceId}/openapi/${path}`, options.key ?? serviceKey, options),
    org: (method, path, options = {}) =>
      send(method, `/openapi/${path}`, options.key ?? emulator.orgKey, options),
    send,
  };
}
