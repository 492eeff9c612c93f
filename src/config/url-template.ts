/**
 * The `attachmentUrl` and `documentUrl` templates (DESIGN §1): how a link in rendered HTML points at an uploaded
 * file or at another document on the help center.
 */

export const URL_TEMPLATE_PLACEHOLDERS = ['baseUrl', 'serviceId', 'kind', 'id'] as const;

export type UrlTemplateValues = Record<(typeof URL_TEMPLATE_PLACEHOLDERS)[number], string | number>;

/**
 * Where the service serves an uploaded file: the v2 attachment download path (oc-api.md §5), `{kind}` being the
 * API's attachment kind (`notice` or `help`).
 */
export const DEFAULT_ATTACHMENT_URL = '{baseUrl}/{serviceId}/openapi/v2/attachments/{kind}/{id}';

/**
 * Where readers see a document: the help center's page for it, `{kind}` being `faq` or `notice`. The vendor does not
 * document its public help-center paths, so this is a plausible default that services with another layout
 * override in the config.
 */
export const DEFAULT_DOCUMENT_URL = '{baseUrl}/hc/{serviceId}/{kind}/{id}';

const placeholderPattern = /\{([^{}]*)\}/g;

/** The placeholder names in a template that are not one of the four known ones, in order of appearance. */
export function unknownPlaceholders(template: string): string[] {
  const known: readonly string[] = URL_TEMPLATE_PLACEHOLDERS;
  return [...template.matchAll(placeholderPattern)]
    .map((match) => match[1] as string)
    .filter((name) => !known.includes(name));
}

/** Fills a template; path parts are URI-encoded, `{baseUrl}` is inserted as is (it is a URL already). */
export function fillUrlTemplate(template: string, values: UrlTemplateValues): string {
  return template.replace(placeholderPattern, (whole, name: string) => {
    if (name === 'baseUrl') return String(values.baseUrl).replace(/\/+$/, '');
    if (name === 'serviceId' || name === 'kind' || name === 'id')
      return encodeURIComponent(String(values[name]));
    return whole;
  });
}

/** `text` as a regular expression that matches it literally. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The one URL-template pattern: a regex source matching every URL `template` fills to for this site, `{kind}` one
 * of `kinds` and `{id}` matching the `id` pattern, both captured as named groups. Apply's link reader
 * (`src/sync/links.ts`) finds such URLs inside HTML; pull (`src/pull/service-urls.ts`) anchors it to read whole URLs.
 */
export function urlTemplatePatternSource(
  template: string,
  site: { baseUrl: string; serviceId: string },
  kinds: readonly string[],
  id: string,
): string {
  // Letters only: fillUrlTemplate percent-encodes {kind} and {id}, which must not change the marker.
  const marker = 'OCSYNCMARKER';
  const filled = fillUrlTemplate(template, {
    baseUrl: site.baseUrl,
    serviceId: site.serviceId,
    kind: `${marker}kind${marker}`,
    id: `${marker}id${marker}`,
  });
  return filled
    .split(marker)
    .map((part, i) => {
      if (i % 2 === 0) return escapeRegExp(part);
      return part === 'kind' ? `(?<kind>${kinds.map(escapeRegExp).join('|')})` : `(?<id>${id})`;
    })
    .join('');
}
