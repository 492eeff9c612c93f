import { resources } from '../resources/registry.js';
import type { Change, Plan, UnmanagedItem } from '../sync/plan.js';
import { bodyAsText } from './body-text.js';
import { changeDetails, type Detail, type FileNames } from './change-details.js';
import { textDiff } from './text-diff.js';
import { planTranslationLines, planTranslationsSection } from './translations-output.js';
import { type UploadLine, uploadCounts, uploadLines } from './upload-lines.js';

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

/** No colour: for files, job summaries and terminals that do not want it. */
export const plain: Painter = {
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

/** `notice tags` → `Notice tags`, at the start of a sentence or a row. */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  const extra = [
    s.move ? `${s.move} to move` : '',
    s.conflicts ? `${s.conflicts} in conflict` : '',
    s.notDeleted ? `${s.notDeleted} not deleted` : '',
    s.notCreated ? `${s.notCreated} not created: already on the service` : '',
  ].filter(Boolean);
  const uploads = uploadCounts(plan);
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.drifted} drifted.${extra.length ? ` (${extra.join(', ')})` : ''}${uploads.length ? ` ${sentence(uploads.join(', '))}.` : ''}`;
}

/** Why a change is held, with the way out, as the plan shows it; its reason when it is not held. */
export function holdNote(change: Change): string | undefined {
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
    case 'exists-unmanaged':
      return `not created: ${change.reason} (take it over: oc-sync pull --adopt; create another: --allow-duplicates)`;
    case 'exists-owned':
      return `not created: ${change.reason} (if it is the same document, keep one of the two files; create another: --allow-duplicates)`;
    default:
      return change.reason;
  }
}

/** Each change's details, computed once per plan: the Markdown plan needs them three times, bodies are rendered. */
const detailsSeen = new WeakMap<Change, { files: FileNames | undefined; details: Detail[] }>();

function detailsOf(change: Change, files: FileNames | undefined): Detail[] {
  const seen = detailsSeen.get(change);
  if (seen && seen.files === files) return seen.details;
  const details = changeDetails(change, files);
  detailsSeen.set(change, { files, details });
  return details;
}

/** What changed, by the names the author knows: `pinned, tags, body (ko)`. */
function changedLabels(change: Change, files: FileNames | undefined): string {
  if (change.action === 'create' || change.action === 'delete') return '';
  return [...new Set(detailsOf(change, files).map((detail) => detail.label))].join(', ');
}

function label(change: Change): string {
  return resources[change.kind].label;
}

/**
 * Detail lines in the author's words (`change-details.ts`): `pinned: true → false`, and bodies as a Markdown line
 * diff under their label (indented by `bodyIndent`: the text output indents them, a Markdown ```diff block needs the
 * markers in the first column).
 */
function detailLines(change: Change, color: Painter, files: FileNames, bodyIndent = ''): string[] {
  const lines: string[] = [];
  if (change.action === 'create' || change.action === 'delete') return lines;
  for (const detail of detailsOf(change, files)) {
    if ('text' in detail) {
      lines.push(`${detail.label}: ${detail.text}`);
      continue;
    }
    lines.push(`${detail.label}:`);
    for (const line of bodyDiff(detail.body.before, detail.body.after)) {
      const paint = line.startsWith('+') ? color.green : line.startsWith('-') ? color.red : color.dim;
      lines.push(line ? `${bodyIndent}${paint(line)}` : '');
    }
  }
  return lines;
}

/**
 * A unified-style line diff of two bodies rendered as Markdown, with a little context; `…` stands for lines left
 * out. Lines carry no trailing spaces, so a blank context line is an empty string.
 */
export function bodyDiff(before: string | undefined, after: string | undefined, context = 2): string[] {
  const markdown = (html: string | undefined) => {
    const text = bodyAsText(html ?? '');
    return text ? `${text}\n` : '';
  };
  return textDiff(markdown(before), markdown(after), context);
}

function changeLine(change: Change, color: Painter): string {
  const symbol = change.hold && change.hold !== 'prune-off' ? '!' : symbols[change.action];
  const paintSymbol =
    symbol === '+' ? color.green : symbol === '-' ? color.red : symbol === '!' ? color.yellow : color.cyan;
  const title = change.title ? ` ${color.dim(JSON.stringify(change.title))}` : '';
  const from = change.action === 'move' ? ` (from ${change.previousKey})` : '';
  return `${paintSymbol(symbol)} ${label(change)} ${color.bold(change.key)}${from}${title}`;
}

