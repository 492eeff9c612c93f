import type { DesiredListItem } from '../content/desired-state.js';
import { categoryChain, childItems, documentRow, documentsIn, orderedDocuments } from './document-row.js';
import { escapeHtml, linkTo } from './html.js';
import { capitalized, crumbs, layout, type PageContext } from './layout.js';
import { itemName, type Section } from './site-model.js';
import { categoryPath, homePath, sectionPath } from './site-paths.js';
import { deletedList } from './site-plan.js';

/** A section's index: its category tree, its dated list (with the day picker), or its plain list. */
export function sectionPage(context: PageContext, section: Section): string {
  const title = capitalized(section.def.plural);
  const trail = crumbs(context, [
    [homePath(context.language), 'Home'],
    [context.page, title],
  ]);
  const audience =
    section.preview.audience === 'agents'
      ? '<p class="note">Only agents see these (they are not on the help center).</p>'
      : '';
  return layout(
    context,
    title,
    `${trail}<h1>${escapeHtml(title)}</h1>${audience}${sectionBody(context, section)}`,
  );
}

function sectionBody(context: PageContext, section: Section): string {
  const { layout: kind } = section.preview;
  if (kind === 'category-tree') {
    const uncategorized = section.documents.filter((entry) => !entry.document);
    const rest = uncategorized.length
      ? `<h2>Files that made no ${escapeHtml(section.def.label)}</h2><ul class="docs">${uncategorized.map((e) => documentRow(context, e)).join('')}</ul>`
      : '';
    return `<div class="card">${categoryTree(context, section)}</div>${rest}${deletedList(context, section.kind)}`;
  }
  const rows = orderedDocuments(section).map((entry) => documentRow(context, entry));
  const picker = section.preview.period ? dayPicker(context) : '';
  const list = rows.length
    ? `<div class="card"><ul class="docs">${rows.join('')}</ul></div>`
    : '<p class="meta">None.</p>';
  return `${picker}${list}${deletedList(context, section.kind)}`;
}

/** The day dated documents are shown for: a form on the server, the export's day in a static copy. */
export function dayPicker(context: PageContext): string {
  if (!context.live)
    // A static copy has no server to ask: the page's script works the states out again in the browser.
    return [
      '<form class="day" data-static-day>',
      '<label for="day">What readers see on</label>',
      `<input id="day" type="date" name="date" value="${escapeHtml(context.day)}">`,
      `<span class="meta">(this copy was made on ${escapeHtml(context.day)})</span></form>`,
    ].join('');
  return [
    '<form class="day" method="get">',
    '<label for="day">What readers see on</label>',
    `<input id="day" type="date" name="date" value="${escapeHtml(context.day)}">`,
    '<button type="submit">Show</button></form>',
  ].join('');
}

/** The category tree, every level in `order`, with how many documents each category holds. */
export function categoryTree(context: PageContext, section: Section, parentCode?: string): string {
  const items = childItems(context.site, section, parentCode);
  if (!items.length) return parentCode ? '' : '<p class="meta">No categories.</p>';
  const rows = items.map((item) => {
    const count = documentsUnder(context, section, item.code);
    const link = linkTo(
      context.page,
      categoryPath(context.language, section.folder, item.code),
      itemName(context.site, item, context.language),
    );
    return `<li>${link} <span class="meta">(${count})</span>${missingName(context, item)}${categoryTree(context, section, item.code)}</li>`;
  });
  return `<ul class="tree">${rows.join('')}</ul>`;
}

function missingName(context: PageContext, item: DesiredListItem): string {
  return item.names[context.language] === undefined
    ? ` <span class="badge missing" title="shown in ${escapeHtml(context.site.defaultLanguage)}">no ${escapeHtml(context.language)}</span>`
    : '';
}

/** A category: where it is in the tree, its sub-categories and its documents. */
export function categoryPage(context: PageContext, section: Section, item: DesiredListItem): string {
  const { site, language } = context;
  const name = itemName(site, item, language);
  const trail = crumbs(context, [
    [homePath(language), 'Home'],
    [sectionPath(language, section.folder), capitalized(section.def.plural)],
    ...categoryChain(site, section, item.parentCode).map(
      (a) => [categoryPath(language, section.folder, a.code), itemName(site, a, language)] as const,
    ),
    [context.page, name],
  ]);
  const children = childItems(site, section, item.code);
  const sub = children.length
    ? `<h2>Sub-categories</h2><div class="card">${categoryTree(context, section, item.code)}</div>`
    : '';
  const rows = orderedDocuments(section, documentsIn(section, item.code)).map((e) => documentRow(context, e));
  const docs = rows.length
    ? `<div class="card"><ul class="docs">${rows.join('')}</ul></div>`
    : '<p class="meta">No documents in this category.</p>';
  const note =
    item.names[language] === undefined
      ? `<p class="note">This category has no ${escapeHtml(language)} name: readers see the ${escapeHtml(site.defaultLanguage)} one.</p>`
      : '';
  return layout(
    context,
    name,
    `${trail}<h1>${escapeHtml(name)}</h1>${note}${sub}<h2>${escapeHtml(capitalized(section.def.plural))}</h2>${docs}`,
  );
}

/** How many documents a category holds, its sub-categories' included. */
function documentsUnder(context: PageContext, section: Section, code: string): number {
  const children = childItems(context.site, section, code);
  return children.reduce(
    (sum, child) => sum + documentsUnder(context, section, child.code),
    documentsIn(section, code).length,
  );
}
