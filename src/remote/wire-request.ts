import type { ApiRequest, HttpClientOptions } from './client.js';
import { encodeQueryString, md5Hex, parseQueryString, signRequest } from './sign.js';

/**
 * A request's wire form, built once (pure): the URL with its encoded query, the JSON body's bytes, the file's MD5,
 * and the key it is signed with. Each attempt signs exactly this, with its own timestamp.
 */

export interface WireRequest {
  /** The path as sent and signed: the API root, then the request's path. */
  path: string;
  queryString: string;
  url: string;
  bodyText?: string;
  fileMd5?: string;
  /** Undefined for `public` calls: they are sent unsigned. */
  key?: string;
  idempotent: boolean;
}

export type WireCredentials = Pick<
  HttpClientOptions,
  'orgId' | 'serviceId' | 'serviceKey' | 'orgKey' | 'oucode'
>;

/** The API root a request's scope is below, and the key it is signed with. */
export function rootFor(
  options: WireCredentials,
  basePath: string,
  request: Pick<ApiRequest, 'scope'>,
): { prefix: string; key: string | undefined } {
  if (request.scope === 'organization') {
    if (!options.orgKey)
      throw new Error('this call needs the organization key (orgKey / OC_ORG_KEY), which is not configured');
    return { prefix: `${basePath}/openapi/`, key: options.orgKey };
  }
  if (request.scope === 'public' && options.serviceId) {
    return { prefix: `${basePath}/${encodeURIComponent(options.serviceId)}/api/`, key: undefined };
  }
  if (!options.serviceId || !options.serviceKey) {
    throw new Error('this call needs serviceId and serviceKey, which are not configured');
  }
  return {
    prefix: `${basePath}/${encodeURIComponent(options.serviceId)}/openapi/`,
    key: options.serviceKey,
  };
}

/** `base` is the configured base URL; its path (without trailing slashes) goes before the API root. */
export function wireRequest(options: WireCredentials, base: URL, request: ApiRequest): WireRequest {
  const { prefix, key } = rootFor(options, base.pathname.replace(/\/+$/, ''), request);
  const path = prefix + request.path;
  const queryString = encodeQueryString(
    Object.entries(request.query ?? {})
      .filter(
        (entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== null,
      )
      .map(([name, value]) => [name, String(value)]),
  );
  return {
    path,
    queryString,
    url: `${base.origin}${path}${queryString ? `?${queryString}` : ''}`,
    bodyText: request.body === undefined ? undefined : JSON.stringify(request.body),
    fileMd5: request.file ? md5Hex(request.file.bytes) : undefined,
    key,
    idempotent: request.idempotent ?? request.method !== 'POST',
  };
}

/** One attempt's headers and body: signed with `timestamp` (unless public), a file as multipart. */
export function attemptInit(
  options: WireCredentials,
  request: ApiRequest,
  wire: WireRequest,
  timestamp: string,
): { headers: Record<string, string>; body: string | FormData | undefined } {
  const headers: Record<string, string> =
    wire.key === undefined
      ? {}
      : {
          Authorization: signRequest(wire.key, {
            orgId: options.orgId,
            path: wire.path,
            params: parseQueryString(wire.queryString),
            body: wire.bodyText,
            fileMd5: wire.fileMd5,
            timestamp,
          }),
          'X-TC-Timestamp': timestamp,
        };
  if (options.oucode) headers.OUCODE = options.oucode;
  let body: string | FormData | undefined = wire.bodyText;
  if (request.file) {
    const form = new FormData();
    form.append(
      'file',
      new Blob([request.file.bytes], { type: request.file.contentType }),
      request.file.fileName,
    );
    body = form;
  } else if (wire.bodyText !== undefined) {
    headers['Content-Type'] = 'application/json; charset=UTF-8';
  }
  return { headers, body };
}
