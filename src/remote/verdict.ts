import { envelope } from '../resources/wire.js';
import { formatBytes } from '../system/bytes.js';
import type { DownloadedFile } from './client.js';
import {
  ApiError,
  describeNetworkFailure,
  isTunnelRefusal,
  type RequestDescription,
  TransportError,
} from './errors.js';
import type { ProxyShown } from './proxy.js';

/**
 * What one attempt's answer means (pure: the attempt in, a verdict out). The envelope is trusted over the HTTP
 * status; what may be repeated depends on whether the request could have reached the server (DESIGN §5).
 */

export const EXPIRED = 'X-TC-Timestamp is expired';

/** One attempt: the response and its body as read, or the error fetching it threw. */
export interface Attempt {
  response?: Response;
  text?: string;
  bytes?: Uint8Array;
  error?: unknown;
  /** The body was larger than `maxResponseBytes`: reading stopped there. */
  tooLarge?: boolean;
}

export type Verdict =
  | { kind: 'ok'; result: unknown; file?: DownloadedFile }
  | { kind: 'retry'; error: Error; delayMs?: number; skewMs?: number }
  | { kind: 'fail'; error: Error };

export interface JudgeContext {
  request: RequestDescription;
  /** Whether repeating the request after it may have reached the server is harmless. */
  idempotent: boolean;
  /** A download: the success answer is file bytes. */
  wantBytes: boolean;
  url: URL;
  /** The proxy the request went through: a failure to reach it is about the proxy, not the service. */
  proxy?: ProxyShown;
  timeoutMs: number;
  maxResponseBytes: number;
  now: () => number;
}

export function judge(outcome: Attempt, context: JudgeContext): Verdict {
  const { response } = outcome;
  if (!response) return judgeNoResponse(outcome.error, context);
  if (outcome.tooLarge) return judgeTooLarge(response, context);
  if (outcome.bytes) return { kind: 'ok', result: null, file: downloadedFile(response, outcome.bytes) };
  return judgeAnswer(response, outcome.text ?? '', context);
}

/** A timeout or a network failure: retried when idempotent, or when the request never left. */
export function judgeNoResponse(error: unknown, context: JudgeContext): Verdict {
  const timedOut =
    error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const code = networkCode(error);
  const transport = new TransportError(
    context.request,
    timedOut ? 'timeout' : 'network',
    timedOut
      ? `no response within ${context.timeoutMs} ms`
      : describeNetworkFailure(error, context.url, context.proxy),
  );
  // A refused connection (or a tunnel the proxy refused) never reached the server: even a create may be tried again.
  const neverSent =
    code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || isTunnelRefusal(error);
  return context.idempotent || neverSent
    ? { kind: 'retry', error: transport }
    : { kind: 'fail', error: transport };
}

/** Asking again would bring the same flood: stop, and say what happened. */
function judgeTooLarge(response: Response, context: JudgeContext): Verdict {
  return {
    kind: 'fail',
    error: new TransportError(
      context.request,
      'bad-response',
      `HTTP ${response.status}: the answer is larger than ${formatBytes(context.maxResponseBytes)}, far more than any Online Contact answer; it was not read (a broken server, or a proxy in front of it?)`,
      response.status,
    ),
  };
}

function downloadedFile(response: Response, bytes: Uint8Array): DownloadedFile {
  return {
    bytes,
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    contentDisposition: response.headers.get('content-disposition'),
  };
}

/** A text answer: the envelope when there is one, else what came instead of it. */
export function judgeAnswer(response: Response, text: string, context: JudgeContext): Verdict {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), context.now());
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const env = envelope.safeParse(parsed);
  if (!env.success) return judgeNonEnvelope(response, text, parsed, retryAfterMs, context);

  const header = env.data.header;
  const resultCode = Number(header.resultCode);
  if (header.isSuccessful && resultCode === 200) {
    if (context.wantBytes) {
      return {
        kind: 'fail',
        error: new TransportError(context.request, 'bad-response', 'expected file bytes, got JSON'),
      };
    }
    return { kind: 'ok', result: env.data.result ?? null };
  }
  return judgeFailure(response, resultCode, header.resultMessage ?? '', retryAfterMs, context);
}

function judgeNonEnvelope(
  response: Response,
  text: string,
  parsed: unknown,
  retryAfterMs: number | undefined,
  context: JudgeContext,
): Verdict {
  const { detail, cutShort } = describeNonEnvelope(response, text, parsed);
  const transport = new TransportError(context.request, 'bad-response', detail, response.status);
  if (response.status === 429) return { kind: 'retry', error: transport, delayMs: retryAfterMs };
  // A proxy's error page or an answer cut off on the way is worth another try; a steady wrong answer is not.
  if ((response.status >= 500 || cutShort) && context.idempotent)
    return { kind: 'retry', error: transport, delayMs: retryAfterMs };
  return { kind: 'fail', error: transport };
}

/** An envelope that reports a failure: an expired timestamp, a rate limit, a server error, or a final answer. */
function judgeFailure(
  response: Response,
  resultCode: number,
  message: string,
  retryAfterMs: number | undefined,
  context: JudgeContext,
): Verdict {
  const error = new ApiError(context.request, resultCode, message, response.status);
  if (resultCode === 400 && message === EXPIRED) {
    const serverNow = Date.parse(response.headers.get('date') ?? '');
    if (Number.isFinite(serverNow)) return { kind: 'retry', error, skewMs: serverNow - context.now() };
    return { kind: 'fail', error };
  }
  if (resultCode === 429 || response.status === 429) return { kind: 'retry', error, delayMs: retryAfterMs };
  const serverError = resultCode >= 500 && resultCode < 600;
  if (serverError && context.idempotent) return { kind: 'retry', error, delayMs: retryAfterMs };
  return { kind: 'fail', error };
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
