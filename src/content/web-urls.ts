/**
 * Which URLs in a document are web URLs — written into the HTML exactly as they are — and which are files under
 * content/ (issue 16). A URL with a scheme (`https:`, `mailto:`), a scheme-relative `//host/…`, a root-relative
 * `/hc/…` on the help center's site and a `#fragment` are web URLs. Anything else is relative, and a relative URL is
 * a file or a document under content/ — unless it is written `web:…`: `[guide](web:../guide)` is the page-relative
 * web URL `../guide`, never a file. Pull writes the page-relative URLs a service holds that way, so they render back
 * byte for byte.
 */

/** The prefix that marks a page-relative web URL in Markdown; it is removed when rendering. */
export const WEB_URL_PREFIX = 'web:';

/** A URL scheme and its colon (RFC 3986 §3.1), as a pattern to build other patterns with; match it ignoring case. */
export const URL_SCHEME_PATTERN = '[a-z][a-z0-9+.-]*:';

/** A URL that starts with a scheme (`https:`, `mailto:`, `web:`). */
export const URL_SCHEME = new RegExp(`^${URL_SCHEME_PATTERN}`, 'i');

/** A URL written into the HTML as it is: empty, a fragment, root- or scheme-relative, or with a scheme. */
export function isWebUrl(url: string): boolean {
  const trimmed = url.trim();
  return trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('/') || URL_SCHEME.test(trimmed);
}

export type WebUrlEscape =
  | { kind: 'none' }
  | { kind: 'web'; url: string }
  /** `web:` before a URL with a scheme, which could hide a `javascript:` from the unsafe-HTML check. */
  | { kind: 'refused'; url: string };

/** Reads the `web:` escape: the page-relative URL it stands for, or 'none' for any other URL. */
export function unescapeWebUrl(url: string): WebUrlEscape {
  const start = url.trimStart();
  if (!isEscaped(start)) return { kind: 'none' };
  // What follows the prefix is kept byte for byte, spaces included: it is what the service holds.
  const rest = start.slice(WEB_URL_PREFIX.length);
  // Read as a browser reads the URL: tabs and newlines inside it and leading spaces do not count.
  const seen = withoutLeadingControls(rest.replace(/[\t\n\r]/g, ''));
  // `web:web:…` is how pull writes a URL that starts with `web:` itself (an unknown scheme, harmless).
  if (URL_SCHEME.test(seen) && !isEscaped(seen)) return { kind: 'refused', url: rest };
  return { kind: 'web', url: rest };
}

/** A URL without the C0 controls and spaces a browser skips at its start. */
function withoutLeadingControls(url: string): string {
  let start = 0;
  while (start < url.length && url.charCodeAt(start) <= 0x20) start++;
  return url.slice(start);
}

function isEscaped(url: string): boolean {
  return url.slice(0, WEB_URL_PREFIX.length).toLowerCase() === WEB_URL_PREFIX;
}

/**
 * What pull writes for a URL the service holds that is not a file or document it downloaded: the URL itself when
 * content/ reads it as a web URL, else the `web:` form of it.
 */
export function escapeWebUrl(url: string): string | undefined {
  if (isWebUrl(url) && unescapeWebUrl(url).kind === 'none') return undefined;
  return `${WEB_URL_PREFIX}${url}`;
}
