import { timingSafeEqual } from 'node:crypto';

/** The byte comparison used; a parameter only so a test can observe that the constant-time path runs. */
export type ByteComparison = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => boolean;

/**
 * Compares a received signature with the expected one in time that does not depend on where they differ.
 * `timingSafeEqual` throws on buffers of different lengths, so a received value of the wrong length is compared
 * against a same-length stand-in instead: the work done is the same either way, and only the length of the
 * expected value — always 44 Base64 characters, public knowledge — could show.
 */
export function signaturesMatch(
  expected: string,
  received: string,
  compare: ByteComparison = timingSafeEqual,
): boolean {
  const expectedBytes = Buffer.from(expected, 'utf8');
  const receivedBytes = Buffer.from(received, 'utf8');
  const sameLength = expectedBytes.length === receivedBytes.length;
  const candidate = sameLength ? receivedBytes : Buffer.alloc(expectedBytes.length);
  const equalBytes = compare(expectedBytes, candidate);
  return sameLength && equalBytes;
}
