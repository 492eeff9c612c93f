import pLimit from 'p-limit';
import type { HttpMethod } from '../resources/wire.js';
import { envelope } from '../resources/wire.js';
import { ApiError, describeNetworkFailure, TransportError } from './errors.js';
import { createTokenBucket } from './rate-limit.js';
import { encodeQueryString, md5Hex, parseQueryString, signRequest } from './sign.js';

/**
 * The signed HTTP client (oc-api.md §1–4, DESIGN §5): builds the wire request, signs exactly what it sends, trusts
 * the envelope rather than the HTTP status, and retries what is safe to retry. It knows nothing about resources;
 * `api.ts` builds the typed calls on top of it.
 */

export interface HttpClientOptions {
  baseUrl: string;
  orgId: string;
  serviceId?: string;
  serviceKey?: string;
  /** Organization key, for `/openapi/v1/admin/*` calls only. */
  orgKey?: string;
  /** Agent usercode the calls act as (unsigned `OUCODE` header). */
  oucode?: string;
  fetch?: typeof globalThis.fetch;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** A response body larger than this is not read (a broken or hostile server). Default 32 MiB. */
  maxResponseBytes?: number;
  /** Retries after the first attempt. Default 4. */
  retries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Token-bucket rate; 0 or Infinity for none. Default 10. */
  requestsPerSecond?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Wall clock in epoch ms, for `X-TC-Timestamp`. */
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onRequest?: (event: RequestEvent) => void;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiRequest {
  /** `public`: the unauthenticated help-center API below `/{serviceId}/api/` ([2023], oc-api.md §1.2): not signed. */
  scope: 'service' | 'organization' | 'public';
  method: HttpMethod;
  /** Path below the API root (`/{serviceId}/openapi/` or `/openapi/`), ids already filled in. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Serialized to JSON once; the same bytes are signed and sent. */
  body?: unknown;
  /** A multipart upload: one part named `file`, signed with the file's MD5. */
  file?: { bytes: Uint8Array; fileName: string; contentType: string };
  /**
   * Whether repeating the request after it may have reached the server is harmless. Defaults to true for GET, PUT
   * and DELETE, false for POST — a create is never blindly repeated (DESIGN §5).
   */
  idempotent?: boolean;
}

export interface DownloadedFile {
  bytes: Uint8Array;
  contentType: string;
  contentDisposition: string | null;
}

export interface RequestEvent {
  method: HttpMethod;
  path: string;
  attempt: number;
  status: number | null;
  resultCode: number | null;
  ms: number;
  outcome: 'ok' | 'retry' | 'failed';
  reason?: string;
  /** The server's `Date` header in epoch ms, and our clock when the answer came: the clock skew, measured. */
  serverDate?: number;
  localDate?: number;
}

export interface ClientStats {
  requests: number;
  retries: number;
  clockSkewMs: number;
}

export interface HttpClient {
  /** Sends a request and returns the envelope's `result` (null for no-result calls). */
  request(request: ApiRequest): Promise<unknown>;
  /** Sends a GET whose success answer is file bytes rather than an envelope. */
  download(request: ApiRequest): Promise<DownloadedFile>;
  /**
   * The server's clock now, as its latest `Date` header showed it (our clock until an answer came). Times the
   * server writes (`createdDt`) are compared with this, never with our own clock, which may be minutes off.
   */
  serverNow(): number;
  readonly stats: Readonly<ClientStats>;
}

const EXPIRED = 'X-TC-Timestamp is expired';
/** A server asking for a longer pause than this is better answered by failing and letting the user re-run. */
const MAX_RETRY_AFTER_MS = 60_000;
/** Far above any real page (100 documents with their bodies) or attachment, far below trouble. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

interface Attempt {
  response?: Response;
  text?: string;
  bytes?: Uint8Array;
  error?: unknown;
  /** The body was larger than `maxResponseBytes`: reading stopped there. */
  tooLarge?: boolean;
}

