import path from 'node:path';
import type { AdoptResult } from '../pull/adopt.js';
import type { InexactBody, PulledDocument, PullResult } from '../pull/pull.js';
import { resources } from '../resources/registry.js';
import type { Painter } from './plan-output.js';

/** What a person reads after `pull` and `pull --adopt`: pure, strings in, strings out. */

export interface PullMeta {
  environment: string;
  serviceId: string;
  /** The folder written, relative to the working directory. */
  into: string;
  stateFile: string;
  requests: number;
  ms: number;
  verbose: boolean;
}

const marks: Record<PulledDocument['outcome'], string> = {
  created: '+',
  updated: '~',
  unchanged: ' ',
  'kept-local-edits': '!',
  'overwrote-local-edits': '~',
  removed: '-',
  'kept-deleted-remotely': '!',
  skipped: '✗',
};

const describe: Record<PulledDocument['outcome'], string> = {
  created: 'created',
  updated: 'updated from the service',
  unchanged: 'unchanged',
  'kept-local-edits': 'kept your local edits',
  'overwrote-local-edits': 'replaced your local edits with the service version (--force)',
  removed: 'removed: deleted on the service',
  'kept-deleted-remotely': 'kept: deleted on the service, but edited here',
  skipped: 'not pulled',
};

/** Outcomes worth a line even without --verbose. */
const notable = new Set<PulledDocument['outcome']>([
  'kept-local-edits',
  'overwrote-local-edits',
  'removed',
  'kept-deleted-remotely',
  'skipped',
]);

export function formatPullResult(result: PullResult, meta: PullMeta, color: Painter): string {
  const lines: string[] = [color.bold(`Pull from ${meta.environment} (${meta.serviceId}) into ${meta.into}`)];
  const documents = [...result.documents].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const doc of documents) {
    if (!meta.verbose && (!notable.has(doc.outcome) || (doc.outcome === 'kept-local-edits' && !doc.conflict)))
      continue;
    const paint =
      doc.outcome === 'skipped' || doc.conflict
        ? color.red
        : notable.has(doc.outcome)
          ? color.yellow
          : doc.outcome === 'created'
            ? color.green
            : (t: string) => t;
    const name = doc.key || `${resources[doc.kind].label} ${doc.id}`;
    const reason = doc.reason ? ` (${doc.reason})` : '';
    lines.push(paint(`  ${marks[doc.outcome]} ${name}: ${describe[doc.outcome]}${reason}`));
  }
  for (const list of result.lists) {
    if (list.outcome === 'unchanged' && !meta.verbose) continue;
    lines.push(
      `  ${list.outcome === 'created' ? '+' : list.outcome === 'updated' ? '~' : ' '} ${list.file}: ${list.outcome}`,
    );
  }
  for (const warning of result.warnings) lines.push(color.yellow(`warning: ${warning}`));
  for (const d of result.diagnostics)
    lines.push(color.red(`${d.file}:${d.line}:${d.column} ${d.message} [${d.rule}]`));

  const conflicts = documents.filter((d) => d.conflict);
  if (conflicts.length)
    lines.push(
      color.yellow(
        `${conflicts.length} document(s) changed both here and on the service were not overwritten. Apply yours with oc-sync apply --env ${meta.environment} --overwrite-drift, or take the service's with oc-sync pull --env ${meta.environment} --force.`,
      ),
    );
  const c = result.conversion;
  if (c.bodies > 0) {
    const b = c.blocks;
    lines.push(
      `Bodies: ${c.bodies} converted, ${c.exact} render to the same HTML as the service holds; blocks: ${b.markdown} Markdown, ${b['inline-html']} Markdown with inline HTML, ${b['wrapper-html']} in HTML wrappers, ${b.html} kept as HTML.`,
    );
    lines.push(...inexactLines(c.inexact, meta.verbose, color));
  }
  const count = (outcome: PulledDocument['outcome']) => documents.filter((d) => d.outcome === outcome).length;
  const kept = count('kept-local-edits') + count('kept-deleted-remotely');
  lines.push(
    color.bold(
      `Pull complete: ${count('created')} created, ${count('updated') + count('overwrote-local-edits')} updated, ${count('unchanged')} unchanged, ${kept} kept, ${count('removed')} removed, ${count('skipped')} skipped; ${result.attachments.written} attachment file(s) written; state ${meta.stateFile}; ${meta.requests} requests in ${(meta.ms / 1000).toFixed(1)} s.`,
    ),
  );
  return lines.join('\n');
}

/** Bodies listed without --verbose; the rest are counted. */
const INEXACT_SHOWN = 20;

function inexactLines(inexact: readonly InexactBody[], verbose: boolean, color: Painter): string[] {
  if (inexact.length === 0) return [];
  const shown = verbose ? inexact : inexact.slice(0, INEXACT_SHOWN);
  const one = inexact.length === 1;
  const lines = [
    color.yellow(
      `${inexact.length} ${one ? 'body does' : 'bodies do'} not render to the same HTML as the service holds; applying ${one ? 'it' : 'them'} would change the service's version:`,
    ),
    ...shown.map((b) => color.yellow(`  ≠ ${b.key} (${b.language}): ${b.reason}`)),
  ];
  if (shown.length < inexact.length)
    lines.push(color.yellow(`  … and ${inexact.length - shown.length} more (--verbose lists them all)`));
  return lines;
}

export function formatAdoptResult(
  result: AdoptResult,
  meta: { environment: string; cwd: string },
  color: Painter,
): string {
  const lines: string[] = [color.bold(`Adopt: matching content/ with ${meta.environment}`)];
  for (const doc of result.adopted) {
    const note = doc.same
      ? 'in sync'
      : `differs (${doc.changedFields.join(', ')}) from the service; the next plan holds it as drift: take the service version with oc-sync pull --env ${meta.environment}, or keep yours with oc-sync apply --env ${meta.environment} --overwrite-drift`;
    lines.push(
      `  ${doc.same ? '=' : color.yellow('~')} ${doc.key} ↔ ${resources[doc.kind].label} ${doc.id}: ${note}`,
    );
    for (const body of doc.bodyDifferences)
      lines.push(color.yellow(`    ≠ ${doc.key} (${body.language}): ${body.reason}`));
  }
  if (result.unmatchedLocal.length) {
    lines.push(color.yellow(`${result.unmatchedLocal.length} local document(s) not matched:`));
    for (const doc of result.unmatchedLocal)
      lines.push(color.yellow(`  ? ${doc.key} (${JSON.stringify(doc.title)}): ${doc.reason}`));
  }
  if (result.unmatchedRemote.length) {
    lines.push(
      color.yellow(
        `${result.unmatchedRemote.length} remote document(s) not matched (left alone; pull them to get their files):`,
      ),
    );
    for (const doc of result.unmatchedRemote)
      lines.push(
        color.yellow(
          `  ? ${resources[doc.kind].label} ${doc.id} (${JSON.stringify(doc.title)}): ${doc.reason}`,
        ),
      );
  }
  lines.push(
    color.bold(
      `Adopt complete: ${result.adopted.length} matched (${result.adopted.filter((d) => d.same).length} in sync), ${result.alreadyOwned} already in the state, ${result.unmatchedLocal.length} local and ${result.unmatchedRemote.length} remote unmatched, ${result.attachments} attachment(s); state ${path.relative(meta.cwd, result.stateFile) || result.stateFile}.`,
    ),
  );
  return lines.join('\n');
}
