import type { AttachmentStore } from '../resources/attachment.js';
import { type LinkTargets, templatePatternSource } from '../sync/links.js';

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
  /** The `{kind}` of the document URL: `faq` or `notice` (notices and templates); undefined without `{kind}`. */
  kind?: 'faq' | 'notice';
  id: number;
  suffix: string;
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
  return new RegExp(`^${templatePatternSource(template, targets, kinds, id)}(?<suffix>[?#].*)?$`, 's');
}

export function serviceUrls(targets: LinkTargets): ServiceUrls {
  const attachments = templatePattern(targets.attachmentUrl, targets, ['notice', 'help'], '[0-9a-f]{32}');
  const documents = templatePattern(targets.documentUrl, targets, ['faq', 'notice'], '\\d+');
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
      const groups = documents.exec(url.trim())?.groups;
      if (!groups) return undefined;
      return {
        kind: groups.kind as 'faq' | 'notice' | undefined,
        id: Number(groups.id),
        suffix: groups.suffix ?? '',
      };
    },
  };
}