/** How many changes share each hold note (`not deleted (prune is off)` for every notice removed). */
function noteCounts(changes: readonly Change[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const change of changes) {
    const note = holdNote(change);
    if (note && change.hold) counts.set(note, (counts.get(note) ?? 0) + 1);
  }
  return counts;
}

/** What a change counts as in the compact counts: its action, or why it is not applied. */
function countedAs(change: Change): string {
  if (change.action === 'delete' && change.hold) return 'not deleted';
  if (change.action === 'create' && change.hold) return 'not created';
  if (change.hold === 'drift') return 'drifted, not applied';
  if (change.hold === 'conflict') return 'in conflict';
  return `to ${change.action}`;
}

/** The changes of each kind, in the order the kinds first appear. */
function byKind(changes: readonly Change[]): Map<Change['kind'], Change[]> {
  const groups = new Map<Change['kind'], Change[]>();
  for (const change of changes) groups.set(change.kind, [...(groups.get(change.kind) ?? []), change]);
  return groups;
}

/** `3 to create, 1 to update`: what a kind's changes count as, in the order first met. */
function countsPhrase(changes: readonly Change[]): string {
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(countedAs(change), (counts.get(countedAs(change)) ?? 0) + 1);
  return [...counts].map(([what, n]) => `${n} ${what}`).join(', ');
}

/** `FAQ: 3 to create, 1 to update` — one line per kind, in the order the kinds first appear. */
function countLines(changes: readonly Change[]): string[] {
  return [...byKind(changes)].map(([kind, group]) => `${resources[kind].label}: ${countsPhrase(group)}`);
}

/** How many unmanaged items are named one by one; the rest are counted. */
const UNMANAGED_SHOWN = 10;

function unmanagedLines(items: readonly UnmanagedItem[]): string[] {
  const lines = items
    .slice(0, UNMANAGED_SHOWN)
    .map(
      (item) =>
        `${resources[item.kind].label} #${item.id}${item.title ? ` ${JSON.stringify(item.title)}` : ''}`,
    );
  if (items.length > UNMANAGED_SHOWN) lines.push(`… and ${items.length - UNMANAGED_SHOWN} more`);
  return lines;
}

export interface PlanTextOptions {
  /** Counts per kind and action, then one line per change: no field or body details (`plan --compact`). */
  compact?: boolean;
}

/** A note shared by this many changes or more is printed once, after them, with the count. */
const GROUPED_NOTE_MIN = 3;

export function formatPlanText(
  plan: Plan,
  header: PlanHeader,
  color: Painter = plain,
  options: PlanTextOptions = {},
): string {
  const out: string[] = [
    color.bold(`oc-sync plan — environment ${header.environment}, service ${header.serviceId}`),
    '',
  ];
  const visible = plan.changes.filter((c) => c.action !== 'noop');
  const uploads = uploadLines(plan);
  if (visible.length === 0 && uploads.length === 0) out.push('No changes. The service matches content/.');
  else if (options.compact) out.push(...countLines(visible), '');
  const notes = noteCounts(visible);
  for (const change of visible) {
    out.push(changeLine(change, color));
    const note = holdNote(change);
    if (note && (notes.get(note) ?? 0) < GROUPED_NOTE_MIN)
      out.push(`    ${change.hold ? color.yellow(note) : color.dim(note)}`);
    if (options.compact) continue;
    for (const line of detailLines(change, color, plan.files ?? {}, '  '))
      out.push(line ? `    ${line}` : '');
  }
  for (const [note, count] of notes)
    if (count >= GROUPED_NOTE_MIN) out.push('', color.yellow(`${count} of the changes above: ${note}`));
  if (uploads.length && visible.length) out.push('');
  for (const line of uploads) {
    out.push(`${line.symbol === '-' ? color.red('-') : color.green('↑')} ${line.text}`);
    if (line.note) out.push(`    ${color.dim(line.note)}`);
  }
  if (plan.unmanaged.length) {
    out.push(
      '',
      color.dim(
        `${plan.unmanaged.length} item(s) on the service are not managed by oc-sync and are left alone:`,
      ),
      ...unmanagedLines(plan.unmanaged).map((line) => color.dim(`  ${line}`)),
    );
  }
  for (const warning of plan.warnings) out.push(color.yellow(`warning: ${warning}`));
  out.push(...planTranslationLines(plan.translations, color));
  for (const refusal of plan.refusals ?? [])
    out.push(color.red(`apply will refuse this plan: ${refusal.message} (${refusal.hint})`));
  out.push('', color.bold(summaryLine(plan)));
  return out.join('\n');
}

