import type { ApplyResult } from '../sync/apply.js';
import { type Change, movedFrom, type Plan } from '../sync/plan.js';

/**
 * What changed in the plan since the last one shown: watch prints only that, so a save shows the one document it
 * touched rather than the whole plan again. Pure: plans in, lists of changes out.
 */

/** The planned changes last shown, by `kind:key`, each with a fingerprint of what it would do. */
export type PlanBaseline = ReadonlyMap<string, { fingerprint: string; change: Change }>;

export interface PlanDelta {
  /** Planned now and new, or different from what was shown. */
  changed: Change[];
  /** Shown before and no longer planned: the service now matches (or the file went back to what it was). */
  settled: Change[];
  baseline: PlanBaseline;
}

export function changeId(change: Pick<Change, 'kind' | 'key'>): string {
  return `${change.kind}:${change.key}`;
}

/** What the change would do, so an edit that changes a document again shows again. */
function fingerprint(change: Change): string {
  return JSON.stringify([
    change.action,
    change.hold ?? '',
    change.changedFields,
    'payloadHash' in change ? change.payloadHash : '',
    movedFrom(change) ?? '',
    'remoteId' in change ? change.remoteId : '',
    change.reason ?? '',
  ]);
}

function visible(plan: Plan): Change[] {
  return plan.changes.filter((change) => change.action !== 'noop');
}

export function baselineOf(changes: readonly Change[]): PlanBaseline {
  return new Map(changes.map((change) => [changeId(change), { fingerprint: fingerprint(change), change }]));
}

export function planDelta(previous: PlanBaseline, plan: Plan): PlanDelta {
  const now = visible(plan);
  const ids = new Set(now.map(changeId));
  return {
    changed: now.filter((change) => previous.get(changeId(change))?.fingerprint !== fingerprint(change)),
    settled: [...previous].filter(([id]) => !ids.has(id)).map(([, shown]) => shown.change),
    baseline: baselineOf(now),
  };
}

/** After an apply, what is still planned: the changes it did not carry out (held, drifted, failed). */
export function remainingAfterApply(plan: Plan, result: ApplyResult): Change[] {
  const done = new Set(
    result.results
      .filter((r) => ['created', 'updated', 'moved', 'deleted'].includes(r.outcome))
      .map((r) => changeId(r.change)),
  );
  return visible(plan).filter((change) => !done.has(changeId(change)));
}
