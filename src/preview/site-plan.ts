import { holdNote } from '../report/plan-output.js';
import { isDocumentKind } from '../resources/registry.js';
import type { DocumentView } from '../resources/view.js';
import type { Change, Plan } from '../sync/plan.js';
import { escapeHtml, linkTo } from './html.js';
import { badge, type PageContext } from './layout.js';
import type { SiteModel } from './site-model.js';
import { comparePath } from './site-paths.js';

/**
 * The plan in the preview (`oc-sync preview --env`): what apply would do to each document, as badges, and a compare
 * page per changed one. The preview never talks to the service: the CLI command makes the plan with `makePlan`,
 * the code `oc-sync plan` runs, and hands it here as plain data (`PreviewPlan`); the service's side of a compare is
 * the plan's `before` view, the body as the service holds it with oc-sync's placeholders.
 */

export interface PreviewPlan {
  /** The environment planned against. */
  environment: string;
  /** Undefined when no plan could be made (`error` says why: content/ does not validate, the service is down). */
  plan?: Plan;
  error?: string;
  /** When the service's list pages the plan used were fetched (they are kept between saves for a while). */
  listedAt?: Date;
  /** The plan of before the last save, shown while the plan is made again. */
  replanning?: boolean;
}

export interface SitePlan {
  environment: string;
  plan?: Plan;
  error?: string;
  listedAt?: Date;
  replanning?: boolean;
  /** Each document's change, by key (no-ops included: they badge nothing). */
  changes: Map<string, Change>;
  /** Deletes of documents content/ no longer has (no page of their own), by kind. */
  deletes: Map<string, Change[]>;
}

/** The site with the plan attached: pages read it from `site.plan`. */
export function attachPlan(site: SiteModel, input: PreviewPlan | undefined): SiteModel {
  if (!input) return site;
  const changes = new Map<string, Change>();
  const deletes = new Map<string, Change[]>();
  for (const change of input.plan?.changes ?? []) {
    if (!isDocumentKind(change.kind)) continue;
    if (change.action === 'delete' && !site.documents.get(change.key)?.document) {
      deletes.set(change.kind, [...(deletes.get(change.kind) ?? []), change]);
    } else changes.set(change.key, change);
  }
  site.plan = { ...input, changes, deletes };
  return site;
}

/** What a change does, as a document's badge says it: new, changed, moved, to be deleted, drifted; none for a no-op. */
export function planLabel(change: Change): string | undefined {
  if (change.drifted) return change.hold === 'conflict' ? 'conflict' : 'drifted';
  switch (change.action) {
    case 'create':
      return 'new';
    case 'update':
      return 'changed';
    case 'move':
      return 'moved';
    case 'delete':
      return 'to be deleted';
    default:
      return undefined;
  }
}

/** The two sides of a changed document: the service's view (fetched by the plan) and content/'s; none otherwise. */
export function compareViews(
  change: Change | undefined,
): { before: DocumentView; after: DocumentView } | undefined {
  if (!change || (change.action !== 'update' && change.action !== 'move')) return undefined;
  const { before, after } = change;
  if (!before || !('contents' in before) || !('contents' in after)) return undefined;
  return { before, after };
}

/** A document's plan badges: what apply would do, and why it would not (the hold, as the plan words it). */
export function planBadges(context: PageContext, key: string): string[] {
  const change = context.site.plan?.changes.get(key);
  const label = change && planLabel(change);
  if (!change || !label) return [];
  const badges = [badge(label, `plan plan-${label.replaceAll(' ', '-')}`, change.reason)];
  if (change.hold) badges.push(badge('held', 'plan plan-held', holdNote(change)));
  const compare = comparePath(context.language, key);
  // Not on the compare page itself.
  if (compareViews(change) && context.page !== compare)
    badges.push(linkTo(context.page, compare, 'compare', ' class="badge compare"'));
  return badges;
}

/** On a document's page: why apply would leave it alone, or where it moved from. */
export function planNote(context: PageContext, key: string): string {
  const change = context.site.plan?.changes.get(key);
  if (!change) return '';
  if (change.hold)
    return `<p class="note plan-note"><strong>Not applied to ${escapeHtml(context.site.plan?.environment ?? '')}:</strong> ${escapeHtml(holdNote(change) ?? change.hold)}</p>`;
  return change.action === 'move'
    ? `<p class="meta">Moved from <code>${escapeHtml(change.previousKey)}</code>.</p>`
    : '';
}

/** On a section's page: the documents the plan deletes, which have no file (and so no page) any more. */
export function deletedList(context: PageContext, kind: string): string {
  const deletes = context.site.plan?.deletes.get(kind) ?? [];
  if (!deletes.length) return '';
  const rows = deletes.map((change) => {
    const title = change.title
      ? ` <span class="meta">${escapeHtml(JSON.stringify(change.title))}</span>`
      : '';
    const held = change.hold ? ` ${badge('held', 'plan plan-held', holdNote(change))}` : '';
    return `<li><code>${escapeHtml(change.key)}</code>${title} ${badge('to be deleted', 'plan plan-to-be-deleted', change.reason)}${held}</li>`;
  });
  return `<h2>To be deleted</h2><div class="card"><ul class="docs">${rows.join('')}</ul></div>`;
}