type Verdict =
  | { kind: 'ok'; result: unknown; file?: DownloadedFile }
  | { kind: 'retry'; error: Error; delayMs?: number; skewMs?: number }
  | { kind: 'fail'; error: Error };

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const retries = options.retries ?? 4;
  const retryBaseMs = options.retryBaseMs ?? 250;
  const retryMaxMs = options.retryMaxMs ?? 8_000;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limit = pLimit(options.concurrency ?? 4);
  const bucket = createTokenBucket(options.requestsPerSecond ?? 10);
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const stats: ClientStats = { requests: 0, retries: 0, clockSkewMs: 0 };
  /** Server clock − our clock, from the latest `Date` header (whole seconds: the midpoint of its second). */
  let serverOffsetMs = 0;

  function rootFor(request: ApiRequest): { prefix: string; key: string | undefined } {
    if (request.scope === 'organization') {
      if (!options.orgKey)
        throw new Error(
          'this call needs the organization key (orgKey / OC_ORG_KEY), which is not configured',
        );
      return { prefix: `${basePath}/openapi/`, key: options.orgKey };
    }
    if (request.scope === 'public' && options.serviceId) {
      return { prefix: `${basePath}/${encodeURIComponent(options.serviceId)}/api/`, key: undefined };
    }
    if (!options.serviceId || !options.serviceKey) {
      throw new Error('this call needs serviceId and serviceKey, which are not configured');
    }
    return {
      prefix: `${basePath}/${encodeURIComponent(options.serviceId)}/openapi/`,
      key: options.serviceKey,
    };
  }

  async function send(
    request: ApiRequest,
    wantBytes: boolean,
  ): Promise<{ result: unknown; file?: DownloadedFile }> {
    const { prefix, key } = rootFor(request);
    const path = prefix + request.path;
    const queryString = encodeQueryString(
      Object.entries(request.query ?? {})
        .filter(
          (entry): entry is [string, string | number | boolean] =>
            entry[1] !== undefined && entry[1] !== null,
        )
        .map(([name, value]) => [name, String(value)]),
    );
    const url = `${base.origin}${path}${queryString ? `?${queryString}` : ''}`;
    const bodyText = request.body === undefined ? undefined : JSON.stringify(request.body);
    const fileMd5 = request.file ? md5Hex(request.file.bytes) : undefined;
    const idempotent = request.idempotent ?? request.method !== 'POST';
    let skewRetried = false;

    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const outcome = await limit(async (): Promise<Attempt> => {
        await bucket.take();
        stats.requests++;
        const timestamp = String(Math.round(now() + stats.clockSkewMs));
        const headers: Record<string, string> =
          key === undefined
            ? {}
            : {
                Authorization: signRequest(key, {
                  orgId: options.orgId,
                  path,
                  params: parseQueryString(queryString),
                  body: bodyText,
                  fileMd5,
                  timestamp,
                }),
                'X-TC-Timestamp': timestamp,
              };
        if (options.oucode) headers.OUCODE = options.oucode;
        let body: string | FormData | undefined = bodyText;
        if (request.file) {
          const form = new FormData();
          form.append(
            'file',
            new Blob([request.file.bytes], { type: request.file.contentType }),
            request.file.fileName,
          );
          body = form;
        } else if (bodyText !== undefined) {
          headers['Content-Type'] = 'application/json; charset=UTF-8';
        }
        try {
          const response = await doFetch(url, {
            method: request.method,
            headers,
            body,
            signal: AbortSignal.timeout(timeoutMs),
          });
          const bytes = await readBounded(response, maxResponseBytes);
          if (!bytes) return { response, tooLarge: true };
          const isFile = wantBytes && response.ok && !isJson(response);
          if (isFile) return { response, bytes };
          return { response, text: new TextDecoder().decode(bytes) };
        } catch (error) {
          return { error };
        }
      });

      const description = { method: request.method, path, attempts: attempt };
      const verdict = judge(outcome, description, idempotent, wantBytes, new URL(url));
      const event: RequestEvent = {
        method: request.method,
        path,
        attempt,
        status: outcome.response?.status ?? null,
        resultCode:
          verdict.kind === 'fail' && verdict.error instanceof ApiError ? verdict.error.resultCode : null,
        ms: Math.round(performance.now() - started),
        outcome: verdict.kind === 'ok' ? 'ok' : verdict.kind === 'retry' ? 'retry' : 'failed',
        reason: verdict.kind === 'ok' ? undefined : verdict.error.message,
        serverDate: parseHttpDate(outcome.response?.headers.get('date')),
        localDate: now(),
      };
      if (event.serverDate !== undefined)
        serverOffsetMs = event.serverDate + 500 - (event.localDate as number);

      if (verdict.kind === 'retry' && verdict.skewMs !== undefined) {
        // The server rejected our clock: measure the skew from its Date header and try once more (DESIGN §5).
        if (skewRetried) {
          options.onRequest?.({ ...event, outcome: 'failed' });
          throw verdict.error;
        }
        skewRetried = true;
        stats.clockSkewMs = verdict.skewMs;
        options.onRequest?.(event);
        attempt--;
        continue;
      }
      if (verdict.kind === 'retry' && attempt <= retries) {
        stats.retries++;
        options.onRequest?.(event);
        const backoff = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1));
        // Full jitter keeps many clients from retrying in lockstep; Retry-After is a floor, not a suggestion.
        await sleep(Math.min(MAX_RETRY_AFTER_MS, Math.max(verdict.delayMs ?? 0, random() * backoff)));
        continue;
      }
      options.onRequest?.({ ...event, outcome: verdict.kind === 'ok' ? 'ok' : 'failed' });
      if (verdict.kind !== 'ok') throw verdict.error;
      return { result: verdict.result, file: verdict.file };
    }
  }

  function judge(
    outcome: Attempt,
    request: { method: string; path: string; attempts: number },
    idempotent: boolean,
    wantBytes: boolean,
    url: URL,
  ): Verdict {
    const { response } = outcome;
    if (!response) {
      const error = outcome.error;
      const timedOut =
        error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const code = networkCode(error);
      const transport = new TransportError(
        request,
        timedOut ? 'timeout' : 'network',
        timedOut ? `no response within ${timeoutMs} ms` : describeNetworkFailure(error, url),
      );
      // A refused connection never reached the server, so even a create may be tried again.
      const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
      return idempotent || neverSent
        ? { kind: 'retry', error: transport }
        : { kind: 'fail', error: transport };
    }

    if (outcome.tooLarge) {
      // Asking again would bring the same flood: stop, and say what happened.
      return {
        kind: 'fail',
        error: new TransportError(
          request,
          'bad-response',
          `HTTP ${response.status}: the answer is larger than ${formatBytes(maxResponseBytes)}, far more than any Online Contact answer; it was not read (a broken server, or a proxy in front of it?)`,
          response.status,
        ),
      };
    }

    if (outcome.bytes) {
      return {
        kind: 'ok',
        result: null,
        file: {
          bytes: outcome.bytes,
          contentType: response.headers.get('content-type') ?? 'application/octet-stream',
          contentDisposition: response.headers.get('content-disposition'),
        },
      };
    }

    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    let parsed: unknown;
    try {
      parsed = JSON.parse(outcome.text ?? '');
    } catch {
      parsed = undefined;
    }
    const env = envelope.safeParse(parsed);
    if (!env.success) {
      const { detail, cutShort } = describeNonEnvelope(response, outcome.text ?? '', parsed);
      const transport = new TransportError(request, 'bad-response', detail, response.status);
      if (response.status === 429) return { kind: 'retry', error: transport, delayMs: retryAfterMs };
      // A proxy's error page or an answer cut off on the way is worth another try; a steady wrong answer is not.
      if ((response.status >= 500 || cutShort) && idempotent)
        return { kind: 'retry', error: transport, delayMs: retryAfterMs };
      return { kind: 'fail', error: transport };
    }

    const header = env.data.header;
    const resultCode = Number(header.resultCode);
    if (header.isSuccessful && resultCode === 200) {
      if (wantBytes) {
        return {
          kind: 'fail',
          error: new TransportError(request, 'bad-response', 'expected file bytes, got JSON'),
        };
      }
      return { kind: 'ok', result: env.data.result ?? null };
    }

    const message = header.resultMessage ?? '';
    const error = new ApiError(request, resultCode, message, response.status);
    if (resultCode === 400 && message === EXPIRED) {
      const serverNow = Date.parse(response.headers.get('date') ?? '');
      if (Number.isFinite(serverNow)) return { kind: 'retry', error, skewMs: serverNow - now() };
      return { kind: 'fail', error };
    }
    if (resultCode === 429 || response.status === 429) return { kind: 'retry', error, delayMs: retryAfterMs };
    const serverError = resultCode >= 500 && resultCode < 600;
    if (serverError && idempotent) return { kind: 'retry', error, delayMs: retryAfterMs };
    return { kind: 'fail', error };
  }

  return {
    async request(request) {
      return (await send(request, false)).result;
    },
    async download(request) {
      const { file } = await send(request, true);
      if (!file) throw new Error(`${request.method} ${request.path}: no file in the response`);
      return file;
    },
    serverNow: () => now() + serverOffsetMs,
    stats,
  };
}

