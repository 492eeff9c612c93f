import type { ProxyShown } from './proxy.js';

/**
 * Errors from talking to Online Contact. They carry what a person needs to act — method, path, result code and
 * message, attempts made — and never a key or a signature.
 */

export interface RequestDescription {
  method: string;
  /** The request path (no host, no query). */
  path: string;
  attempts: number;
}

/** The service answered with a failure envelope (`isSuccessful: false` or `resultCode` ≠ 200). */
export class ApiError extends Error {
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  constructor(
    request: RequestDescription,
    readonly resultCode: number,
    readonly resultMessage: string,
    readonly httpStatus: number,
  ) {
    super(
      `${request.method} ${request.path} failed: ${resultCode} ${resultMessage || '(no message)'}${hintFor(resultCode, resultMessage)}`,
    );
    this.name = 'ApiError';
    this.method = request.method;
    this.path = request.path;
    this.attempts = request.attempts;
  }

  get notFound(): boolean {
    return this.resultCode === 404;
  }
}

/** No usable answer: connection refused or dropped, timeout, or a response that is not the documented envelope. */
export class TransportError extends Error {
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  constructor(
    request: RequestDescription,
    readonly reason: 'network' | 'timeout' | 'bad-response',
    detail: string,
    readonly httpStatus?: number,
  ) {
    super(`${request.method} ${request.path} failed after ${request.attempts} attempt(s): ${detail}`);
    this.name = 'TransportError';
    this.method = request.method;
    this.path = request.path;
    this.attempts = request.attempts;
  }
}

function hintFor(code: number, message: string): string {
  if (message === 'Authorization is incorrect') {
    return ' — check orgId and the key for this environment (service key for service paths, organization key for /openapi/v1/admin)';
  }
  if (message === 'X-TC-Timestamp is expired')
    return ' — the local clock differs from the server by more than 5 minutes';
  if (message === 'securityKey is null') return ' — the service does not exist or its Open API is disabled';
  if (message === 'clientIp is not allowed') return " — add this machine's IP to the service's allow-list";
  if (code === 9005) return ' — the body references something that does not exist remotely';
  if (code === 9007) return ' — something with the same name or code already exists, or it is still in use';
  return '';
}

/** What the socket layer said, as `fetch` wraps it: `TypeError('fetch failed', { cause })`. */
interface SocketCause {
  code?: unknown;
  message?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  errors?: unknown;
}

/** Node's TLS verification codes (`tls.TLSSocket` `authorizationError`), all certificate problems. */
const TLS_CODE = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/;

/**
 * A request that got no answer, in words: what failed (`connection refused by 127.0.0.1:9`, `host not found:
 * x.invalid`, `TLS: certificate …`) and what to check. `url` is the request's URL (no keys are ever in it).
 */
export function describeNetworkFailure(error: unknown, url: URL, proxy?: ProxyShown): string {
  const { cause, code, text } = socketFailure(error);
  if (!proxy) return describeDirectFailure(cause, code, text, url);
  const via = `proxy ${proxy.shown} (from ${proxy.variable})`;
  return (
    describeProxyFailure(code, text, url, proxy, via) ??
    `${describeDirectFailure(cause, code, text, url)}; sent through ${via}`
  );
}

function socketFailure(error: unknown): { cause?: SocketCause; code?: string; text: string } {
  const cause = causeOf(error);
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const text =
    typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : '';
  return { cause, code, text };
}

/** What undici says when a proxy answers CONNECT (`Proxy response (407) !== 200 …`) or a request with 407. */
const PROXY_REFUSAL = /Proxy response \((\d{3})\)|Proxy Authentication Required \((407)\)/;

/** The proxy refused to open the tunnel: the request itself never left. */
export function isTunnelRefusal(error: unknown): boolean {
  return /Proxy response \(\d{3}\)/.test(socketFailure(error).text);
}

