import { summaryLine } from '../report/plan-output.js';
import { escapeHtml, hrefFrom, linkTo } from './html.js';
import type { SiteModel } from './site-model.js';
import { assetPath, EVENTS_PATH, homePath, inLanguage, problemsPath, sectionPath } from './site-paths.js';

/** What every page is rendered with. */
export interface PageContext {
  site: SiteModel;
  /** Site-relative path of the page being rendered (`ko/faq/index.html`). */
  page: string;
  language: string;
  /** Served (live reload, date picker) rather than exported. */
  live: boolean;
  /** The day dated documents are shown for, `YYYY-MM-DD`. */
  day: string;
}

/** The frame of every page: skip link, sections, problems, the language switcher; `main` is already HTML. */
export function layout(context: PageContext, title: string, main: string): string {
  const { site, page, language, live } = context;
  const events = live ? ` data-events="${escapeHtml(hrefFrom(page, EVENTS_PATH))}"` : '';
  return [
    `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} · preview</title>`,
    `<link rel="stylesheet" href="${escapeHtml(hrefFrom(page, assetPath('style.css')))}">`,
    `<script src="${escapeHtml(hrefFrom(page, assetPath('preview.js')))}" defer></script>`,
    `</head><body data-version="${escapeHtml(site.version)}"${events}>`,
    '<a class="skip" href="#main">Skip to content</a>',
    `<header class="top">${linkTo(page, homePath(language), 'Help center preview', ' class="brand"')}`,
    sectionNav(context),
    languageNav(context),
    '</header>',
    `<main id="main" tabindex="-1">${planBanner(context)}${main}</main>`,
    `<footer>Built from ${escapeHtml(site.contentName)}/ at ${escapeHtml(site.builtAt.toISOString())}${live ? '; reloads when a file is saved' : ''}. Nothing here is published.</footer>`,
    '</body></html>',
  ].join('\n');
}

/** With `--env`: what the plan against the environment says, on every page (or why there is none). */
function planBanner(context: PageContext): string {
  const plan = context.site.plan;
  if (!plan) return '';
  const environment = `<strong>${escapeHtml(plan.environment)}</strong>`;
  if (plan.replanning)
    return `<p class="plan-banner replanning" role="status">Planning against ${environment} again after the save… The badges below are from the plan before it.</p>`;
  if (!plan.plan)
    return `<p class="plan-banner problems" role="status">No plan against ${environment}: ${escapeHtml(plan.error ?? 'not made')}</p>`;
  const asOf = plan.listedAt
    ? ` <span class="meta">Service state as of ${escapeHtml(clockTime(plan.listedAt, context.site.timeZone))}; edits made on the service since show after a save once it is a minute old.</span>`
    : '';
  return `<p class="plan-banner" role="status">Against ${environment}: ${escapeHtml(summaryLine(plan.plan))} Nothing is applied from here.${asOf}</p>`;
}

/** `12:03:04` in the help center's time zone. */
function clockTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(at);
}

function current(page: string, target: string): string {
  return page === target ? ' aria-current="page"' : '';
}

function sectionNav(context: PageContext): string {
  const { site, page, language } = context;
  const items = site.sections.map((section) => {
    const target = sectionPath(language, section.folder);
    return `<li>${linkTo(page, target, capitalized(section.def.plural), current(page, target))}</li>`;
  });
  const errors = site.diagnostics.length;
  const target = problemsPath(language);
  const count = errors ? ` <span class="badge problem">${errors}</span>` : '';
  items.push(
    `<li><a href="${escapeHtml(hrefFrom(page, target))}"${current(page, target)}>Problems</a>${count}</li>`,
  );
  return `<nav aria-label="Sections"><ul>${items.join('')}</ul></nav>`;
}

function languageNav(context: PageContext): string {
  const { site, page, language } = context;
  const items = site.languages.map((other) => {
    const attributes = `${other === language ? ' aria-current="true"' : ''} hreflang="${escapeHtml(other)}" lang="${escapeHtml(other)}"`;
    return `<li>${linkTo(page, inLanguage(page, other), other.toUpperCase(), attributes)}</li>`;
  });
  return `<nav class="languages" aria-label="Language"><ul>${items.join('')}</ul></nav>`;
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Breadcrumbs: pairs of page path and text, the last one the current page. */
export function crumbs(context: PageContext, trail: readonly (readonly [string, string])[]): string {
  const items = trail.map(([target, text], i) =>
    i === trail.length - 1
      ? `<li aria-current="page">${escapeHtml(text)}</li>`
      : `<li>${linkTo(context.page, target, text)}</li>`,
  );
  return `<nav class="crumbs" aria-label="Breadcrumbs"><ol>${items.join('')}</ol></nav>`;
}

export function badge(text: string, kind: string, title?: string): string {
  const described = title ? ` title="${escapeHtml(title)}"` : '';
  return `<span class="badge ${escapeHtml(kind)}"${described}>${escapeHtml(text)}</span>`;
}
