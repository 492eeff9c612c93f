import type { DesiredListItem } from '../content/desired-state.js';
import { translationStateOf } from '../content/translation-status.js';
import type { ListKind } from '../resources/registry.js';
import { escapeHtml, linkTo } from './html.js';
import { badge, type PageContext } from './layout.js';
import { displayState, formatStamp, shownDate } from './period.js';
import { documentTitle, itemName, type PreviewDocument, type Section, type SiteModel } from './site-model.js';
import { documentPath } from './site-paths.js';
import { planBadges } from './site-plan.js';

/** How a document is shown in lists: its title, linked, and what a reader would notice about it, as badges. */
export function documentRow(
  context: PageContext,
  entry: PreviewDocument,
  options: { category?: boolean } = {},
): string {
  const { site, page, language } = context;
  const title = linkTo(page, documentPath(language, entry.key), documentTitle(site, entry, language));
  return `<li>${title} ${documentBadges(context, entry, options).join(' ')}</li>`;
}

export function documentBadges(
  context: PageContext,
  entry: PreviewDocument,
  options: { category?: boolean } = {},
): string[] {
  const { site, language } = context;
  const { preview } = entry.section;
  const fields = entry.document?.fields ?? {};
  const badges: string[] = [];
  if (preview.period && entry.document) {
    const state = displayState(fields, preview.period, context.day);
    // The period rides along, so a static copy's day picker can work the state out again (preview.js).
    const start = escapeHtml(String(fields[preview.period.start] ?? ''));
    const end = escapeHtml(String(fields[preview.period.end] ?? ''));
    badges.push(
      `<span class="badge state-${state}" title="on ${escapeHtml(context.day)}" data-start="${start}" data-end="${end}">${state}</span>`,
    );
    const date = shownDate(fields, preview.period);
    if (date) badges.push(`<span class="meta">${escapeHtml(formatStamp(date).slice(0, 10))}</span>`);
  }
  for (const flag of preview.flags ?? [])
    if (fields[flag.field] === true) badges.push(badge(flag.label, 'flag'));
  const status = statusOf(entry);
  if (status) badges.push(badge(status, 'hidden', 'readers do not see it'));
  for (const text of referenceNames(site, entry, language, options.category === true))
    badges.push(badge(text, 'ref'));
  if (entry.document && !entry.document.contents[language])
    badges.push(badge(`no ${language}`, 'missing', `shown in ${site.defaultLanguage}`));
  if (entry.document && translationStateOf(entry.document, language, site.defaultLanguage) === 'stale')
    badges.push(
      badge(`${language} stale`, 'stale', `its ${site.defaultLanguage} text changed since it was translated`),
    );
  if (entry.problems.length) badges.push(badge(`${entry.problems.length} problem(s)`, 'problem'));
  badges.push(...planBadges(context, entry.key));
  return badges;
}

/** The status name when readers do not see the document (draft, done, inactive); none when they do. */
export function statusOf(entry: PreviewDocument): string | undefined {
  const status = entry.section.preview.status;
  if (!status || !entry.document) return undefined;
  const value = String(entry.document.fields[status.field] ?? '');
  return value && value !== status.public ? (status.names[value] ?? value) : undefined;
}

/** Names of the list items a document refers to (heading, tags), in a language; the category too when asked. */
export function referenceNames(
  site: SiteModel,
  entry: PreviewDocument,
  language: string,
  withCategory: boolean,
): string[] {
  const { content } = entry.section;
  const fields = entry.document?.fields ?? {};
  const names: string[] = [];
  for (const reference of content.references) {
    if (
      !withCategory &&
      reference.kind === content.categoryKind &&
      entry.section.preview.layout === 'category-tree'
    )
      continue;
    const value = fields[reference.field];
    const codes = Array.isArray(value) ? value : value === undefined ? [] : [value];
    const items = site.items.get(reference.kind as ListKind);
    for (const code of codes) {
      const item = items?.get(String(code));
      names.push(item ? itemName(site, item, language) : String(code));
    }
  }
  return names;
}

/** A section's documents as a reader's list orders them: flagged `first` ones first, dated ones newest first. */
export function orderedDocuments(section: Section, documents = section.documents): PreviewDocument[] {
  const { preview } = section;
  const first = (preview.flags ?? []).filter((flag) => flag.first);
  const rank = (entry: PreviewDocument) =>
    first.reduce(
      (sum, flag, i) => sum + (entry.document?.fields[flag.field] === true ? 2 ** (first.length - i) : 0),
      0,
    );
  const date = (entry: PreviewDocument) =>
    preview.period && entry.document ? shownDate(entry.document.fields, preview.period) : '';
  return [...documents].sort(
    (a, b) => rank(b) - rank(a) || (date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : 0),
  );
}

/** The category items of a section, as children of a parent code (the first level for none), in `order`. */
export function childItems(
  site: SiteModel,
  section: Section,
  parentCode: string | undefined,
): DesiredListItem[] {
  const items = [...(site.items.get(section.content.categoryKind)?.values() ?? [])];
  return items
    .filter((item) => item.parentCode === parentCode)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
}

/** The documents filed under a category code. */
export function documentsIn(section: Section, code: string): PreviewDocument[] {
  return section.byCategory.get(code) ?? [];
}

/** A category and its ancestors, the first level first (none for no code). */
export function categoryChain(
  site: SiteModel,
  section: Section,
  code: string | undefined,
): DesiredListItem[] {
  const items = site.items.get(section.content.categoryKind);
  const chain: DesiredListItem[] = [];
  let item = code === undefined ? undefined : items?.get(code);
  // Bounded: a list with a loop in it is a problem of its own, reported by the reader.
  while (item && chain.length < 10) {
    chain.unshift(item);
    item = item.parentCode ? items?.get(item.parentCode) : undefined;
  }
  return chain;
}
