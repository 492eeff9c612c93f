import { documentRow, orderedDocuments } from './document-row.js';
import { escapeHtml, linkTo } from './html.js';
import { capitalized, layout, type PageContext } from './layout.js';
import { displayState } from './period.js';
import { categoryTree } from './section-pages.js';
import type { Section } from './site-model.js';
import { sectionPath } from './site-paths.js';

/**
 * The home page: per section, what its kind puts there — the category tree and the flagged documents (FAQs:
 * recommended, pinned), the latest dated ones shown today (notices), or a link (templates).
 */
export function homePage(context: PageContext): string {
  const parts = ['<h1>Help center</h1>'];
  if (context.site.diagnostics.length)
    parts.push(
      `<p class="problems">content/ has ${context.site.diagnostics.length} problem(s); see Problems.</p>`,
    );
  for (const section of context.site.sections) parts.push(homeSection(context, section));
  return layout(context, 'Home', parts.join('\n'));
}

function homeSection(context: PageContext, section: Section): string {
  const title = capitalized(section.def.plural);
  const heading = `<h2>${linkTo(context.page, sectionPath(context.language, section.folder), title)}</h2>`;
  const { preview } = section;
  if (preview.layout === 'category-tree') {
    const featured = (preview.flags ?? [])
      .filter((flag) => flag.home)
      .map((flag) => {
        const flagged = section.documents.filter((e) => e.document?.fields[flag.field] === true);
        const rows = flagged.map((e) => documentRow(context, e, { category: true })).join('');
        return `<h3>${escapeHtml(capitalized(flag.label))}</h3>${rows ? `<ul class="docs">${rows}</ul>` : '<p class="meta">None.</p>'}`;
      });
    return `<section class="card">${heading}${categoryTree(context, section)}${featured.join('')}</section>`;
  }
  if (preview.layout === 'dated' && preview.period) {
    const { period } = preview;
    const shown = orderedDocuments(section).filter(
      (e) => e.document && displayState(e.document.fields, period, context.day) === 'shown',
    );
    const rows = shown.slice(0, preview.latest ?? 5).map((e) => documentRow(context, e));
    return `<section class="card">${heading}<p class="meta">Latest shown on ${escapeHtml(context.day)}</p>${rows.length ? `<ul class="docs">${rows.join('')}</ul>` : '<p class="meta">None shown.</p>'}</section>`;
  }
  return `<section class="card">${heading}<p class="meta">${section.documents.length} ${escapeHtml(section.def.plural)}</p></section>`;
}
