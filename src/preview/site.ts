import { comparePage } from './compare-page.js';
import { documentPage } from './document-page.js';
import { homePage } from './home-page.js';
import type { PageContext } from './layout.js';
import { problemsPage } from './problems-view.js';
import { categoryPage, sectionPage } from './section-pages.js';
import type { SiteModel } from './site-model.js';
import {
  COMPARE,
  categoryPath,
  comparePath,
  documentPath,
  homePath,
  problemsPath,
  sectionPath,
} from './site-paths.js';
import { compareViews } from './site-plan.js';

/**
 * The preview's pages by path: the server answers with `renderPage`, the static export writes every path of
 * `pagePaths`. Both render from the site model only.
 */

export interface RenderOptions {
  live: boolean;
  /** `YYYY-MM-DD`: the day dated documents are shown for. */
  day: string;
}

/** The page at a site-relative path (`ko/faq/index.html`), or undefined when there is none. */
export function renderPage(site: SiteModel, page: string, options: RenderOptions): string | undefined {
  const slash = page.indexOf('/');
  const language = page.slice(0, slash);
  if (slash === -1 || !site.languages.includes(language)) return undefined;
  const context: PageContext = { site, page, language, ...options };
  const rest = page.slice(slash + 1);
  if (rest === 'index.html') return homePage(context);
  if (rest === 'problems.html') return problemsPage(context);
  if (rest.startsWith(COMPARE)) return compare(context, rest.slice(COMPARE.length));
  for (const section of site.sections) {
    if (!rest.startsWith(`${section.folder}/`)) continue;
    const inner = rest.slice(section.folder.length + 1);
    if (inner === 'index.html') return sectionPage(context, section);
    const category =
      section.preview.layout === 'category-tree' ? /^_category\/(.+)\.html$/.exec(inner)?.[1] : undefined;
    const item = category ? site.items.get(section.content.categoryKind)?.get(category) : undefined;
    if (item) return categoryPage(context, section, item);
  }
  const key = rest.endsWith('.html') ? rest.slice(0, -'.html'.length) : undefined;
  const entry = key === undefined ? undefined : site.documents.get(key);
  return entry ? documentPage(context, entry) : undefined;
}

/** A changed document's compare page, when the plan has two sides of it. */
function compare(context: PageContext, rest: string): string | undefined {
  const key = rest.endsWith('.html') ? rest.slice(0, -'.html'.length) : undefined;
  const entry = key === undefined ? undefined : context.site.documents.get(key);
  const change = key === undefined ? undefined : context.site.plan?.changes.get(key);
  const views = compareViews(change);
  return entry && change && views ? comparePage(context, entry, change, views) : undefined;
}

/** Every page of the site, for the static export. */
export function pagePaths(site: SiteModel): string[] {
  const pages: string[] = [];
  for (const language of site.languages) {
    pages.push(homePath(language), problemsPath(language));
    for (const section of site.sections) {
      pages.push(sectionPath(language, section.folder));
      if (section.preview.layout !== 'category-tree') continue;
      for (const code of site.items.get(section.content.categoryKind)?.keys() ?? [])
        pages.push(categoryPath(language, section.folder, code));
    }
    for (const key of site.documents.keys()) pages.push(documentPath(language, key));
    for (const [key, change] of site.plan?.changes ?? [])
      if (compareViews(change) && site.documents.has(key)) pages.push(comparePath(language, key));
  }
  return pages;
}

/** The site's root page: straight on to the default language's home. */
export function rootPage(site: SiteModel): string {
  const target = homePath(site.defaultLanguage);
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${target}"><title>Preview</title></head><body><a href="${target}">Help center preview</a></body></html>`;
}
