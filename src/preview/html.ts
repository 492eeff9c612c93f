import path from 'node:path';

/** The one escape of the preview's HTML: text and attribute values alike (`&`, `<`, `>`, `"`, `'`). */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * A link from one page of the site to another (both site-relative paths such as `ko/faq/index.html`), relative, so
 * the same pages work from the preview server, from `file://` and from any static host.
 */
export function hrefFrom(fromPage: string, toPage: string): string {
  const relative = path.posix.relative(path.posix.dirname(fromPage), toPage) || path.posix.basename(toPage);
  return encodeURI(relative).replaceAll('?', '%3F').replaceAll('#', '%23');
}

/** `<a href>` to another page, the text escaped. */
export function linkTo(fromPage: string, toPage: string, text: string, attributes = ''): string {
  return `<a href="${escapeHtml(hrefFrom(fromPage, toPage))}"${attributes}>${escapeHtml(text)}</a>`;
}
