import type { ServerResponse } from 'node:http';
import type { CustomerDataResponse } from './responses.js';

export const CUSTOMER_DATA_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** Sends a reply built by `customerDataSuccess` / `customerDataFailure` as UTF-8 JSON. */
export function writeCustomerDataResponse(
  res: ServerResponse,
  response: CustomerDataResponse,
  extraHeaders: Record<string, string> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(response.body), 'utf8');
  res.writeHead(response.status, {
    ...extraHeaders,
    'Content-Type': CUSTOMER_DATA_CONTENT_TYPE,
    'Content-Length': String(bytes.length),
  });
  res.end(bytes);
}
