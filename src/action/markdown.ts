import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatSummary, summarize } from '../report/diagnostics-output.js';
import type { MarkdownBudget } from '../report/plan-output.js';

/**
 * The Action's Markdown besides the plan itself (which `report/plan-output.ts` renders): problems as a table, a
 * failure, the result of an apply, and the footer of the PR comment. Pure: data in, strings out.
 */

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Validation problems as a table; `files` maps a diagnostic's file to the name shown (relative to the repository). */
export function diagnosticsMarkdown(
  diagnostics: readonly Diagnostic[],
  files: (file: string) => string = (file) => file,
): string {
  if (diagnostics.length === 0) return 'No problems found.';
  const out = ['| | where | problem | rule |', '|---|---|---|---|'];
  for (const d of diagnostics) {
    const where = d.line > 0 ? `${files(d.file)}:${d.line}:${d.column || 1}` : files(d.file);
    const problem = d.hint ? `${d.message}<br>_${cell(d.hint)}_` : d.message;
    out.push(
      `| ${d.severity === 'error' ? '❌' : '⚠️'} | \`${cell(where)}\` | ${cell(problem)} | \`${d.rule}\` |`,
    );
  }
  return out.join('\n');
}

export function validateMarkdown(
  diagnostics: readonly Diagnostic[],
  files?: (file: string) => string,
): string {
  const summary = summarize(diagnostics);
  const status = summary.errors > 0 ? '❌' : '✅';
  return [
    `### oc-sync validate — ${status} ${formatSummary(summary)}`,
    '',
    diagnosticsMarkdown(diagnostics, files),
  ].join('\n');
}

/** A run that stopped before it could plan or apply: what happened, and every problem it names. */
export function failureMarkdown(options: {
  command: 'plan' | 'apply';
  environment: string;
  message: string;
  diagnostics?: readonly Diagnostic[];
  files?: (file: string) => string;
}): string {
  const out = [
    `### oc-sync ${options.command} — \`${options.environment}\``,
    '',
    `❌ **${options.command === 'plan' ? 'No plan' : 'Nothing was applied'}:** ${cell(options.message)}`,
  ];
  if (options.diagnostics?.length) out.push('', diagnosticsMarkdown(options.diagnostics, options.files));
  return out.join('\n');
}

/** The end of an apply for the job summary: the result line, then every failure and drifted item. */
export function applyMarkdown(options: {
  environment: string;
  serviceId: string;
  /** `formatApplyResult` without colour: problem lines, the `Apply …` summary line, what to do next. */
  resultText: string;
  notes: readonly string[];
  planMarkdown: string;
}): string {
  const all = options.resultText.split('\n');
  const at = all.findIndex((line) => /^Apply (complete|finished)/.test(line));
  const summary = all[at] ?? '';
  const lines = all.filter((_, i) => i !== at);
  const failed = /finished with errors/.test(summary) || lines.length > 0;
  const out = [
    `### oc-sync apply — \`${options.environment}\` (service \`${options.serviceId}\`)`,
    '',
    `${failed ? '❌' : '✅'} **${summary}**`,
  ];
  for (const note of options.notes) out.push('', `> ${note}`);
  if (lines.length) out.push('', '```text', ...lines, '```');
  out.push(
    '',
    '<details><summary>The plan that was applied</summary>',
    '',
    options.planMarkdown,
    '',
    '</details>',
  );
  return out.join('\n');
}

/**
 * The PR comment's line for the preview the plan workflow uploads (`OC_SYNC_PREVIEW_ARTIFACT`): the help center as
 * readers will see it, badged by the plan, linked at the run's artifacts (`${runUrl}#artifacts`).
 */
export function previewLine(artifact: string, runUrl: string | undefined): string {
  const where = runUrl ? `[this workflow run](${runUrl}#artifacts)` : 'this workflow run';
  return `**Preview:** the help center as readers will see it, each document badged by this plan, with a compare page per changed one: the \`${artifact.replaceAll('`', '')}\` artifact of ${where} (download, unzip, open \`index.html\`).`;
}

export function commentFooter(options: { sha?: string; runUrl?: string; now?: Date }): string {
  const parts = ['oc-sync'];
  if (options.sha) parts.push(`commit ${options.sha.slice(0, 7)}`);
  parts.push((options.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z'));
  if (options.runUrl) parts.push(`[workflow run](${options.runUrl})`);
  return `<sub>${parts.join(' · ')}</sub>`;
}

/**
 * Where the whole plan is when a comment or summary leaves sections out. The Action writes the plan file (the
 * `plan-file` output) but uploads nothing itself; the plan workflow `oc-sync init` writes keeps it as the artifact
 * `oc-sync-plan`. The step's log always has every change: `formatPlanText` is printed unabridged.
 */
const PLAN_ARTIFACT = 'and as JSON in the `oc-sync-plan` artifact where the workflow keeps the plan file';

/** A PR comment's plan: `room` characters (what the marker and footer leave), the rest in the workflow run. */
export function commentBudget(room: number, runUrl: string | undefined): MarkdownBudget {
  const log = runUrl ? `the [workflow run](${runUrl})'s log` : 'the job log';
  return { limit: room, where: `the full plan is in ${log}, ${PLAN_ARTIFACT}` };
}

/** A job summary's plan: `room` UTF-8 bytes (GitHub counts the summary's size, not its characters). */
export function summaryBudget(room: number): MarkdownBudget {
  return {
    limit: room,
    measure: (text) => Buffer.byteLength(text, 'utf8'),
    where: `the full plan is in this step's log, ${PLAN_ARTIFACT}`,
  };
}
