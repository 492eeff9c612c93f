import { resources } from '../resources/registry.js';
import type { ApplyResult } from '../sync/apply.js';
import type { Painter } from './plan-output.js';

export interface ApplyResultMeta {
  requests: number;
  ms: number;
  environment: string;
  /**
   * What to do about the items skipped as drift, when the run was not `apply` of content/: after a migrate, a pull
   * would write the target's content into the repository.
   */
  driftHint?: string;
}

/** The end of an apply: counts, requests, time, and for each problem what to do about it. */
export function formatApplyResult(result: ApplyResult, meta: ApplyResultMeta, color: Painter): string {
  const c = result.counts;
  const lines: string[] = [];
  for (const r of result.results.filter((x) => x.outcome === 'failed')) {
    lines.push(color.red(`✗ ${resources[r.change.kind].label} ${r.change.key}: ${r.error}`));
  }
  for (const r of result.uploadResults) lines.push(color.red(`✗ upload of ${r.file} (${r.key}): ${r.error}`));
  const skipped = result.skipped;
  if (skipped.length) {
    lines.push(
      color.yellow(`${skipped.length} item(s) changed on the service since the last apply were not touched:`),
    );
    for (const r of skipped)
      lines.push(
        color.yellow(
          `  ! ${resources[r.change.kind].label} ${r.change.key}: ${r.change.reason ?? 'drifted'}`,
        ),
      );
    lines.push(
      color.yellow(
        `  ${meta.driftHint ?? `To keep the service version: oc-sync pull --env ${meta.environment}. To replace it with content/: oc-sync apply --env ${meta.environment} --overwrite-drift.`}`,
      ),
    );
  }
  const notCreated = result.results.filter((r) => r.outcome === 'not-created');
  if (notCreated.length) {
    lines.push(
      color.yellow(`${notCreated.length} document(s) were not created: the service already has them:`),
    );
    for (const r of notCreated)
      lines.push(color.yellow(`  ! ${resources[r.change.kind].label} ${r.change.key}: ${r.change.reason}`));
    if (notCreated.some((r) => r.change.hold === 'exists-unmanaged'))
      lines.push(
        color.yellow(
          `  Unmanaged ones (a lost or uncommitted state file, or another runner with its own) are taken over with: oc-sync pull --env ${meta.environment} --adopt.`,
        ),
      );
    if (notCreated.some((r) => r.change.hold === 'exists-owned'))
      lines.push(
        color.yellow(
          '  One that is another file of content/ is the same document twice: keep one of the files.',
        ),
      );
    lines.push(
      color.yellow(`  To create them anyway: oc-sync apply --env ${meta.environment} --allow-duplicates.`),
    );
  }
  const seconds = (meta.ms / 1000).toFixed(1);
  lines.push(
    color.bold(
      `Apply ${c.failed ? 'finished with errors' : 'complete'}: ${c.created} created, ${c.updated + c.moved} updated, ${c.deleted} deleted, ${c.unchanged} unchanged, ${c['skipped-drift'] + c['not-deleted'] + c['not-created']} skipped, ${c.failed} failed; ${result.uploads} upload(s), ${meta.requests} requests in ${seconds} s.`,
    ),
  );
  const failed = [...result.results.filter((r) => r.outcome === 'failed'), ...result.uploadResults];
  const refused = failed.filter((r) => r.retryable === false).length;
  if (refused)
    lines.push(
      `${refused} failure(s) were refused by the service for what was sent (see each ✗ line): running apply again will not change that. Change the document or list item named, then apply.`,
    );
  if (failed.length > refused)
    lines.push(
      `Run apply again to finish${refused ? ' the rest' : ''}: what succeeded is recorded, and nothing is done twice.`,
    );
  return lines.join('\n');
}
