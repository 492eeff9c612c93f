import { timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ByteComparison, signaturesMatch } from '../../src/customer-data/timing-safe.js';

/** Wraps the real `timingSafeEqual`, recording the lengths it was given. */
function recording() {
  const calls: Array<[number, number]> = [];
  const compare: ByteComparison = (a, b) => {
    calls.push([a.byteLength, b.byteLength]);
    return timingSafeEqual(a, b);
  };
  return { calls, compare };
}

const expected = 'JkQPK/V5zdD29EvcLLfoj7CEAT+8x4emrxsqQ+rUzuc=';

describe('signaturesMatch', () => {
  it('compares equal-length signatures with timingSafeEqual', () => {
    const { calls, compare } = recording();
    expect(signaturesMatch(expected, expected, compare)).toBe(true);
    expect(signaturesMatch(expected, `${expected.slice(0, -2)}A=`, compare)).toBe(false);
    expect(calls).toEqual([
      [44, 44],
      [44, 44],
    ]);
  });

  it.each([
    ['empty', ''],
    ['shorter', expected.slice(0, 10)],
    ['longer', `${expected}${expected}`],
    ['multi-byte', `${expected.slice(0, 43)}é`],
  ])('rejects a %s signature without throwing, still through a same-length comparison', (_, received) => {
    const { calls, compare } = recording();
    expect(signaturesMatch(expected, received, compare)).toBe(false);
    expect(calls).toEqual([[44, 44]]);
  });

  it('is case-sensitive, like the exact string comparison of the Java sample', () => {
    expect(signaturesMatch(expected, expected.toLowerCase())).toBe(false);
  });
});
