import type { Root, RootContent } from 'hast';
import { fillUrlTemplate } from '../config/url-template.js';
import { ATTACHMENT_PLACEHOLDER, DOCUMENT_PLACEHOLDER } from '../content/desired-state.js';
import {
  compareTrees,
  describeDifference,
  normalizeWhitespace,
  parseFragment,
} from '../content/dom-equivalence.js';
import { URL_ATTRIBUTES } from '../content/markdown.js';
import type { AttachmentStore } from '../resources/attachment.js';
import { type LinkTargets, urlKindOf } from '../sync/links.js';

/**
 * Is a pulled body exact (issue #16)? What counts is not what the converter compared with (the service's HTML with
 * its links already rewritten), but what apply would send back to the same service: the written Markdown rendered
 * as the content reader renders it, its placeholders filled with the URLs they stand for there, compared as a DOM
 * with the HTML the service holds, before any rewriting.
 */

export interface PlaceholderTargets {
  targets: LinkTargets;
  /** A content-relative attachment path → the attachment it was pulled from. */
  attachment(path: string): { store: AttachmentStore; id: string } | undefined;
  /** A document key → the document on the service. */
  document(key: string): { kind: string; id: number } | undefined;
}

/**
 * Where the body written for `serviceHtml` renders differently from it, in one line (`describeDifference`), or
 * undefined when it renders the same. `rendered` is what its Markdown renders to as the content reader renders it
 * (`ConvertResult.rendered`).
 */
export function bodyDifference(
  serviceHtml: string,
  rendered: string,
  places: PlaceholderTargets,
): string | undefined {
  const sent = parseFragment(rendered);
  fillPlaceholders(sent, places);
  const difference = compareTrees(normalizeWhitespace(parseFragment(serviceHtml)), normalizeWhitespace(sent));
  return difference.same ? undefined : describeDifference(difference);
}

/** Placeholders in URL attributes → the URLs apply writes for them on the service pulled from. */
function fillPlaceholders(tree: Root, places: PlaceholderTargets): void {
  const visit = (node: Root | RootContent) => {
    if (node.type === 'element') {
      for (const attribute of URL_ATTRIBUTES[node.tagName] ?? []) {
        const value = node.properties[attribute];
        if (typeof value !== 'string') continue;
        const url = urlFor(value, places);
        if (url !== undefined) node.properties[attribute] = url;
      }
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
}

function urlFor(value: string, places: PlaceholderTargets): string | undefined {
  const { targets } = places;
  const base = { baseUrl: targets.baseUrl, serviceId: targets.serviceId };
  const split = (prefix: string) => {
    const rest = value.slice(prefix.length);
    const cut = rest.search(/[?#]/);
    return cut === -1 ? { name: rest, suffix: '' } : { name: rest.slice(0, cut), suffix: rest.slice(cut) };
  };
  if (value.startsWith(ATTACHMENT_PLACEHOLDER)) {
    const { name, suffix } = split(ATTACHMENT_PLACEHOLDER);
    const attachment = places.attachment(name);
    if (!attachment) return undefined;
    const url = fillUrlTemplate(targets.attachmentUrl, {
      ...base,
      kind: attachment.store,
      id: attachment.id,
    });
    return `${url}${suffix}`;
  }
  if (value.startsWith(DOCUMENT_PLACEHOLDER)) {
    const { name, suffix } = split(DOCUMENT_PLACEHOLDER);
    const document = places.document(name);
    if (!document) return undefined;
    const kind = urlKindOf(document.kind);
    return `${fillUrlTemplate(targets.documentUrl, { ...base, kind, id: document.id })}${suffix}`;
  }
  return undefined;
}
