import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../src/sync/apply.js';
import { type Change, emptySummary, type Plan } from '../../src/sync/plan.js';
import { baselineOf, planDelta, remainingAfterApply } from '../../src/watch/plan-delta.js';

const change = (key: string, action: Change['action'], extra: Record<string, unknown> = {}): Change =>
  ({
    action,
    kind: 'faq',
    key,
    changedFields: action === 'update' ? ['contents.ko.body'] : [],
    payloadHash: `hash-${key}`,
    ...extra,
  }) as Change;

const plan = (changes: Change[]): Plan => ({
  changes,
  unmanaged: [],
  warnings: [],
  summary: emptySummary(),
});

describe('the plan delta watch prints', () => {
  it('shows new and different changes, and the ones that settled', () => {
    const first = plan([change('a', 'update'), change('b', 'create'), change('c', 'noop')]);
    const shown = baselineOf(first.changes.filter((c) => c.action !== 'noop'));
    const second = plan([
      change('a', 'update'),
      change('b', 'create', { payloadHash: 'edited again' }),
      change('c', 'update'),
      change('d', 'noop'),
    ]);
    const delta = planDelta(shown, second);
    expect(delta.changed.map((c) => c.key)).toEqual(['b', 'c']);
    expect(delta.settled).toEqual([]);

    const third = planDelta(delta.baseline, plan([change('c', 'update')]));
    expect(third.changed).toEqual([]);
    expect(third.settled.map((c) => c.key)).toEqual(['a', 'b']);
  });

  it('after an apply, only what it did not carry out stays planned', () => {
    const applied = plan([
      change('a', 'update'),
      change('b', 'update', { hold: 'drift' }),
      change('c', 'create'),
    ]);
    const result = {
      results: [
        { change: applied.changes[0], outcome: 'updated' },
        { change: applied.changes[1], outcome: 'skipped-drift' },
        { change: applied.changes[2], outcome: 'failed', error: 'boom' },
      ],
    } as unknown as ApplyResult;
    expect(remainingAfterApply(applied, result).map((c) => c.key)).toEqual(['b', 'c']);
  });
});
