/**
 * The knobs of the local Online Contact. Everything has a default, so `createEmulator()` gives a working
 * multilingual service with well-known local credentials.
 */

export interface EmulatorServiceOptions {
  serviceId: string;
  serviceKey: string;
  /** Language codes offered by the service; the first is the default language. */
  languages: string[];
  /** IANA zone the `yyyyMMddHHmmss` dates are read in. Default: by default language (oc-api.md §6), else UTC. */
  timeZone?: string;
  name?: string;
  /** `false` makes the service key unavailable: every signed call answers 403 `securityKey is null`. */
  openApi?: boolean;
}

export type FaultRule = {
  method?: string;
  /** A RegExp tested against the wire path, or a substring of it. */
  path?: RegExp | string;
  /** Apply to the next N matching requests only (default: unlimited). */
  times?: number;
  /** Probability per matching request (default 1). */
  rate?: number;
} & (
  | { type: 'status'; status: 500 | 502 | 503 | 504 | 400 | 403 | 404 }
  | { type: 'rate-limit'; retryAfterSeconds?: number }
  | { type: 'drop' }
  | { type: 'slow'; delayMs: number }
  | { type: 'commit-then-fail' }
  | { type: 'malformed'; variant: MalformedVariant /** `huge` only: the body size. */; bytes?: number }
);

/**
 * Answers a broken or hostile server (or a proxy in front of it) could give. The request is handled first — a write
 * is committed — and only the answer is spoiled, the hardest case for a client:
 * - `html`: an HTML error page with HTTP 502, as a proxy sends; `html-200`: an HTML page with HTTP 200 (a login
 *   portal, a wrong base URL);
 * - `truncated`: the JSON envelope cut off half way; `not-json`: plain text;
 * - `no-envelope`: JSON without `header` (the bare `result`); `no-header`: `{result}` only;
 * - `wrong-types`: every number in `result` sent as a string and every string as a number;
 * - `string-ids`: only the `…Id` fields change type (numbers become strings);
 * - `proto-keys`: a `__proto__` key added to every object of the answer, a `constructor` key to the envelope;
 * - `huge`: a valid-looking envelope padded to `bytes` (default 50 MiB);
 * - `endless-pages`: a list claiming a billion items, every page full of the same items;
 * - `repeat-page`: a list whose every page is the first page.
 */
export const MALFORMED_VARIANTS = [
  'html',
  'html-200',
  'truncated',
  'not-json',
  'no-envelope',
  'no-header',
  'wrong-types',
  'string-ids',
  'proto-keys',
  'huge',
  'endless-pages',
  'repeat-page',
] as const;
export type MalformedVariant = (typeof MALFORMED_VARIANTS)[number];

export type FaultType = FaultRule['type'];

export interface EmulatorOptions {
  /** Default 0 (a free port). The host is always 127.0.0.1. */
  port?: number;
  /** Persist here; undefined keeps everything in memory. */
  dataDir?: string;
  orgId?: string;
  orgKey?: string;
  services?: EmulatorServiceOptions[];
  /** Client IPs allowed to call; others get 403 `clientIp is not allowed`. */
  allowedIps?: string[];
  /** Added to every response. */
  latencyMs?: number;
  /** Probability (0..1) that a request fails with 500 before anything is written. */
  failRate?: number;
  /** Seed of the PRNG behind `failRate` and fault rates, so a run is reproducible. */
  seed?: number;
  faults?: FaultRule[];
  /** The server clock in ms (default `Date.now`); tests shift it to probe the ±5 minute window. */
  now?: () => number;
  /** Appends one JSON line per request. */
  logFile?: string;
  /** oc-api.md §4.3: `mirror` (default) sends HTTP 200 for 200/9005/9007 and HTTP = resultCode otherwise. */
  httpStatus?: 'mirror' | 'always-200';
  /** A customer server for `callCustomerData` to call, as configured in OC's API Settings (oc-api.md §2.5). */
  customerData?: EmulatorCustomerDataOptions;
  /**
   * Called with each request before it is answered (after faults are picked): what a person in the web console
   * does meanwhile — e.g. delete a document between two page reads of a list. Await-ed; the request waits for it.
   */
  beforeAnswer?: (request: IncomingRequestInfo) => void | Promise<void>;
}

/** What `beforeAnswer` sees of a request. */
export interface IncomingRequestInfo {
  method: string;
  /** The wire path, without the query. */
  path: string;
  /** The decoded query. */
  query: ReadonlyMap<string, string>;
}

export interface EmulatorCustomerDataOptions {
  /** The customer server's endpoint (the "base URL" in API Settings). */
  url: string;
  /** The encryption key Online Contact generated for it. */
  key: string;
  /** The configured lookup fields, in order: when set, a call sends them in this order and refuses others. */
  fields?: string[];
  /** Default 10 s. */
  timeoutMs?: number;
}

/** One customer-data call the emulator made (Online Contact → customer server). */
export interface CustomerDataCallEntry {
  url: string;
  /** The exact body sent and signed. */
  body: string;
  timestamp: string;
  /** The HTTP status received; null when no answer came. */
  status: number | null;
  /** The reply body as received, or why there was no answer. */
  reply: string;
  ms: number;
  /** Server-clock time of the call (ms). */
  at: number;
}

export interface RequestLogEntry {
  method: string;
  /** The wire path, undecoded, without the query. */
  path: string;
  /** The raw query string without `?` ('' when none). */
  query: string;
  /** The HTTP status sent; 0 when the connection was dropped. */
  status: number;
  /** The envelope's resultCode; null for file downloads and dropped connections. */
  resultCode: number | null;
  ms: number;
  /** Server-clock time the request arrived (ms). */
  at: number;
  fault?: FaultType;
}

export const DEFAULT_ORG_ID = 'LocalOrg00000001';
export const DEFAULT_ORG_KEY = 'local-organization-key';
export const DEFAULT_SERVICE: EmulatorServiceOptions = {
  serviceId: 'HelpCenter',
  serviceKey: 'local-service-key',
  languages: ['ko', 'en'],
  timeZone: 'Asia/Seoul',
};
