import { urlTemplatePatternSource } from '../config/url-template.js';
import { URL_SCHEME_PATTERN } from '../content/web-urls.js';
import { type AttachmentStore, attachmentStores } from '../resources/attachment.js';
import { urlKinds } from '../resources/registry.js';
import type { LinkTargets } from '../sync/links.js';

/**
 * Recognises the URLs an environment's `attachmentUrl` and `documentUrl` templates produce (DESIGN §1), so pull can
 * turn them into relative links to the files it writes — the inverse of what apply does. A URL may carry a query or
 * a fragment after the templated part (`…/attachments/help/{id}?type=download`, `…/faq/12#steps`); it is kept.
 */

export interface AttachmentUrl {
  /** Undefined when the template has no `{kind}`: the linking document's store is meant. */
  store?: AttachmentStore;
  id: string;
  /** `?…` or `#…` after the templated part, or ''. */
  suffix: string;
}

export interface DocumentUrl {
  /** The `{kind}` of the document URL (a document kind's `urlKind`); undefined without `{kind}`. */
  kind?: string;
  id: number;
  suffix: string;
  /**
   * `templated`: exactly what apply writes for that document (the `documentUrl` template). `root-relative`: the
   * template's path on the help center's site (`/hc/…` for `{baseUrl}/hc/…`), which apply would write another way.
   */
  form: 'templated' | 'root-relative';
}

export interface ServiceUrls {
  attachment(url: string): AttachmentUrl | undefined;
  document(url: string): DocumentUrl | undefined;
}

function templatePattern(
  template: string,
  targets: LinkTargets,
  kinds: readonly string[],
  id: string,
): RegExp {
  return new RegExp(`^${urlTemplatePatternSource(template, targets, kinds, id)}(?<suffix>[?#].*)?$`, 's');
}

/** `{baseUrl}` or `scheme://host`, then the path. */
const ABSOLUTE_TEMPLATE = new RegExp(`^(?:\\{baseUrl\\}|${URL_SCHEME_PATTERN}//[^/{}]+)(/.*)$`, 'i');

/**
 * The root-relative form of an absolute template (`{baseUrl}/hc/{serviceId}/…` or `https://help.example.com/hc/…`
 * → `/hc/{serviceId}/…`): how the help center's own pages link each other. Undefined for a root-relative template.
 */
export function rootRelativeTemplate(template: string): string | undefined {
  const path = ABSOLUTE_TEMPLATE.exec(template)?.[1];
  return path?.startsWith('//') ? undefined : path;
}

function documentOf(groups: Record<string, string | undefined>, form: DocumentUrl['form']): DocumentUrl {
  return {
    kind: groups.kind,
    id: Number(groups.id),
    suffix: groups.suffix ?? '',
    form,
  };
}

export function serviceUrls(targets: LinkTargets): ServiceUrls {
  const attachments = templatePattern(targets.attachmentUrl, targets, attachmentStores, '[0-9a-f]{32}');
  const documents = templatePattern(targets.documentUrl, targets, urlKinds, '\\d+');
  const pathTemplate = rootRelativeTemplate(targets.documentUrl);
  const rootRelative =
    pathTemplate === undefined ? undefined : templatePattern(pathTemplate, targets, urlKinds, '\\d+');
  return {
    attachment(url) {
      const groups = attachments.exec(url.trim())?.groups;
      if (!groups) return undefined;
      return {
        store: groups.kind as AttachmentStore | undefined,
        id: groups.id as string,
        suffix: groups.suffix ?? '',
      };
    },
    document(url) {
      const exact = documents.exec(url)?.groups;
      if (exact) return documentOf(exact, 'templated');
      const relative = rootRelative?.exec(url)?.groups;
      return relative && documentOf(relative, 'root-relative');
    },
  };
}
