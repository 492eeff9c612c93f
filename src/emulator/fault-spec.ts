import { type FaultRule, MALFORMED_VARIANTS, type MalformedVariant } from './options.js';

/**
 * Fault rules written on the command line: `KIND[:RATE][@PATH]`, where KIND is an error status (`500`, `502`, `503`,
 * `504`, `400`, `403`, `404`), `429` or `rate-limit[=SECONDS]`, `drop`, `slow=MS`, `commit-then-fail` or
 * `malformed=VARIANT` (`malformed=huge` takes a size too: `malformed=huge/1048576`); RATE is a
 * probability (default 1) and PATH a substring of the request path. Example: `503:0.1@/helpdoc`.
 */

const STATUSES = [500, 502, 503, 504, 400, 403, 404] as const;
type FaultStatus = (typeof STATUSES)[number];

export function parseFaultSpec(spec: string): FaultRule {
  const at = spec.indexOf('@');
  const head = at === -1 ? spec : spec.slice(0, at);
  const path = at === -1 ? undefined : spec.slice(at + 1);
  const [kind = '', rateText] = head.split(':');
  let rate: number | undefined;
  if (rateText !== undefined) {
    rate = Number(rateText);
    if (rateText === '' || !(rate >= 0 && rate <= 1))
      throw new Error(`fault "${spec}": the rate must be 0..1`);
  }
  const extra = { ...(rate === undefined ? {} : { rate }), ...(path ? { path } : {}) };
  const [name = '', arg] = kind.split('=');

  if (/^\d+$/.test(name) && name !== '429') {
    const status = Number(name);
    if (!(STATUSES as readonly number[]).includes(status)) {
      throw new Error(`fault "${spec}": status must be one of ${STATUSES.join(', ')} or 429`);
    }
    return { type: 'status', status: status as FaultStatus, ...extra };
  }
  switch (name) {
    case '429':
    case 'rate-limit':
      return {
        type: 'rate-limit',
        ...(arg === undefined ? {} : { retryAfterSeconds: count(arg, spec) }),
        ...extra,
      };
    case 'drop':
      return { type: 'drop', ...extra };
    case 'slow':
      if (arg === undefined) throw new Error(`fault "${spec}": slow needs a delay, e.g. slow=2000`);
      return { type: 'slow', delayMs: count(arg, spec), ...extra };
    case 'commit-then-fail':
      return { type: 'commit-then-fail', ...extra };
    case 'malformed': {
      const [variant = '', size] = (arg ?? '').split('/');
      if (!(MALFORMED_VARIANTS as readonly string[]).includes(variant)) {
        throw new Error(`fault "${spec}": malformed needs a variant: ${MALFORMED_VARIANTS.join(', ')}`);
      }
      if (size !== undefined && variant !== 'huge')
        throw new Error(`fault "${spec}": only malformed=huge takes a size`);
      return {
        type: 'malformed',
        variant: variant as MalformedVariant,
        ...(size === undefined ? {} : { bytes: count(size, spec) }),
        ...extra,
      };
    }
    default:
      throw new Error(
        `fault "${spec}": unknown kind "${name}" (use a status, 429, rate-limit=S, drop, slow=MS, commit-then-fail or malformed=VARIANT)`,
      );
  }
}

function count(text: string, spec: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`fault "${spec}": "${text}" is not a whole number`);
  return Number(text);
}
