import { customerDataSignature } from './signature.js';

/**
 * Plays Online Contact's side of the customer-data call (oc-api.md §2.5): POST the lookup fields as JSON,
 * signed over the exact body bytes + X-TC-Timestamp. Used by `oc-sync customer-data call` and the emulator.
 */

export interface CallCustomerDataOptions {
  /** The customer server's URL (Online Contact's "base URL" in API Settings). */
  url: string;
  key: string;
  /** The lookup fields; an object is serialized once, a string is sent (and signed) byte for byte. */
  body: Record<string, string> | string;
  /** Wall clock for X-TC-Timestamp, epoch ms; default `Date.now`. */
  now?: () => number;
  /** Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

export interface CustomerDataReply {
  status: number;
  contentType: string | null;
  /** The reply body as text, exactly as received. */
  bodyText: string;
  /** The reply body parsed as JSON; undefined when it is not JSON. */
  body: unknown;
  /** What was sent, for reports and logs (never the key). */
  request: { url: string; body: string; timestamp: string };
  ms: number;
}

/** The call did not get an HTTP answer: refused, reset, timed out, or a bad URL. */
export class CustomerDataCallError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'CustomerDataCallError';
  }
}

export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

export async function callCustomerData(options: CallCustomerDataOptions): Promise<CustomerDataReply> {
  const body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const timestamp = String((options.now ?? Date.now)());
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const doFetch = options.fetch ?? globalThis.fetch;
  const started = performance.now();
  let response: Response;
  let bodyText: string;
  try {
    response = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=UTF-8',
        Authorization: customerDataSignature(options.key, body, timestamp),
        'X-TC-Timestamp': timestamp,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    bodyText = await response.text();
  } catch (error) {
    throw new CustomerDataCallError(describeFailure(error, options.url, timeoutMs), options.url);
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    bodyText,
    body: parseJson(bodyText),
    request: { url: options.url, body, timestamp },
    ms: Math.round(performance.now() - started),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer from ${url} within ${timeoutMs} ms.`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  const reason = cause ?? (error instanceof Error ? error.message : String(error));
  return `could not call ${url}: ${reason}.`;
}
