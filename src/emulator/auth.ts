import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { md5Hex, signRequest } from '../remote/sign.js';
import type { Incoming, UploadedFile } from './incoming.js';
import type { ResolvedService } from './services.js';

/**
 * The server-side signature check of oc-api.md §2, with the §2.4 failure messages in the recommended order:
 * blank Authorization → timestamp numeric → expired → key lookup (403) → IP (403) → multipart file → signature.
 */

export const TIMESTAMP_WINDOW_MS = 300_000;

/** Which key signs a path: the organization key for `/openapi/v1/admin/*`, a service key for `/{id}/openapi/v1|v2/*`. */
export type KeyScope =
  | { scope: 'org'; relativePath: string }
  | { scope: 'service'; serviceId: string; relativePath: string }
  | { scope: 'public'; serviceId: string; relativePath: string };

export function keyScopeOf(wirePath: string): KeyScope | undefined {
  if (wirePath.startsWith('/openapi/v1/admin/')) {
    return { scope: 'org', relativePath: wirePath.slice('/openapi/'.length) };
  }
  const match = /^\/([^/]+)\/openapi\/(v[12]\/.*)$/.exec(wirePath);
  if (match) return { scope: 'service', serviceId: match[1] as string, relativePath: match[2] as string };
  // [2023] The help center's own unauthenticated API (oc-api.md §1.2).
  const open = /^\/([^/]+)\/api\/(v2\/.*)$/.exec(wirePath);
  if (open) return { scope: 'public', serviceId: open[1] as string, relativePath: open[2] as string };
  return undefined;
}

export interface Credentials {
  orgId: string;
  orgKey: string;
  services: ReadonlyMap<string, ResolvedService>;
  allowedIps: readonly string[] | undefined;
  now: () => number;
}

export type AuthResult = { ok: true } | { ok: false; resultCode: 400 | 403; resultMessage: string };

const reject = (resultCode: 400 | 403, resultMessage: string): AuthResult => ({
  ok: false,
  resultCode,
  resultMessage,
});

export async function authenticate(
  incoming: Incoming,
  scope: KeyScope,
  credentials: Credentials,
  readFile: () => Promise<UploadedFile | undefined>,
): Promise<AuthResult> {
  const authorization = headerValue(incoming.headers, 'authorization');
  if (authorization === undefined || authorization.trim() === '')
    return reject(400, 'Authorization is blank');

  const timestamp = headerValue(incoming.headers, 'x-tc-timestamp');
  if (timestamp === undefined || !/^[0-9]+$/.test(timestamp))
    return reject(400, 'X-TC-Timestamp is not numeric');
  if (Math.abs(credentials.now() - Number(timestamp)) > TIMESTAMP_WINDOW_MS) {
    return reject(400, 'X-TC-Timestamp is expired');
  }

  const key = keyFor(scope, credentials);
  if (key === undefined) return reject(403, 'securityKey is null');

  if (credentials.allowedIps && !credentials.allowedIps.includes(incoming.clientIp)) {
    return reject(403, 'clientIp is not allowed');
  }

  let fileMd5: string | undefined;
  if (incoming.isMultipart) {
    const file = await readFile();
    if (!file) return reject(400, 'Multipart request but file is null');
    fileMd5 = md5Hex(file.bytes);
  }

  const expected = signRequest(key, {
    orgId: credentials.orgId,
    path: incoming.wirePath,
    params: incoming.params,
    body: incoming.bodyText,
    fileMd5,
    timestamp,
  });
  return sameText(expected, authorization) ? { ok: true } : reject(400, 'Authorization is incorrect');
}

function keyFor(scope: KeyScope, credentials: Credentials): string | undefined {
  if (scope.scope === 'org') return credentials.orgKey;
  const service = credentials.services.get(scope.serviceId);
  return service?.openApi ? service.options.serviceKey : undefined;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