/**
 * How large the Markdown plan may be, and where the rest is: GitHub refuses a comment over 65,536 characters and a
 * job summary over 1 MiB. Over the limit, whole detail sections are left out, the largest first, each replaced by
 * a line saying how many changes it held and `where` the full plan is — never a cut inside a tag or a code fence.
 */
export interface MarkdownBudget {
  limit: number;
  /** How the limit is counted: characters (the default) or, for the job summary, UTF-8 bytes. */
  measure?: (text: string) => number;
  /** `the full plan is in the workflow run's log`: the end of each line that stands for a section left out. */
  where: string;
}

/** One folded section: a kind's changes, or the unmanaged items. */
interface MarkdownSection {
  /** `FAQs: 3 to create, 1 to update` */
  summary: string;
  /** How many changes (or items) it shows, for the line that replaces it. */
  count: number;
  lines: string[];
  /** Shown unfolded: it holds something the reviewer must act on. */
  open?: boolean;
}

// Table cells: no line breaks or pipes; text cells also no HTML (titles come from content and the service).
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const escapeText = (text: string) => cell(text.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
const markOf = (change: Change) =>
  change.hold && change.hold !== 'prune-off' ? '⚠️' : symbols[change.action];
const registryOrder = Object.keys(resources);

/** The changes of each kind in the registry's order: a comment updated in place keeps its rows where they were. */
function kindGroups(changes: readonly Change[]): [Change['kind'], Change[]][] {
  const rank = ([kind]: [Change['kind'], Change[]]) => registryOrder.indexOf(kind);
  return [...byKind(changes)].sort((a, b) => rank(a) - rank(b));
}

/**
 * For PR comments, job summaries and `plan --format markdown`: the counts per kind first, then the plan's
 * warnings and refusals, then one folded section per kind (a table of its changes, each diff folded inside it).
 */
export function formatPlanMarkdown(plan: Plan, header: PlanHeader, budget?: MarkdownBudget): string {
  const top: string[] = [
    `### oc-sync plan — \`${header.environment}\` (service \`${header.serviceId}\`)`,
    '',
    `**${summaryLine(plan)}**`,
  ];
  const visible = plan.changes.filter((c) => c.action !== 'noop');
  const uploads = uploadLines(plan);
  if (visible.length === 0 && uploads.length === 0)
    top.push('', 'No changes. The service matches `content/`.');
  else if (visible.length) top.push('', ...countsTable(visible));
  // Above the fold: what apply would refuse and what the plan warns of concern the whole pull request.
  for (const refusal of plan.refusals ?? [])
    top.push('', `> ⛔ **apply will refuse this plan**: ${refusal.message} (${refusal.hint})`);
  for (const warning of plan.warnings) top.push('', `> ⚠️ ${warning}`);
  const sections = kindGroups(visible).map(([, changes]) => kindSection(changes, plan.files ?? {}));
  if (uploads.length) sections.push(uploadSection(plan, uploads));
  if (plan.unmanaged.length) sections.push(unmanagedSection(plan.unmanaged));
  const translations = planTranslationsSection(plan.translations);
  if (translations) sections.push(translations);
  return fitSections(top.join('\n'), sections, budget);
}

const COUNTED: readonly Change['action'][] = ['create', 'update', 'move', 'delete'];

/** Per kind: how many changes of each action apply will make, and how many it holds (shown, not applied). */
function countsTable(changes: readonly Change[]): string[] {
  const rows = kindGroups(changes).map(([kind, group]) => {
    const made = COUNTED.map((action) => group.filter((c) => c.action === action && !c.hold).length);
    const held = group.filter((c) => c.hold).length;
    return `| ${sentence(resources[kind].plural)} | ${[...made, held].join(' | ')} |`;
  });
  return [`| | ${COUNTED.join(' | ')} | held |`, `|---|${'--:|'.repeat(COUNTED.length + 1)}`, ...rows];
}

/**
 * A kind's changes: a table, then each diff folded. A section with a change that is held for a reason the reviewer
 * must act on (drift, a conflict, an item in use, a create the service already has) is open: that is what a
 * reviewer has to see before merging. Deletes held because prune is off are expected, and stay folded.
 */
function kindSection(changes: readonly Change[], files: FileNames): MarkdownSection {
  const lines = ['| | key | title | note |', '|---|---|---|---|'];
  for (const change of changes) {
    const key = change.action === 'move' ? `${change.previousKey} → ${change.key}` : change.key;
    const note = [holdNote(change), changedLabels(change, files)].filter(Boolean).join('; ');
    lines.push(
      `| ${markOf(change)} | \`${cell(key)}\` | ${escapeText(change.title ?? '')} | ${escapeText(note)} |`,
    );
  }
  for (const change of changes) lines.push(...diffDetails(change, files));
  const kind = changes[0]?.kind as Change['kind'];
  return {
    summary: `${sentence(resources[kind].plural)}: ${countsPhrase(changes)}`,
    count: changes.length,
    lines,
    open: changes.some((c) => markOf(c) === '⚠️'),
  };
}

/** One change's field and body diff, folded; nothing for a create or delete. */
function diffDetails(change: Change, files: FileNames): string[] {
  const lines = detailLines(change, plain, files);
  if (lines.length === 0) return [];
  return [
    '',
    ...foldedDiff(
      `${markOf(change)} <code>${escapeText(change.key)}</code>: ${escapeText(changedLabels(change, files))}`,
      lines,
    ),
  ];
}

/** A diff in a fenced block inside `<details>` with the given summary (HTML), for the PR comment. */
export function foldedDiff(summary: string, lines: readonly string[]): string[] {
  // Longer than any backtick run in the diff, so a code block in a body cannot close the fence.
  const longest = Math.max(0, ...lines.flatMap((line) => (line.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`<details><summary>${summary}</summary>`, '', `${fence}diff`, ...lines, fence, '', '</details>'];
}

/** The files apply uploads and the uploads it deletes: `Uploads: 4 uploads (62.3 KiB)`. */
function uploadSection(plan: Plan, uploads: readonly UploadLine[]): MarkdownSection {
  return {
    summary: `Uploads: ${uploadCounts(plan).join(', ')}`,
    count: uploads.length,
    lines: [
      '| | file | note |',
      '|---|---|---|',
      ...uploads.map(
        (line) => `| ${line.symbol} | ${escapeText(line.text)} | ${escapeText(line.note ?? '')} |`,
      ),
    ],
  };
}

function unmanagedSection(items: readonly UnmanagedItem[]): MarkdownSection {
  return {
    summary: `${items.length} item(s) on the service are not managed by oc-sync and are left alone`,
    count: items.length,
    lines: unmanagedLines(items).map((line) => `- ${escapeText(line)}`),
  };
}

function sectionText(section: MarkdownSection): string {
  const open = section.open ? ' open' : '';
  return [
    `<details${open}><summary>${section.summary}</summary>`,
    '',
    ...section.lines,
    '',
    '</details>',
  ].join('\n');
}

/** The top, then every section; over the budget, the largest sections give way to a line each until it fits. */
function fitSections(top: string, sections: readonly MarkdownSection[], budget?: MarkdownBudget): string {
  const parts = sections.map(sectionText);
  const join = () => [top, ...parts].join('\n\n');
  if (!budget) return join();
  const measure = budget.measure ?? ((text: string) => text.length);
  const largestFirst = parts.map((part, i) => ({ i, size: measure(part) })).sort((a, b) => b.size - a.size);
  for (const { i } of largestFirst) {
    if (measure(join()) <= budget.limit) break;
    const section = sections[i] as MarkdownSection;
    parts[i] =
      `**${section.summary}** — ${section.count} left out here to stay under GitHub's size limit; ${budget.where}.`;
  }
  return join();
}
