import type { IncomingMessage } from 'node:http';

/** The lookup body is a handful of short fields; anything near this size is not Online Contact calling. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export type RawBody = { ok: true; bytes: Buffer } | { ok: false; reason: 'too-large' };

/**
 * Reads the body as bytes, exactly as sent — the signature covers these bytes, so nothing may re-encode them.
 * Past the limit (or when Content-Length already says so) it stops keeping data and lets the rest drain away, so
 * the connection stays usable for the 413 answer; an async iterator would destroy the socket on early exit.
 */
export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      resolve({ ok: false, reason: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume();
      resolve({ ok: false, reason: 'too-large' });
    };
    const onEnd = () => resolve({ ok: true, bytes: Buffer.concat(chunks) });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
