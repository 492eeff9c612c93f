import type { FaultRule } from './options.js';

/**
 * Decides, per request, whether an injected fault applies: the first matching rule that fires, else a random 500
 * at `failRate`. All randomness comes from one seeded PRNG so a run replays identically.
 */
export class FaultInjector {
  private rules: { rule: FaultRule; remaining: number }[] = [];

  constructor(
    rules: readonly FaultRule[],
    private readonly failRate: number,
    private readonly random: () => number,
  ) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  pick(method: string, path: string): FaultRule | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.remaining <= 0 || !matches(rule, method, path)) continue;
      if (!this.roll(rule.rate ?? 1)) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.rules = this.rules.filter((other) => other !== entry);
      return rule;
    }
    return this.roll(this.failRate) ? { type: 'status', status: 500 } : undefined;
  }

  /** Certain outcomes (rate 0 or 1) draw nothing, so adding a plain rule does not shift the random sequence. */
  private roll(rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return this.random() < rate;
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? path.includes(rule.path) : rule.path.test(path);
}
