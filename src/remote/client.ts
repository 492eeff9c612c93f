import pLimit from 'p-limit';
import type { HttpMethod } from '../resources/wire.js';
import { ApiError } from './errors.js';
import { type ProxyEnv, type ProxyRoute, type ProxyShown, proxiedFetch, proxyFor } from './proxy.js';
import { createTokenBucket } from './rate-limit.js';
import { type Attempt, judge, type Verdict } from './verdict.js';
import { attemptInit, type WireRequest, wireRequest } from './wire-request.js';

export { parseRetryAfter } from './verdict.js';

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
  /**
   * Where `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` are read (`proxy.ts`); default `process.env`, `{}` for none.
   * Not read when `fetch` is given: that fetch decides.
   */
  proxyEnv?: ProxyEnv;
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
  /** The proxy requests go through (`host:port` and the variable that set it), when one applies to the base URL. */
  readonly proxy?: ProxyShown;
}

/** A server asking for a longer pause than this is better answered by failing and letting the user re-run. */
const MAX_RETRY_AFTER_MS = 60_000;
/** Far above any real page (100 documents with their bodies) or attachment, far below trouble. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** The options with their defaults, and the limiter and token bucket every request of the client shares. */
interface ClientSettings {
  options: HttpClientOptions;
  doFetch: typeof globalThis.fetch;
  proxy?: ProxyRoute;
  timeoutMs: number;
  maxResponseBytes: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  now: () => number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  limit: ReturnType<typeof pLimit>;
  bucket: ReturnType<typeof createTokenBucket>;
  base: URL;
}

/** What the client learns while it runs. */
interface ClientState {
  stats: ClientStats;
  /** Server clock − our clock, from the latest `Date` header (whole seconds: the midpoint of its second). */
  serverOffsetMs: number;
}

interface Client {
  settings: ClientSettings;
  state: ClientState;
}

/** clientSettings, then per request: wireRequest → (sendAttempt → judge → requestEvent → retry or settle)… */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const client: Client = {
    settings: clientSettings(options),
    state: { stats: { requests: 0, retries: 0, clockSkewMs: 0 }, serverOffsetMs: 0 },
  };
  return {
    async request(request) {
      return (await send(client, request, false)).result;
    },
    async download(request) {
      const { file } = await send(client, request, true);
      if (!file) throw new Error(`${request.method} ${request.path}: no file in the response`);
      return file;
    },
    serverNow: () => client.settings.now() + client.state.serverOffsetMs,
    stats: client.state.stats,
    proxy: proxyOf(client.settings.proxy),
  };
}

function clientSettings(options: HttpClientOptions): ClientSettings {
  const base = new URL(options.baseUrl);
  const proxy = options.fetch ? undefined : proxyFor(base, options.proxyEnv ?? process.env);
  return {
    options,
    doFetch: options.fetch ?? (proxy ? proxiedFetch(proxy) : globalThis.fetch),
    proxy,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    retries: options.retries ?? 4,
    retryBaseMs: options.retryBaseMs ?? 250,
    retryMaxMs: options.retryMaxMs ?? 8_000,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    limit: pLimit(options.concurrency ?? 4),
    bucket: createTokenBucket(options.requestsPerSecond ?? 10),
    base,
  };
}

function proxyOf(route: ProxyRoute | undefined): HttpClient['proxy'] {
  return route && { shown: route.shown, variable: route.variable };
}

async function send(
  client: Client,
  request: ApiRequest,
  wantBytes: boolean,
): Promise<{ result: unknown; file?: DownloadedFile }> {
  const { settings, state } = client;
  const { onRequest } = settings.options;
  const wire = wireRequest(settings.options, settings.base, request);
  let skewRetried = false;

  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const outcome = await sendAttempt(client, request, wire, wantBytes);
    const verdict = judge(outcome, {
      request: { method: request.method, path: wire.path, attempts: attempt },
      idempotent: wire.idempotent,
      wantBytes,
      url: new URL(wire.url),
      proxy: settings.proxy,
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: settings.maxResponseBytes,
      now: settings.now,
    });
    const event = requestEvent(request.method, wire.path, attempt, outcome, verdict, started, settings.now);
    if (event.serverDate !== undefined)
      state.serverOffsetMs = event.serverDate + 500 - (event.localDate as number);

    if (verdict.kind === 'retry' && verdict.skewMs !== undefined) {
      // The server rejected our clock: measure the skew from its Date header and try once more (DESIGN §5).
      if (skewRetried) {
        onRequest?.({ ...event, outcome: 'failed' });
        throw verdict.error;
      }
      skewRetried = true;
      state.stats.clockSkewMs = verdict.skewMs;
      onRequest?.(event);
      attempt--;
      continue;
    }
    if (verdict.kind === 'retry' && attempt <= settings.retries) {
      state.stats.retries++;
      onRequest?.(event);
      await settings.sleep(retryDelay(settings, attempt, verdict.delayMs, settings.random()));
      continue;
    }
    onRequest?.({ ...event, outcome: verdict.kind === 'ok' ? 'ok' : 'failed' });
    if (verdict.kind !== 'ok') throw verdict.error;
    return { result: verdict.result, file: verdict.file };
  }
}

/**
 * The pause before the retry after `attempt`: full jitter (`random` in [0, 1)) over an exponential backoff keeps
 * many clients from retrying in lockstep; Retry-After is a floor, not a suggestion; nothing waits over a minute.
 */
export function retryDelay(
  settings: { retryBaseMs: number; retryMaxMs: number },
  attempt: number,
  retryAfterMs: number | undefined,
  random: number,
): number {
  const backoff = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** (attempt - 1));
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(retryAfterMs ?? 0, random * backoff));
}

/** One attempt, within the concurrency limit and the rate: signed now, sent, its body read (bounded). */
function sendAttempt(
  client: Client,
  request: ApiRequest,
  wire: WireRequest,
  wantBytes: boolean,
): Promise<Attempt> {
  const { settings, state } = client;
  return settings.limit(async (): Promise<Attempt> => {
    await settings.bucket.take();
    state.stats.requests++;
    const timestamp = String(Math.round(settings.now() + state.stats.clockSkewMs));
    const { headers, body } = attemptInit(settings.options, request, wire, timestamp);
    try {
      const response = await settings.doFetch(wire.url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      const bytes = await readBounded(response, settings.maxResponseBytes);
      if (!bytes) return { response, tooLarge: true };
      const isFile = wantBytes && response.ok && !isJson(response);
      if (isFile) return { response, bytes };
      return { response, text: new TextDecoder().decode(bytes) };
    } catch (error) {
      return { error };
    }
  });
}

/** What `onRequest` is told about an attempt; `localDate` is read after the answer was judged. */
export function requestEvent(
  method: HttpMethod,
  path: string,
  attempt: number,
  outcome: Attempt,
  verdict: Verdict,
  started: number,
  now: () => number,
): RequestEvent {
  return {
    method,
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

function parseHttpDate(value: string | null | undefined): number | undefined {
  const at = Date.parse(value ?? '');
  return Number.isFinite(at) ? at : undefined;
}

function isJson(response: Response): boolean {
  return /\bjson\b/i.test(response.headers.get('content-type') ?? '');
}