/**
 * Reads the body up to `limit` bytes; undefined when it is larger (the rest is not read, the connection is dropped).
 */
async function readBounded(response: Response, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return whole;
}

/** What came instead of the envelope, for a person: an HTML page, a cut-off answer, other JSON, plain text. */
function describeNonEnvelope(
  response: Response,
  text: string,
  parsed: unknown,
): { detail: string; cutShort: boolean } {
  const status = `HTTP ${response.status}`;
  const type = response.headers.get('content-type') ?? 'no Content-Type';
  const start = text.trimStart();
  if (/^<(!doctype|html|head|body|\?xml)/i.test(start) || /html/i.test(type)) {
    const title = /<title[^>]*>([^<]{0,80})/i.exec(text)?.[1]?.trim();
    return {
      detail: `${status} answered with an HTML page${title ? ` ("${title}")` : ''} instead of the Online Contact JSON envelope — check baseUrl; a proxy or login page may be in the way`,
      cutShort: false,
    };
  }
  if (parsed === undefined && (start.startsWith('{') || start.startsWith('['))) {
    return {
      detail: `${status} answered with JSON cut off after ${Buffer.byteLength(text)} bytes (the connection was interrupted, or the server failed while answering)`,
      cutShort: true,
    };
  }
  if (parsed === undefined) {
    return {
      detail: `${status} answered with ${start ? `text (${type})` : 'an empty body'}, not the Online Contact JSON envelope — check baseUrl`,
      cutShort: false,
    };
  }
  const header = (parsed as { header?: unknown } | null)?.header;
  return {
    detail:
      header === undefined
        ? `${status} answered with JSON but without the envelope's header (resultCode, isSuccessful) — not an Online Contact answer`
        : `${status} answered with a malformed envelope header (resultCode, resultMessage, isSuccessful have the wrong types)`,
    cutShort: false,
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${bytes} bytes`;
}

function parseHttpDate(value: string | null | undefined): number | undefined {
  const at = Date.parse(value ?? '');
  return Number.isFinite(at) ? at : undefined;
}

function isJson(response: Response): boolean {
  return /\bjson\b/i.test(response.headers.get('content-type') ?? '');
}

function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** `Retry-After` is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}
