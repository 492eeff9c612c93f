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
