import { describe, expect, it } from 'vitest';
import { loadRun } from './load-run.js';

/**
 * A 600-document apply under 5% injected failures (500, 503, drops, 429, commit-then-fail), through the built CLI,
 * re-run until it exits 0: the service ends up holding exactly the content, once, owned by the state, with nothing
 * left to plan. The 10,000-document version is the opt-in soak (`npm run soak`).
 */
describe('load under injected failures', () => {
  it('600 documents, 5% failures: converges with the correct final state', { timeout: 120_000 }, async () => {
    const figures = await loadRun({ docs: 600, failureRate: 0.05 });
    // The faults really fired, of every kind.
    expect(figures.injectedTotal / figures.requests).toBeGreaterThan(0.03);
    for (const kind of ['status', 'drop', 'rate-limit', 'commit-then-fail'] as const)
      expect(figures.injected[kind], kind).toBeGreaterThan(0);
    expect(figures.runs.at(-1)?.code, JSON.stringify(figures.runs, null, 2)).toBe(0);
    expect(figures.final).toEqual({
      remote: figures.final.expected,
      expected: { faq: 420, notice: 180, template: 0 },
      duplicates: [],
      stateOwnsExactlyRemote: true,
      pending: 0,
      journalLeft: false,
      orphanUploads: figures.final.orphanUploads,
      planNoChanges: true,
    });
    // Only a committed upload whose answer was lost can be orphaned: the corpus has two uploads.
    expect(figures.final.orphanUploads).toBeLessThanOrEqual(2);
  });
});
