import path from 'node:path';
import { formatPlanText, type Painter, type PlanHeader, summaryLine } from '../report/plan-output.js';
import { resources } from '../resources/registry.js';
import type { Plan } from '../sync/plan.js';
import type { PlanDelta } from './plan-delta.js';

/** What `oc-sync watch` prints, as pure text: data in, lines out. */

/** The files a save touched, the first three named. */
export function changedFilesText(files: readonly string[]): string {
  return files.slice(0, 3).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');
}

export function protectedRefusal(environment: string): string {
  return `environment ${environment} is protected: watch --apply only applies to unprotected environments. Watch without --apply to see the plans, and apply on purpose with oc-sync apply --env ${environment}.`;
}

/** What changed in the plan since the last print: the changes, the ones settled, the warnings and the summary. */
export function planDeltaText(delta: PlanDelta, plan: Plan, head: PlanHeader, color: Painter): string {
  const lines: string[] = [];
  if (delta.changed.length) {
    const text = formatPlanText(
      { ...plan, changes: delta.changed, unmanaged: [], warnings: [] },
      head,
      color,
    );
    // The header, a blank line, the changes, a blank line, the summary: keep the changes.
    lines.push(...text.split('\n').slice(2, -2));
  }
  for (const change of delta.settled) {
    lines.push(
      `${color.green('=')} ${resources[change.kind].label} ${color.bold(change.key)} ${color.dim('no longer changes')}`,
    );
  }
  if (lines.length === 0) lines.push(color.dim('the plan did not change'));
  for (const warning of plan.warnings) lines.push(color.yellow(`warning: ${warning}`));
  lines.push(color.bold(summaryLine(plan)));
  return lines.join('\n');
}

/**
 * Whether a change to `file` is noise: inside the watched content folder, hidden files and folders are not
 * documents (DESIGN §1), and editors' backup and swap files are not either. Outside it nothing is ignored.
 */
export function isIgnoredChange(watchedContent: string | undefined, file: string): boolean {
  if (!watchedContent) return false;
  const inside = path.relative(watchedContent, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return false;
  return inside.split(path.sep).some((part) => part.startsWith('.')) || /(~|\.sw[px]|\.tmp)$/.test(inside);
}
