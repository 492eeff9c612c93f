import { ocDisplayFor } from './display.js';

/**
 * Judges a customer server's reply against the documented contract (oc-api.md §2.5): 200 with `{data}` whose
 * values are all strings, or another status with `{error: {code, message, detail?}}`. Pure: the report is data,
 * the CLI prints it.
 */

export interface ReplyToCheck {
  status: number;
  contentType: string | null;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: unknown;
}

export interface ContractCheck {
  /** `warn` points at something odd that Online Contact may still accept; it does not fail the run. */
  status: 'pass' | 'fail' | 'warn';
  label: string;
}

export interface ContractReport {
  passed: boolean;
  checks: ContractCheck[];
}

export function checkCustomerDataReply(reply: ReplyToCheck, expectError = false): ContractReport {
  const checks: ContractCheck[] = [statusCheck(reply.status, expectError)];
  if (reply.status !== 200 && ocDisplayFor(reply.status) === undefined)
    checks.push(warn(`status ${reply.status} is not one the guide lists (400, 403, 404, 500)`));
  checks.push(
    reply.contentType !== null && /^application\/json\b/i.test(reply.contentType)
      ? pass('Content-Type is application/json')
      : warn(`Content-Type is ${reply.contentType ?? 'missing'}, not application/json`),
  );
  if (reply.body === undefined) {
    checks.push(fail('the body is not JSON'));
  } else {
    checks.push(pass('the body is JSON'));
    checks.push(...(reply.status === 200 ? dataChecks(reply.body) : errorChecks(reply.body)));
  }
  return { passed: checks.every((check) => check.status !== 'fail'), checks };
}

function statusCheck(status: number, expectError: boolean): ContractCheck {
  if (expectError)
    return status !== 200
      ? pass(`status ${status} is a failure, as expected`)
      : fail('status 200, but a failure was expected (--expect-error)');
  return status === 200 ? pass('status 200') : fail(`status ${status}, expected 200`);
}

function dataChecks(body: unknown): ContractCheck[] {
  const data = isObject(body) ? body.data : undefined;
  if (!isObject(data))
    return [fail('the body has no "data" object: expected {"data": {"field": "value", …}}')];
  const fields = Object.entries(data);
  const notStrings = fields.filter(([, value]) => typeof value !== 'string').map(([field]) => field);
  return [
    pass('the body has a "data" object'),
    notStrings.length === 0
      ? pass(`every data value is a string (${fields.length} field${fields.length === 1 ? '' : 's'})`)
      : fail(`data values must be strings; not strings: ${notStrings.join(', ')}`),
    ...(fields.length === 0 ? [warn('"data" has no fields, so the agent sees nothing')] : []),
  ];
}

function errorChecks(body: unknown): ContractCheck[] {
  const error = isObject(body) ? body.error : undefined;
  if (!isObject(error))
    return [
      fail('the body has no "error" object: expected {"error": {"code": …, "message": "…", "detail": …}}'),
    ];
  const { code, message, detail } = error;
  return [
    pass('the body has an "error" object'),
    typeof code === 'string' || typeof code === 'number'
      ? pass(`error.code is a ${typeof code}`)
      : fail(`error.code must be a string or a number, got ${describe(code)}`),
    typeof message === 'string'
      ? pass('error.message is a string')
      : fail(`error.message must be a string, got ${describe(message)}`),
    detail === undefined || detail === null || typeof detail === 'string'
      ? pass(`error.detail is ${detail === undefined ? 'absent' : detail === null ? 'null' : 'a string'}`)
      : fail(`error.detail must be a string or null, got ${describe(detail)}`),
  ];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const pass = (label: string): ContractCheck => ({ status: 'pass', label });
const fail = (label: string): ContractCheck => ({ status: 'fail', label });
const warn = (label: string): ContractCheck => ({ status: 'warn', label });
