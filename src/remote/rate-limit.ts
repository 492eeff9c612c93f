/**
 * A token bucket: up to `perSecond` requests each second on average, with a burst of at most one second's worth.
 * `take()` resolves when a token is available; waiters are served in order.
 */
export interface TokenBucket {
  take(): Promise<void>;
}

export function createTokenBucket(
  perSecond: number,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): TokenBucket {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return { take: async () => {} };
  const capacity = Math.max(1, perSecond);
  let tokens = capacity;
  let last = clock.now();
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const now = clock.now();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * perSecond);
    last = now;
  };

  const takeOne = async () => {
    refill();
    while (tokens < 1) {
      await clock.sleep(((1 - tokens) / perSecond) * 1000);
      refill();
    }
    tokens -= 1;
  };

  return {
    take() {
      // Chain waiters so they are served first come, first served.
      const turn = queue.then(takeOne);
      queue = turn.catch(() => {});
      return turn;
    },
  };
}
