import { diffLines } from 'diff';
import { resources } from '../resources/registry.js';
import type { DocumentView, ListView } from '../resources/view.js';
import type { Change, Plan } from '../sync/plan.js';
import { htmlToMarkdown } from './html-to-markdown.js';

/**
 * The plan for people: text for terminals (colour when asked), Markdown for PR comments and job summaries (long
 * diffs folded), and a stable JSON document for machines. Pure: strings in, strings out.
 */

export interface Painter {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const plain: Painter = {
  bold: (t) => t,
  dim: (t) => t,
  red: (t) => t,
  green: (t) => t,
  yellow: (t) => t,
  cyan: (t) => t,
};

export interface PlanHeader {
  environment: string;
  serviceId: string;
}

const symbols: Record<Change['action'], string> = {
  create: '+',
  update: '~',
  delete: '-',
  move: '→',
  noop: ' ',
};

export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  const extra = [
    s.move ? `${s.move} to move` : '',
    s.conflicts ? `${s.conflicts} in conflict` : '',
    s.notDeleted ? `${s.notDeleted} not deleted` : '',
  ].filter(Boolean);
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.drifted} drifted.${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

function holdNote(change: Change): string | undefined {
  switch (change.hold) {
    case 'prune-off':
      return 'not deleted (prune is off)';
    case 'drift':
      return `drifted: ${change.reason ?? 'changed on the service'}; not applied (pull to take the service version, or --overwrite-drift)`;
    case 'conflict':
      return `conflict: ${change.reason}; not applied (pull, merge by hand, then apply; or --overwrite-drift)`;
    case 'in-use':
    case 'empty-kind':
      return `not deleted: ${change.reason}`;
    default:
      return change.reason;
  }
}

function label(change: Change): string {
  return resources[change.kind].label;
}

/** Field-level lines: `status: "O" → "D"`, and bodies as a Markdown line diff. */
function detailLines(change: Change, color: Painter): string[] {
  const lines: string[] = [];
  if (change.action === 'create' || change.action === 'delete' || !change.before || !change.after)
    return lines;
  for (const field of change.changedFields) {
    const { before, after } = fieldValues(change.before, change.after, field);
    if (field.endsWith('.body')) {
      lines.push(`${field}:`);
      for (const line of bodyDiff(before as string | undefined, after as string | undefined)) {
        lines.push(
          line.startsWith('+') ? color.green(line) : line.startsWith('-') ? color.red(line) : color.dim(line),
        );
      }
    } else {
      lines.push(`${field}: ${show(before)} → ${show(after)}`);
    }
  }
  return lines;
}

function fieldValues(before: DocumentView | ListView, after: DocumentView | ListView, field: string) {
  const pick = (view: DocumentView | ListView): unknown => {
    if ('fields' in view) {
      const match = /^contents\.([^.]+)(?:\.(title|body|attachments))?$/.exec(field);
      if (!match) return view.fields[field];
      const content = view.contents[match[1] as string];
      if (!match[2]) return content ? '(present)' : '(absent)';
      if (!content) return undefined;
      return match[2] === 'body' ? content.html : match[2] === 'title' ? content.title : content.attachments;
    }
    return (view as unknown as Record<string, unknown>)[field];
  };
  return { before: pick(before), after: pick(after) };
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A unified-style line diff of two bodies rendered as Markdown, with a little context. */
export function bodyDiff(before: string | undefined, after: string | undefined, context = 2): string[] {
  const parts = diffLines(`${htmlToMarkdown(before ?? '')}\n`, `${htmlToMarkdown(after ?? '')}\n`);
  const lines: { mark: ' ' | '+' | '-'; text: string }[] = [];
  for (const part of parts) {
    const mark = part.added ? '+' : part.removed ? '-' : ' ';
    for (const text of part.value.replace(/\n$/, '').split('\n')) lines.push({ mark, text });
  }
  const keep = new Set<number>();
  lines.forEach((line, i) => {
    if (line.mark === ' ') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) keep.add(j);
  });
  const out: string[] = [];
  let last = -1;
  for (const i of [...keep].sort((a, b) => a - b)) {
    if (last !== -1 && i > last + 1) out.push('  …');
    const line = lines[i] as { mark: string; text: string };
    out.push(`${line.mark} ${line.text}`);
    last = i;
  }
  return out;
}

export function formatPlanText(plan: Plan, header: PlanHeader, color: Painter = plain): string {
  const out: string[] = [
    color.bold(`oc-sync plan — environment ${header.environment}, service ${header.serviceId}`),
    '',
  ];
  const visible = plan.changes.filter((c) => c.action !== 'noop');
  if (visible.length === 0) out.push('No changes. The service matches content/.');
  for (const change of visible) {
    const symbol = change.hold && change.hold !== 'prune-off' ? '!' : symbols[change.action];
    const paintSymbol =
      symbol === '+' ? color.green : symbol === '-' ? color.red : symbol === '!' ? color.yellow : color.cyan;
    const title = change.title ? ` ${color.dim(JSON.stringify(change.title))}` : '';
    const from = change.previousKey ? ` (from ${change.previousKey})` : '';
    out.push(`${paintSymbol(symbol)} ${label(change)} ${color.bold(change.key)}${from}${title}`);
    const note = holdNote(change);
    if (note) out.push(`    ${change.hold ? color.yellow(note) : color.dim(note)}`);
    for (const line of detailLines(change, color)) out.push(`    ${line}`);
  }
  if (plan.unmanaged.length) {
    out.push(
      '',
      color.dim(
        `${plan.unmanaged.length} item(s) on the service are not managed by oc-sync and are left alone.`,
      ),
    );
  }
  for (const warning of plan.warnings) out.push(color.yellow(`warning: ${warning}`));
  out.push('', color.bold(summaryLine(plan)));
  return out.join('\n');
}

/** For PR comments and job summaries: a table of changes, diffs folded in <details>. */
export function formatPlanMarkdown(plan: Plan, header: PlanHeader): string {
  const out: string[] = [
    `### oc-sync plan — \`${header.environment}\` (service \`${header.serviceId}\`)`,
    '',
    `**${summaryLine(plan)}**`,
    '',
  ];
  const visible = plan.changes.filter((c) => c.action !== 'noop');
  if (visible.length === 0) {
    out.push('No changes. The service matches `content/`.');
    return out.join('\n');
  }
  out.push('| | kind | key | title | note |', '|---|---|---|---|---|');
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const change of visible) {
    const symbol = change.hold && change.hold !== 'prune-off' ? '⚠️' : symbols[change.action];
    const key = change.previousKey ? `${change.previousKey} → ${change.key}` : change.key;
    out.push(
      `| ${symbol} | ${label(change)} | \`${escape(key)}\` | ${escape(change.title ?? '')} | ${escape(holdNote(change) ?? change.changedFields.join(', '))} |`,
    );
  }
  const detailed = visible.filter((c) => detailLines(c, plain).length > 0);
  for (const change of detailed) {
    out.push(
      '',
      `<details><summary>${symbols[change.action]} <code>${change.key}</code>: ${change.changedFields.join(', ')}</summary>`,
      '',
      '```diff',
    );
    out.push(...detailLines(change, plain));
    out.push('```', '', '</details>');
  }
  if (plan.unmanaged.length)
    out.push(
      '',
      `_${plan.unmanaged.length} item(s) on the service are not managed by oc-sync and are left alone._`,
    );
  for (const warning of plan.warnings) out.push('', `> ⚠️ ${warning}`);
  return out.join('\n');
}
