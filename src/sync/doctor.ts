import { timingSafeEqual } from 'node:crypto';
import type { RequestEvent } from '../remote/client.js';
import type { Connection } from '../remote/connect.js';
import { ApiError, TransportError } from '../remote/errors.js';
import type { ServiceRecord } from '../resources/service.js';

/**
 * `oc-sync doctor` (DESIGN §3): can this machine talk to the selected environment? Each check returns a finding;
 * the CLI prints them. Secrets are compared, never shown.
 */

export interface Check {
  name: string;
  status: 'pass' | 'warn' | 'fail' | 'skip';
  detail: string;
  hint?: string;
}

/** Beyond this, clocks disagree enough to be worth a warning even though the client compensates. */
const SKEW_WARN_MS = 60_000;
/** How far X-TC-Timestamp may be from the server clock (oc-api.md). */
const SIGNATURE_WINDOW_MS = 5 * 60_000;

export interface DoctorExpectations {
  languages: readonly string[];
  serviceKey?: string;
  orgId: string;
  /** Where the organization key came from (`${OC_ORG_KEY} at sync.config.yaml:9`); none when it is not configured. */
  orgKeySource?: string;
}

export async function runDoctor(
  connection: Connection,
  expected: DoctorExpectations,
  events: readonly RequestEvent[],
): Promise<Check[]> {
  const checks: Check[] = [...proxyCheck(connection), await signedCallCheck(connection)];
  checks.push(clockCheck(events));
  if (expected.orgKeySource === undefined) {
    checks.push({
      name: 'service settings',
      status: 'skip',
      detail: 'no organization key configured, so the service status and languages were not read',
      hint: 'set orgKey (or OC_ORG_KEY) to let doctor compare the service languages with the config',
    });
    return checks;
  }
  const service = await attempt(() => connection.api.services.get(connection.serviceId));
  if (!service.ok) {
    checks.push(serviceReadFailure(service.error, expected));
    return checks;
  }
  return [...checks, ...serviceChecks(service.value, expected)];
}

/** The proxy in use, when a variable sets one for the base URL: host:port only, never its credentials. */
function proxyCheck(connection: Connection): Check[] {
  const { proxy } = connection.http;
  if (!proxy) return [];
  return [
    {
      name: 'proxy',
      status: 'pass',
      detail: `requests go through the proxy ${proxy.shown} (from ${proxy.variable}; NO_PROXY lists hosts to reach directly)`,
    },
  ];
}

async function signedCallCheck(connection: Connection): Promise<Check> {
  const signed = await attempt(() => connection.api.tag.listPage());
  if (!signed.ok) {
    return { name: 'signed call', status: 'fail', detail: signed.error.message, hint: hintFor(signed.error) };
  }
  return {
    name: 'signed call',
    status: 'pass',
    detail: `orgId and service key sign correctly (GET notice tags: ${signed.value.items.length} tag(s))`,
  };
}

/** The service record is read with the organization key: a refusal there is about that key, not the service key. */
function serviceReadFailure(error: Error, expected: DoctorExpectations): Check {
  if (error instanceof ApiError && error.resultMessage === 'Authorization is incorrect') {
    const variable = variableOf(expected.orgKeySource as string);
    return {
      name: 'organization key',
      status: 'fail',
      detail: `the service does not accept the organization key from ${expected.orgKeySource} (${error.resultCode} ${error.resultMessage})`,
      hint: variable
        ? `put the current organization key of ${expected.orgId} into ${variable} (OC Global Management → Contract Service Status → Organization Info)`
        : `set orgKey to the current organization key of ${expected.orgId}, through a variable`,
    };
  }
  return { name: 'service settings', status: 'fail', detail: error.message, hint: hintFor(error) };
}

/** The variable a key came from, out of its source description (`${OC_ORG_KEY} at …`, `OC_ORG_KEY, replacing …`). */
function variableOf(source: string): string | undefined {
  return /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(source)?.[1] ?? /^([A-Z_][A-Z0-9_]*)\b/.exec(source)?.[1];
}

