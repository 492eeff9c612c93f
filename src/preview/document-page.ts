import { translationStateOf } from '../content/translation-status.js';
import { categoryReferenceOf } from '../resources/registry.js';
import { renderBody } from './body.js';
import { categoryChain, documentBadges } from './document-row.js';
import { escapeHtml, linkTo } from './html.js';
import { capitalized, crumbs, layout, type PageContext } from './layout.js';
import { displayState, formatStamp } from './period.js';
import { problemsBox } from './problems-view.js';
import { documentTitle, itemName, type PreviewDocument, shownLanguage } from './site-model.js';
import { categoryPath, filePath, homePath, sectionPath } from './site-paths.js';
import { planNote } from './site-plan.js';

/**
 * A document as a reader of the page's language gets it: the translation, or — when there is none — the default
 * language's, which is what the service shows for a missing translation (oc-api.md §5.0, Projections: "the
 * `language` query param, or else the service default language"); the page says so.
 */
export function documentPage(context: PageContext, entry: PreviewDocument): string {
  const { site, language } = context;
  const title = documentTitle(site, entry, language);
  const { section } = entry;
  const trail = crumbs(context, [
    [homePath(language), 'Home'],
    [sectionPath(language, section.folder), capitalized(section.def.plural)],
    ...categoryTrail(context, entry),
    [context.page, title],
  ]);
  const parts = [trail, `<h1>${escapeHtml(title)}</h1>`];
  parts.push(`<p>${documentBadges(context, entry, { category: true }).join(' ')}</p>`);
  parts.push(
    planNote(context, entry.key),
    translationNote(context, entry),
    periodLine(context, entry),
    problemsBox(entry.problems),
  );
  parts.push(bodyOf(context, entry, title));
  parts.push(
    `<p class="meta">Files: ${entry.files.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}</p>`,
  );
  return layout(context, title, parts.join('\n'));
}

function categoryTrail(context: PageContext, entry: PreviewDocument): (readonly [string, string])[] {
  const { site, language } = context;
  const { section } = entry;
  if (section.preview.layout !== 'category-tree' || !entry.document) return [];
  const code = entry.document.fields[categoryReferenceOf(section.kind).field];
  return categoryChain(site, section, typeof code === 'string' ? code : undefined).map(
    (item) => [categoryPath(language, section.folder, item.code), itemName(site, item, language)] as const,
  );
}

function translationNote(context: PageContext, entry: PreviewDocument): string {
  const { site, language } = context;
  if (!entry.document)
    return '<p class="note">No document could be made of these files: see the problems below.</p>';
  const shown = shownLanguage(site, entry, language);
  if (shown === language) {
    if (translationStateOf(entry.document, language, site.defaultLanguage) !== 'stale') return '';
    const source = entry.document.files[site.defaultLanguage] ?? '';
    const file = entry.document.files[language] ?? '';
    return `<p class="note stale"><strong>Stale ${escapeHtml(language)} translation.</strong> ${escapeHtml(source)} changed since this translation was made, and readers of ${escapeHtml(language)} still get it as below. Update it (<code>oc-sync translations</code> shows what changed), then run <code>oc-sync translations mark ${escapeHtml(file)}</code>.</p>`;
  }
  return `<p class="note"><strong>No ${escapeHtml(language)} translation.</strong> Readers of ${escapeHtml(language)} see the ${escapeHtml(site.defaultLanguage)} version below: the service shows the default language when a translation is missing.</p>`;
}

function periodLine(context: PageContext, entry: PreviewDocument): string {
  const { period } = entry.section.preview;
  if (!period || !entry.document) return '';
  const f = entry.document.fields;
  const end = f[period.end] ? formatStamp(String(f[period.end])) : 'no end';
  const display = f[period.display] ? formatStamp(String(f[period.display])) : 'its start';
  const state = displayState(f, period, context.day);
  return `<p class="meta">Shown from ${escapeHtml(formatStamp(String(f[period.start] ?? '')))} to ${escapeHtml(end)}; dated ${escapeHtml(display)}. On ${escapeHtml(context.day)}: <strong>${state}</strong>.</p>`;
}

function bodyOf(context: PageContext, entry: PreviewDocument, title: string): string {
  const { site } = context;
  const shown = shownLanguage(site, entry, context.language);
  const content = shown ? entry.document?.contents[shown] : undefined;
  if (!content) return '';
  const body = renderBody(site, content.loadBody(), {
    page: context.page,
    language: context.language,
    shown: shown as string,
    title,
  });
  const broken = body.broken.length
    ? `<div class="problems" role="note"><strong class="broken">Leads nowhere:</strong><ul>${body.broken.map((b) => `<li class="broken">${escapeHtml(b)}</li>`).join('')}</ul></div>`
    : '';
  return `${broken}${attachmentList(context, content.attachments)}${body.frame}`;
}

function attachmentList(context: PageContext, paths: readonly string[]): string {
  if (!paths.length) return '';
  const items = paths.map((p) => {
    const found = context.site.attachments.get(p);
    return found
      ? `<li>${linkTo(context.page, filePath(p), found.fileName)} <span class="meta">(${found.size} bytes)</span></li>`
      : `<li class="broken">${escapeHtml(p)}: missing</li>`;
  });
  return `<section aria-label="Attachments"><h2>Attachments</h2><ul>${items.join('')}</ul></section>`;
}
