import { parseFragment } from '../content/dom-equivalence.js';
import { URL_ATTRIBUTES } from '../content/markdown.js';
import type { AttachmentStore } from '../resources/attachment.js';
import type { DocumentKind } from '../resources/registry.js';
import { resourceOf } from '../resources/registry.js';
import type { DocumentView } from '../resources/view.js';
import type { ServiceUrls } from './service-urls.js';

export interface AttachmentInfo {
  attachmentId: string;
  fileName?: string | null;
  size?: number | null;
}

export interface WantedAttachment {
  store: AttachmentStore;
  id: string;
  /** The name the document lists it under, when it lists it. */
  fileName?: string;
}

/** What `wantedAttachments` reads of a document being written. */
export interface DocumentWithAttachments {
  kind: DocumentKind;
  record: Record<string, unknown>;
  view: DocumentView;
  /** The languages written. */
  languages: readonly string[];
}

export function storeOf(kind: DocumentKind): AttachmentStore | undefined {
  return resourceOf(kind).content?.attachmentStore;
}

/**
 * Every file the documents list or link to, once, by `store:id`: a listed one with the name the document gives it,
 * a linked one the first time it is seen.
 */
export function wantedAttachments(
  documents: readonly DocumentWithAttachments[],
  urls: ServiceUrls,
  defaultLanguage: string,
): Map<string, WantedAttachment> {
  const wanted = new Map<string, WantedAttachment>();
  for (const doc of documents) {
    const store = storeOf(doc.kind);
    if (!store) continue;
    for (const language of doc.languages) {
      for (const info of attachmentInfos(doc.record, language, defaultLanguage))
        wanted.set(`${store}:${info.attachmentId}`, {
          store,
          id: info.attachmentId,
          fileName: info.fileName ?? undefined,
        });
      for (const url of urlsIn(doc.view.contents[language]?.html ?? '')) {
        const found = urls.attachment(url);
        if (!found) continue;
        const key = `${found.store ?? store}:${found.id}`;
        if (!wanted.has(key)) wanted.set(key, { store: found.store ?? store, id: found.id });
      }
    }
  }
  return wanted;
}

/** The attachments a record lists for a language (single-language records list them at the top level). */
export function attachmentInfos(
  record: Record<string, unknown>,
  language: string,
  defaultLanguage: string,
): AttachmentInfo[] {
  const contents = record.contents as
    | Record<string, { attachments?: AttachmentInfo[] | null }>
    | null
    | undefined;
  if (contents && Object.keys(contents).length > 0) return contents[language]?.attachments ?? [];
  return language === defaultLanguage
    ? ((record.attachments as AttachmentInfo[] | null | undefined) ?? [])
    : [];
}

function urlsIn(html: string): string[] {
  const found: string[] = [];
  const visit = (node: import('hast').Root | import('hast').RootContent) => {
    if (node.type === 'element')
      for (const attribute of URL_ATTRIBUTES[node.tagName] ?? []) {
        const value = node.properties[attribute];
        if (typeof value === 'string') found.push(value);
      }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(parseFragment(html));
  return found;
}