/**
 * A failure to reach the proxy, or one it reports (a refused tunnel, 407), named by the proxy's host:port and the
 * variable that set it — never its credentials. Undefined for a failure past the proxy (the service's certificate).
 */
function describeProxyFailure(
  code: string | undefined,
  text: string,
  url: URL,
  proxy: ProxyShown,
  via: string,
): string | undefined {
  const direct = `or add ${url.hostname} to NO_PROXY to go direct`;
  const refusal = PROXY_REFUSAL.exec(text);
  const status = refusal?.[1] ?? refusal?.[2];
  if (status === '407')
    return `${via} asks for credentials (HTTP 407 Proxy Authentication Required); put them in ${proxy.variable} as http://user:password@${proxy.shown} (special characters percent-encoded)`;
  if (status)
    return `${via} refused to connect to ${url.host} (HTTP ${status}); check that the proxy lets this machine reach ${url.host}, ${direct}`;
  if (code === 'ECONNREFUSED')
    return `connection refused by ${via}: nothing listens there; check ${proxy.variable} and that the proxy is up, ${direct}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `proxy host not found: ${via}; check ${proxy.variable} for a typo, then DNS and the network (VPN)`;
  if (code && /^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|EHOSTUNREACH|ENETUNREACH)$/.test(code))
    return `cannot reach ${via} (${code}); check ${proxy.variable}, the network and VPN, ${direct}`;
  return undefined;
}

/** A failure with no proxy in between (or past it): the service's host and port. */
function describeDirectFailure(
  cause: SocketCause | undefined,
  code: string | undefined,
  text: string,
  url: URL,
): string {
  const host = url.hostname;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const where = `${typeof cause?.address === 'string' ? cause.address : host}:${typeof cause?.port === 'number' ? cause.port : port}`;
  const checkUrl = `check the base URL (${url.origin})`;
  if (code === 'ECONNREFUSED')
    return `connection refused by ${where}: nothing listens there; ${checkUrl}, that the service is up, and any proxy`;
  if (code === 'ENOTFOUND')
    return `host not found: ${host}; ${checkUrl} for a typo, then DNS and the network (VPN, proxy)`;
  if (code === 'EAI_AGAIN')
    return `host name lookup for ${host} failed for now (DNS did not answer); check the network and DNS, then ${checkUrl}`;
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET')
    return `connection to ${where} closed before an answer (${code}); check the network and any proxy or firewall between here and ${url.origin}`;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return `connecting to ${where} timed out (${code}); check the network, VPN and firewall, and ${checkUrl}`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return `no route to ${where} (${code}); check the network or VPN, and ${checkUrl}`;
  if ((code && TLS_CODE.test(code)) || /certificate|tls|ssl/i.test(text))
    return `TLS: certificate of ${host} not accepted: ${text}${code ? ` (${code})` : ''}; ${checkUrl} is the service's own https address; behind a TLS-inspecting proxy give Node its CA (NODE_EXTRA_CA_CERTS)`;
  if (text === 'bad port') return `port ${port} is one fetch never connects to (a blocked port); ${checkUrl}`;
  return `network error: ${text || 'no details'}${code ? ` (${code})` : ''}; ${checkUrl}, the network and any proxy`;
}

/** The innermost socket error: fetch's `cause` (the first with a code), or the first of an AggregateError (one per address tried). */
function causeOf(error: unknown): SocketCause | undefined {
  let cause = (error as { cause?: SocketCause } | undefined)?.cause;
  // undici's own fetch (the proxy's) wraps a dispatcher error once more, in an AbortError DOMException.
  for (let depth = 0; depth < 3 && cause && typeof cause.code !== 'string'; depth++) {
    const inner = (cause as { cause?: SocketCause }).cause;
    if (!inner || typeof inner !== 'object') break;
    cause = inner;
  }
  if (cause && typeof cause.code !== 'string' && Array.isArray(cause.errors) && cause.errors.length > 0)
    return cause.errors[0] as SocketCause;
  return cause;
}
