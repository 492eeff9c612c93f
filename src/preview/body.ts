import type { Element, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { ATTACHMENT_PLACEHOLDER, DOCUMENT_PLACEHOLDER } from '../content/desired-state.js';
import { isWebUrl } from '../content/web-urls.js';
import { escapeHtml, hrefFrom } from './html.js';
import type { SiteModel } from './site-model.js';
import { assetPath, documentPath, filePath } from './site-paths.js';

/**
 * A document body as the preview shows it: the reader's placeholders (`oc-sync:document/<key>`,
 * `oc-sync:attachment/<path>`) become links inside the preview, and a link or file that leads nowhere is marked.
 *
 * Isolation: a body is the service's content and may hold `<script>`, event handlers or iframes
 * (`allowUnsafeHtml`). It is shown in `<iframe sandbox srcdoc>` WITHOUT `allow-scripts`, so nothing in it runs —
 * not in the preview's origin, not at all (nested frames inherit the sandbox). `allow-same-origin` is kept (safe
 * without `allow-scripts`: the frame has no script to use it) so the preview's own script can size the frame to its
 * content; `allow-top-navigation-by-user-activation` lets a reader's click on a link open the target page. The
 * server adds a CSP (`script-src 'self'`) as a second wall; the static export relies on the sandbox alone.
 */

const processor = unified().use(rehypeParse, { fragment: true }).use(rehypeStringify);

/** URL attributes of elements, as hast names them. */
const URL_PROPERTIES = ['href', 'src', 'poster'] as const;

export interface RenderedBody {
  /** The `<iframe>` element. */
  frame: string;
  /** What leads nowhere: `link to … (reason)`. */
  broken: string[];
}

export function renderBody(
  site: SiteModel,
  html: string,
  /** `language`: the page's, which links stay in; `shown`: the body's own (the default one's, for a missing translation). */
  context: { page: string; language: string; shown: string; title: string },
): RenderedBody {
  const tree = processor.parse(html) as Root;
  const broken: string[] = [];
  visit(tree, 'element', (node: Element) => {
    for (const property of URL_PROPERTIES) {
      const value = node.properties[property];
      if (typeof value !== 'string') continue;
      const target = resolveUrl(site, value, context);
      if (target.url !== undefined) node.properties[property] = target.url;
      if (target.broken) {
        broken.push(target.broken);
        node.properties.dataPreviewBroken = target.broken;
        node.properties.title = target.broken;
      }
    }
  });
  const inner = processor.stringify(tree);
  const page = [
    `<!doctype html><html lang="${escapeHtml(context.shown)}"><head><meta charset="utf-8">`,
    '<base target="_top">',
    `<link rel="stylesheet" href="${escapeHtml(hrefFrom(context.page, assetPath('body.css')))}">`,
    `</head><body>${inner}</body></html>`,
  ].join('');
  const frame = `<iframe class="body-frame" title="${escapeHtml(context.title)}" sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${escapeHtml(page)}"></iframe>`;
  return { frame, broken };
}

function resolveUrl(
  site: SiteModel,
  value: string,
  context: { page: string; language: string },
): { url?: string; broken?: string } {
  if (value.startsWith(DOCUMENT_PLACEHOLDER)) {
    const { path, suffix } = split(value.slice(DOCUMENT_PLACEHOLDER.length));
    const target = site.documents.get(path);
    if (!target?.document) return { broken: `link to ${path}: no such document` };
    const fragment = suffix.startsWith('#') ? suffix : '';
    return { url: hrefFrom(context.page, documentPath(context.language, path)) + fragment };
  }
  if (value.startsWith(ATTACHMENT_PLACEHOLDER)) {
    const { path } = split(value.slice(ATTACHMENT_PLACEHOLDER.length));
    if (!site.attachments.has(path)) return { broken: `file ${path}: missing` };
    return { url: hrefFrom(context.page, filePath(path)) };
  }
  if (value === '' || value.startsWith('#') || isWebUrl(value)) return {};
  // The reader left it as written because it found nothing there (content/broken-link and friends).
  return { broken: `link to ${value}: not found in content/` };
}

function split(rest: string): { path: string; suffix: string } {
  const cut = rest.search(/[?#]/);
  const raw = cut === -1 ? rest : rest.slice(0, cut);
  let path = raw;
  try {
    path = decodeURIComponent(raw);
  } catch {
    // Kept as written.
  }
  return { path, suffix: cut === -1 ? '' : rest.slice(cut) };
}
