/**
 * The reply shapes Online Contact understands (oc-api.md §2.5): HTTP 200 with `{data: {field: "string", …}}`, or
 * another status with `{error: {code, message, detail}}`. Plain data; `write-response.ts` puts them on the wire.
 */

export type CustomerDataFailureStatus = 400 | 403 | 404 | 500;

export interface CustomerDataErrorBody {
  /** The guide types it String, its sample sends a number; both are accepted. */
  code: string | number;
  message: string;
  detail?: string | null;
}

export interface CustomerDataResponse {
  status: number;
  body:
    | { data: Record<string, string> }
    | { error: { code: string | number; message: string; detail: string | null } };
}

const FAILURE_STATUSES: readonly number[] = [400, 403, 404, 500];

/** `{status: 200, body: {data}}`. OC maps the values by field code and treats them as strings, so only strings pass. */
export function customerDataSuccess(data: Record<string, string>): CustomerDataResponse & {
  status: 200;
  body: { data: Record<string, string> };
} {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new TypeError(`customerDataSuccess: data must be an object of strings, got ${describe(data)}.`);
  for (const [field, value] of Object.entries(data)) {
    if (typeof value !== 'string')
      throw new TypeError(
        `customerDataSuccess: data.${field} is ${describe(value)}; Online Contact expects every value as a string (use String(value)).`,
      );
  }
  return { status: 200, body: { data: { ...data } } };
}

/**
 * The documented failure shape. `detail` is always present (null when not given), as in the guide's sample.
 * Choose the status by what the agent will read: 400 "no result", 403 "no permission", 404 "server error",
 * 500 "an error occurred" (see `OC_CUSTOMER_DATA_DISPLAY`).
 */
export function customerDataFailure(
  status: CustomerDataFailureStatus,
  error: CustomerDataErrorBody,
): CustomerDataResponse & { status: CustomerDataFailureStatus } {
  if (!FAILURE_STATUSES.includes(status))
    throw new RangeError(`customerDataFailure: status must be 400, 403, 404 or 500, got ${String(status)}.`);
  if (typeof error.code !== 'string' && typeof error.code !== 'number')
    throw new TypeError(
      `customerDataFailure: error.code must be a string or a number, got ${describe(error.code)}.`,
    );
  if (typeof error.message !== 'string')
    throw new TypeError(
      `customerDataFailure: error.message must be a string, got ${describe(error.message)}.`,
    );
  const detail = error.detail ?? null;
  if (detail !== null && typeof detail !== 'string')
    throw new TypeError(
      `customerDataFailure: error.detail must be a string or null, got ${describe(detail)}.`,
    );
  return { status, body: { error: { code: error.code, message: error.message, detail } } };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
