import { BlockList, isIP } from 'node:net';

/**
 * Corporate proxies (issue 18): which proxy, if any, the service's URL goes through, read from `HTTPS_PROXY` /
 * `HTTP_PROXY` / `NO_PROXY` (lower case first, as curl and undici read them), and a fetch that sends through it.
 *
 * Choices: an https URL uses only `HTTPS_PROXY`, an http URL only `HTTP_PROXY` (curl's rule; no fallback from one to
 * the other). 127.0.0.1 and localhost are not special: like curl, they go through the proxy unless `NO_PROXY` names
 * them (`NO_PROXY=localhost,127.0.0.1`). The embedded emulator is the exception, always direct (`connect.ts`).
 */

/** Where the variables are read: `process.env` in the CLI, a plain object in tests. */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/** A proxy as messages name it. */
export interface ProxyShown {
  /** `host:port` of the proxy, never its credentials. */
  shown: string;
  /** The variable it came from (`HTTPS_PROXY`, `http_proxy`, …). */
  variable: string;
}

export interface ProxyRoute extends ProxyShown {
  /** The proxy URL as configured, credentials included: handed to undici only, never printed. */
  url: URL;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** The proxy requests to `target` go through, or undefined when none is set or `NO_PROXY` names the host. */
export function proxyFor(target: URL, env: ProxyEnv): ProxyRoute | undefined {
  const name = target.protocol === 'https:' ? 'https_proxy' : 'http_proxy';
  const variable = [name, name.toUpperCase()].find((v) => env[v]?.trim());
  if (!variable) return undefined;
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  if (bypassesProxy(target, noProxy)) return undefined;
  const url = parseProxyUrl((env[variable] as string).trim(), variable);
  return { url, shown: hostPort(url), variable };
}

/**
 * Whether `NO_PROXY` sends `target` direct: `*` for every host; a host name for it and its subdomains (`.corp.example`
 * and `*.corp.example` alike); `host:port` for that port only; an IP address, or an IP range (`10.0.0.0/8`).
 */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = unbracket(target.hostname.toLowerCase());
  const port = target.port || DEFAULT_PORTS[target.protocol] || '';
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const withPort = /^(.+?):(\d+)$/.exec(entry);
    const name = withPort && !isIP(entry) ? (withPort[1] as string) : entry;
    if (withPort && !isIP(entry) && withPort[2] !== port) continue;
    const bare = unbracket(name.replace(/^\*?\./, ''));
    if (host === bare || (bare.includes('/') ? inRange(host, bare) : isSubdomain(host, bare))) return true;
  }
  return false;
}

/** A proxy variable's value as a URL; `proxy:3128` is taken as `http://proxy:3128`, as curl does. */
function parseProxyUrl(value: string, variable: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    url = undefined;
  }
  // The value may hold a password: the message names the variable, never what is in it.
  if (!url?.hostname)
    throw new Error(
      `${variable} is not a proxy URL; set it to http://host:port (or http://user:password@host:port), or unset it`,
    );
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(
      `${variable} names a ${url.protocol.slice(0, -1)} proxy; oc-sync speaks to http:// and https:// proxies only`,
    );
  return url;
}

function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol]}`;
}

/** `docs.corp.example` is below `corp.example`; an IP address is below nothing (`0.0.1` is not a domain of it). */
function isSubdomain(host: string, domain: string): boolean {
  return isIP(host) === 0 && host.endsWith(`.${domain}`);
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function inRange(host: string, range: string): boolean {
  const [address, bits] = range.split('/');
  const family = isIP(address ?? '');
  if (!address || family === 0 || isIP(host) !== family || !/^\d+$/.test(bits ?? '')) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  try {
    list.addSubnet(address, Number(bits), type);
  } catch {
    return false;
  }
  return list.check(host, type);
}

/**
 * A fetch through `route`: undici's own fetch with its `ProxyAgent` (a dispatcher from the npm package given to
 * Node's built-in fetch breaks when the two undici versions differ). HTTP CONNECT for https URLs, the absolute form
 * (`GET http://host/path`) for http ones. undici is loaded on the first request, so a run without a proxy never loads
 * it. Node's FormData is one undici's fetch does not recognise: a multipart body is encoded here first.
 */
export function proxiedFetch(route: ProxyRoute): typeof globalThis.fetch {
  let loaded: Promise<{ fetch: typeof import('undici').fetch; dispatcher: import('undici').Dispatcher }>;
  const load = () => {
    loaded ??= import('undici').then(({ fetch, ProxyAgent }) => ({
      fetch,
      dispatcher: new ProxyAgent({ uri: route.url.href, proxyTunnel: false }),
    }));
    return loaded;
  };
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const [{ fetch, dispatcher }, encoded] = await Promise.all([load(), encodeBody(init)]);
    const answer = await fetch(input as string, {
      ...(encoded as import('undici').RequestInit),
      dispatcher,
    });
    return answer as unknown as Response;
  }) as typeof globalThis.fetch;
}

/** `init` with a FormData body turned into its bytes and the multipart Content-Type they need. */
async function encodeBody(init: RequestInit): Promise<RequestInit> {
  if (!(init.body instanceof FormData)) return init;
  const request = new Request('http://multipart.invalid/', { method: 'POST', body: init.body });
  const headers = Object.fromEntries(new Headers(init.headers));
  headers['content-type'] = request.headers.get('content-type') as string;
  return { ...init, headers, body: new Uint8Array(await request.arrayBuffer()) };
}
