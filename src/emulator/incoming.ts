import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { parseQueryString, type QueryParam } from '../remote/sign.js';

/** A request as the server sees it: the wire path undecoded, the query decoded like a servlet, the raw body. */
export interface Incoming {
  method: string;
  headers: IncomingHttpHeaders;
  /** The path exactly as sent (percent-encoded), without the query. */
  wirePath: string;
  /** The raw query string without `?`. */
  rawQuery: string;
  params: QueryParam[];
  /** First value per name, as `getParameter` returns it. */
  query: Map<string, string>;
  bodyBytes: Buffer;
  /** The body as UTF-8 text; undefined when empty. */
  bodyText: string | undefined;
  contentType: string;
  isMultipart: boolean;
  clientIp: string;
}

export interface UploadedFile {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
}

export async function readIncoming(req: IncomingMessage): Promise<Incoming> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const bodyBytes = Buffer.concat(chunks);
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const wirePath = queryStart === -1 ? target : target.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? '' : target.slice(queryStart + 1);
  const params = parseQueryString(rawQuery);
  const query = new Map<string, string>();
  for (const [name, value] of params) if (!query.has(name)) query.set(name, value);
  const contentType = req.headers['content-type'] ?? '';
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    headers: req.headers,
    wirePath,
    rawQuery,
    params,
    query,
    bodyBytes,
    bodyText: bodyBytes.length > 0 ? bodyBytes.toString('utf8') : undefined,
    contentType,
    isMultipart: /^multipart\/form-data/i.test(contentType),
    clientIp: normalizeIp(req.socket.remoteAddress ?? ''),
  };
}

/** The part named `file`, if it is a file part; a plain text field of that name is not a file (§2.4). */
export async function readMultipartFile(incoming: Incoming): Promise<UploadedFile | undefined> {
  try {
    const form = await new Response(incoming.bodyBytes, {
      headers: { 'content-type': incoming.contentType },
    }).formData();
    const part = form.get('file');
    if (part === null || typeof part === 'string') return undefined;
    return { bytes: new Uint8Array(await part.arrayBuffer()), fileName: part.name, contentType: part.type };
  } catch {
    return undefined;
  }
}

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is `127.0.0.1`. */
export function normalizeIp(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