function serviceChecks(record: ServiceRecord, expected: DoctorExpectations): Check[] {
  const checks: Check[] = [
    {
      name: 'service status',
      status: record.active === false ? 'fail' : 'pass',
      detail: `service ${record.serviceId}${record.name ? ` (${record.name})` : ''} is ${record.active === false ? 'disabled' : 'active'}`,
      hint: record.active === false ? 'enable the service in OC Global Management' : undefined,
    },
  ];
  if (expected.serviceKey && record.securityKey) {
    const same = safeEqual(record.securityKey, expected.serviceKey);
    checks.push({
      name: 'service key',
      status: same ? 'pass' : 'fail',
      detail: same
        ? 'the configured service key is the current one'
        : 'the configured service key is not the current one',
      hint: same ? undefined : 'the key was probably reissued: update the secret (OC_SERVICE_KEY)',
    });
  }
  const remoteLanguages = (record.languages ?? []).map((l) => l.code);
  const languages = remoteLanguages.length > 0 ? remoteLanguages : record.language ? [record.language] : [];
  checks.push(languageCheck(expected.languages, languages, record.language ?? undefined));
  return checks;
}

function clockCheck(events: readonly RequestEvent[]): Check {
  const measured = events.find((e) => e.serverDate !== undefined && e.localDate !== undefined);
  if (!measured?.serverDate || !measured.localDate) {
    return {
      name: 'clock',
      status: 'skip',
      detail: 'no answer with a Date header to compare the clock with',
    };
  }
  // Both are raw readings (the local one is never the compensated clock), so their difference is the skew itself.
  // The Date header is cut to the second: its midpoint is the best reading, and within a second is agreement.
  const skew = measured.serverDate + 500 - measured.localDate;
  if (Math.abs(skew) <= 1_500)
    return { name: 'clock', status: 'pass', detail: 'local clock agrees with the server' };
  const detail = `local clock is ${formatDuration(Math.abs(skew))} ${skew > 0 ? 'behind' : 'ahead of'} the server`;
  if (Math.abs(skew) < SKEW_WARN_MS) return { name: 'clock', status: 'pass', detail };
  const beyondWindow = Math.abs(skew) > SIGNATURE_WINDOW_MS;
  return {
    name: 'clock',
    status: 'warn',
    detail: beyondWindow
      ? `${detail}: more than the 5 minutes a signature is valid; oc-sync measures the difference and compensates`
      : detail,
    hint: 'sync the clock of this machine (e.g. enable NTP: timedatectl set-ntp true); signatures expire after 5 minutes',
  };
}

/** `10 min`, `9 min 59 s`, `42 s`: how people read a clock difference. */
function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes === 0) return `${seconds} s`;
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

function languageCheck(
  configured: readonly string[],
  remote: readonly string[],
  remoteDefault?: string,
): Check {
  if (remote.length === 0)
    return { name: 'languages', status: 'skip', detail: 'the service did not report its languages' };
  const missing = configured.filter((l) => !remote.includes(l));
  const extra = remote.filter((l) => !configured.includes(l));
  const defaultDiffers = remoteDefault !== undefined && configured[0] !== remoteDefault;
  if (missing.length === 0 && extra.length === 0 && !defaultDiffers) {
    return {
      name: 'languages',
      status: 'pass',
      detail: `service languages match the config: ${remote.join(', ')}`,
    };
  }
  const parts = [
    missing.length ? `not on the service: ${missing.join(', ')}` : '',
    extra.length ? `on the service but not in the config: ${extra.join(', ')}` : '',
    defaultDiffers
      ? `default language is ${remoteDefault} on the service but ${configured[0]} in the config`
      : '',
  ].filter(Boolean);
  return {
    name: 'languages',
    status: missing.length || defaultDiffers ? 'fail' : 'warn',
    detail: parts.join('; '),
    hint: `set languages in sync.config.yaml to [${[remoteDefault, ...remote.filter((l) => l !== remoteDefault)].filter(Boolean).join(', ')}]`,
  };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function hintFor(error: Error): string | undefined {
  // A network failure says what to check itself (describeNetworkFailure).
  if (error instanceof TransportError && error.reason === 'timeout')
    return 'the service is slow or unreachable; try again or raise timeoutMs';
  if (error instanceof ApiError && error.resultCode === 404) return 'check baseUrl and serviceId';
  return undefined;
}

async function attempt<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}
