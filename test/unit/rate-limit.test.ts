import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/remote/client.js';
import { createTokenBucket } from '../../src/remote/rate-limit.js';

/** A clock that only moves when someone sleeps, so the bucket's arithmetic is tested exactly. */
function fakeClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    get elapsed() {
      return now;
    },
  };
}

describe('token bucket', () => {
  it('allows a burst of one second, then one request per 1/rate seconds', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket(5, clock);
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(clock.elapsed).toBe(0);
    await bucket.take();
    expect(clock.elapsed).toBeCloseTo(200, 5);
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(clock.elapsed).toBeCloseTo(1200, 5);
  });

  it('serves concurrent waiters in order, never faster than the rate', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket(2, clock);
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    // 2 from the initial burst, then 4 more at 2 per second.
    expect(clock.elapsed).toBeCloseTo(2000, 5);
  });

  it('is unlimited when the rate is 0 or infinite', async () => {
    for (const rate of [0, Number.POSITIVE_INFINITY]) {
      const clock = fakeClock();
      const bucket = createTokenBucket(rate, clock);
      for (let i = 0; i < 100; i++) await bucket.take();
      expect(clock.elapsed).toBe(0);
    }
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 9000)).toBe(0);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
