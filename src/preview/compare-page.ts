import { ATTACHMENT_PLACEHOLDER } from '../content/desired-state.js';
import { changeDetails, type Detail } from '../report/change-details.js';
import { bodyDiff } from '../report/plan-output.js';
import type { DocumentView } from '../resources/view.js';
import type { Change } from '../sync/plan.js';
import { renderBody } from './body.js';
import { documentBadges } from './document-row.js';
import { escapeHtml } from './html.js';
import { capitalized, crumbs, layout, type PageContext } from './layout.js';
import { documentTitle, type PreviewDocument, type SiteModel, shownLanguage } from './site-model.js';
import { documentPath, homePath, sectionPath } from './site-paths.js';

/**
 * A changed document's compare page (`oc-sync preview --env`): the service's current rendering — its HTML as the
 * plan fetched it, read back into oc-sync's placeholders — beside content/'s, each through `renderBody` in its own
 * sandboxed frame, and under them what changed in the author's words (`changeDetails`, bodies as `bodyDiff` lines,
 * the same the plan prints).
 */
export function comparePage(
  context: PageContext,
  entry: PreviewDocument,
  change: Change,
  views: { before: DocumentView; after: DocumentView },
): string {
  const { site, language } = context;
  const title = documentTitle(site, entry, language);
  const environment = site.plan?.environment ?? '';
  const trail = crumbs(context, [
    [homePath(language), 'Home'],
    [sectionPath(language, entry.section.folder), capitalized(entry.section.def.plural)],
    [documentPath(language, entry.key), title],
    [context.page, 'Compare'],
  ]);
  const service = serviceSide(context, views.before);
  const local = localSide(context, entry, title);
  const parts = [
    trail,
    `<h1>Compare: ${escapeHtml(title)}</h1>`,
    `<p>${documentBadges(context, entry).join(' ')}</p>`,
    '<div class="compare">',
    `<section aria-label="On the service"><h2>On ${escapeHtml(environment)} now</h2>${service}</section>`,
    `<section aria-label="In content/"><h2>In ${escapeHtml(site.contentName)}/ (what apply sends)</h2>${local}</section>`,
    '</div>',
    `<section aria-label="What changed"><h2>What changed</h2>${detailList(changeDetails(change, site.plan?.plan?.files))}</section>`,
  ];
  return layout(context, `Compare: ${title}`, parts.join('\n'));
}

function serviceSide(context: PageContext, before: DocumentView): string {
  const { site, language } = context;
  const shown = before.contents[language] ? language : site.defaultLanguage;
  const content = before.contents[shown];
  if (!content) return `<p class="note">The service has no ${escapeHtml(language)} version.</p>`;
  const missing =
    shown === language
      ? ''
      : `<p class="note">The service has no ${escapeHtml(language)} translation: readers get the ${escapeHtml(shown)} one.</p>`;
  const body = renderBody(site, withAttachmentPaths(site, content.html), {
    page: context.page,
    language,
    shown,
    title: `${content.title} (on the service)`,
  });
  return `${missing}<p class="compare-title">${escapeHtml(content.title)}</p>${body.frame}`;
}

function localSide(context: PageContext, entry: PreviewDocument, title: string): string {
  const { site, language } = context;
  const shown = shownLanguage(site, entry, language);
  const content = shown ? entry.document?.contents[shown] : undefined;
  if (!shown || !content) return '<p class="note">content/ has no version of it.</p>';
  const missing =
    shown === language
      ? ''
      : `<p class="note">No ${escapeHtml(language)} translation in content/: readers get the ${escapeHtml(shown)} one.</p>`;
  const body = renderBody(site, content.loadBody(), {
    page: context.page,
    language,
    shown,
    title: `${title} (in content/)`,
  });
  return `${missing}<p class="compare-title">${escapeHtml(content.title)}</p>${body.frame}`;
}

const IDENTITY_PLACEHOLDER = new RegExp(`${ATTACHMENT_PLACEHOLDER}([^"'#?\\s<>]+)`, 'g');

/** A view names attachments by identity (MD5 and name); the preview serves them by content path. */
function withAttachmentPaths(site: SiteModel, html: string): string {
  const byIdentity = new Map([...site.attachments.values()].map((a) => [a.identity, a.path]));
  return html.replace(IDENTITY_PLACEHOLDER, (whole, identity: string) => {
    const found = byIdentity.get(identity);
    return found ? `${ATTACHMENT_PLACEHOLDER}${found}` : whole;
  });
}

function detailList(details: readonly Detail[]): string {
  if (!details.length) return '<p class="meta">No difference in what readers see.</p>';
  const items = details.map((detail) => {
    if ('text' in detail)
      return `<li><strong>${escapeHtml(detail.label)}</strong>: ${escapeHtml(detail.text)}</li>`;
    const lines = bodyDiff(detail.body.before, detail.body.after).map((line) => {
      const mark = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'same';
      return `<span class="diff-${mark}">${escapeHtml(line)}</span>`;
    });
    return `<li><strong>${escapeHtml(detail.label)}</strong>:<pre class="diff">${lines.join('')}</pre></li>`;
  });
  return `<ul class="details">${items.join('')}</ul>`;
}
