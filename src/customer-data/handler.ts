import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MAX_BODY_BYTES, readRawBody } from './read-body.js';
import { type CustomerDataResponse, customerDataFailure, customerDataSuccess } from './responses.js';
import { type CustomerDataVerificationReason, verifyCustomerDataRequest } from './verify.js';
import { writeCustomerDataResponse } from './write-response.js';

/**
 * A customer-data endpoint on plain `node:http` (DESIGN §7): read the raw body, verify the signature, parse the
 * lookup fields, ask `lookup`, answer in the documented shape. Works as `http.createServer(handler)` or inside any
 * framework that exposes Node's request and response.
 *
 * Status mapping, chosen by what Online Contact shows the agent (oc-api.md §2.5):
 * - 200 `{data}` — lookup returned fields;
 * - 400 — lookup returned null ("no result"), and also a body that is not a JSON object of strings;
 * - 403 — the request failed verification ("no permission"); `error.code` names the reason;
 * - 500 — lookup threw ("an error occurred"); the error is passed to `onOutcome`, never sent;
 * - 405 / 413 — not POST / body over the limit: not Online Contact calling, so no OC display applies.
 */

/** The lookup fields Online Contact sends (the query items configured in its API Settings), all strings. */
export type CustomerDataFields = Record<string, string>;

export type CustomerDataLookup = (
  fields: CustomerDataFields,
  request: IncomingMessage,
) => CustomerDataFields | null | Promise<CustomerDataFields | null>;

/** Every way a request can end, for logs and metrics. */
export type CustomerDataOutcome =
  | { kind: 'answered'; status: 200; variant: 'body' | 'path-and-body' }
  | { kind: 'no-result'; status: 400; variant: 'body' | 'path-and-body' }
  | { kind: 'rejected'; status: 403; reason: CustomerDataVerificationReason; message: string }
  | { kind: 'bad-request'; status: 400 | 405 | 413; message: string }
  | { kind: 'lookup-failed'; status: 500; error: unknown }
  | { kind: 'server-error'; status: 500; error: unknown };

export interface CustomerDataHandlerOptions {
  /** The encryption key from Online Contact's API Settings. */
  key: string;
  lookup: CustomerDataLookup;
  /** Clock in epoch ms; default `Date.now`. */
  now?: () => number;
  /** Default 64 KiB. */
  maxBodyBytes?: number;
  /** Also accept the docs' prose signature variant (path + body + timestamp); see `verifyCustomerDataRequest`. */
  tolerateProseVariant?: boolean;
  onOutcome?: (outcome: CustomerDataOutcome) => void;
}

export function createCustomerDataHandler(
  options: CustomerDataHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  if (typeof options.key !== 'string' || options.key === '')
    throw new TypeError(
      'createCustomerDataHandler: key is empty; pass the encryption key from API Settings.',
    );
  const handler: Handler = {
    options,
    now: options.now ?? Date.now,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    report: options.onOutcome ?? (() => {}),
  };
  return (req, res) => {
    handle(handler, req, res).catch((error: unknown) => {
      // Reading the request failed (the caller went away, most likely); answer if we still can.
      handler.report({ kind: 'server-error', status: 500, error });
      if (!res.headersSent)
        writeCustomerDataResponse(
          res,
          customerDataFailure(500, { code: 'server-error', message: 'server error.' }),
        );
      else res.destroy();
    });
  };
}

/** The handler's options with their defaults. */
interface Handler {
  options: CustomerDataHandlerOptions;
  now: () => number;
  maxBodyBytes: number;
  report: (outcome: CustomerDataOutcome) => void;
}

/** A request that is answered without asking `lookup`. */
interface Refusal {
  ok: false;
  outcome: CustomerDataOutcome;
  response: CustomerDataResponse;
  headers?: Record<string, string>;
}

interface Admitted {
  ok: true;
  fields: CustomerDataFields;
  variant: 'body' | 'path-and-body';
}

async function handle(handler: Handler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const admitted = await admit(handler, req);
  if (!admitted.ok) {
    handler.report(admitted.outcome);
    writeCustomerDataResponse(res, admitted.response, admitted.headers);
    return;
  }
  writeCustomerDataResponse(res, await lookUp(handler, admitted, req));
}

/** POST, within the size limit, verified, and a JSON object of strings: the lookup fields, or why not. */
async function admit(handler: Handler, req: IncomingMessage): Promise<Admitted | Refusal> {
  const { options, maxBodyBytes } = handler;
  if (req.method !== 'POST') {
    req.resume();
    const message = 'Online Contact calls this endpoint with POST.';
    return {
      ok: false,
      outcome: { kind: 'bad-request', status: 405, message },
      response: plainFailure(405, 'method-not-allowed', message),
      headers: { Allow: 'POST' },
    };
  }
  const body = await readRawBody(req, maxBodyBytes);
  if (!body.ok) {
    const message = `the body is larger than ${maxBodyBytes} bytes.`;
    return {
      ok: false,
      outcome: { kind: 'bad-request', status: 413, message },
      response: plainFailure(413, 'body-too-large', message),
      headers: { Connection: 'close' },
    };
  }
  const verification = verifyCustomerDataRequest({
    headers: req.headers,
    rawBody: body.bytes,
    key: options.key,
    now: handler.now(),
    tolerateProseVariant: options.tolerateProseVariant ? { path: pathOf(req) } : undefined,
  });
  if (!verification.ok) {
    const { reason, message } = verification;
    return {
      ok: false,
      outcome: { kind: 'rejected', status: 403, reason, message },
      response: customerDataFailure(403, { code: reason, message }),
    };
  }
  const fields = parseFields(body.bytes.toString('utf8'));
  if (typeof fields === 'string') {
    return {
      ok: false,
      outcome: { kind: 'bad-request', status: 400, message: fields },
      response: customerDataFailure(400, { code: 'bad-request', message: fields }),
    };
  }
  return { ok: true, fields, variant: verification.variant };
}

/** Asks `lookup`; what it returns, returns null for, or throws becomes the answer. */
async function lookUp(
  handler: Handler,
  admitted: Admitted,
  req: IncomingMessage,
): Promise<CustomerDataResponse> {
  const { report } = handler;
  const { variant } = admitted;
  try {
    const data = await handler.options.lookup(admitted.fields, req);
    if (data === null) {
      report({ kind: 'no-result', status: 400, variant });
      return customerDataFailure(400, {
        code: 'no-result',
        message: 'no customer matches the lookup fields.',
      });
    }
    const reply = customerDataSuccess(data);
    report({ kind: 'answered', status: 200, variant });
    return reply;
  } catch (error) {
    report({ kind: 'lookup-failed', status: 500, error });
    return customerDataFailure(500, { code: 'lookup-failed', message: 'the customer lookup failed.' });
  }
}

/** The lookup fields, or a message saying why the body is not usable. */
function parseFields(text: string): CustomerDataFields | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'the body is not valid JSON.';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'the body must be a JSON object of lookup fields.';
  for (const [field, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') return `lookup field ${JSON.stringify(field)} must be a string.`;
  }
  return parsed as CustomerDataFields;
}

function pathOf(req: IncomingMessage): string {
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  return queryStart === -1 ? target : target.slice(0, queryStart);
}

/** For the two statuses outside the documented set, which only non-OC callers ever see. */
function plainFailure(status: number, code: string, message: string): CustomerDataResponse {
  return { status, body: { error: { code, message, detail: null } } };
}
