import type { AttachmentStore } from './attachment.js';
import { faq } from './faq.js';
import { faqCategory } from './faq-category.js';
import { heading } from './heading.js';
import { notice } from './notice.js';
import type { DocumentContent, ListContent, Reference, ResourceDef, ResourceKind } from './resource.js';
import { tag } from './tag.js';
import { template } from './template.js';

/** Every help-center resource kind. Adding a kind is one file plus one line here. */
export const resources = { notice, template, tag, heading, faq, faqCategory } as const satisfies Record<
  ResourceKind,
  ResourceDef
>;

export type Resources = typeof resources;
export const resourceList: readonly ResourceDef[] = Object.values(resources);

/** A kind's description, typed as the general shape (for code that handles every kind alike). */
export function resourceOf(kind: ResourceKind): ResourceDef {
  return resources[kind];
}

/** The kinds written as Markdown documents (FAQ, notice, template): derived from the registry. */
export type DocumentKind = {
  [K in keyof Resources]: Resources[K] extends { content: object } ? K : never;
}[keyof Resources];

/** The kinds written as YAML lists (tag, heading, FAQ category): derived from the registry. */
export type ListKind = {
  [K in keyof Resources]: Resources[K] extends { list: object } ? K : never;
}[keyof Resources];

/** The desired state's fields of the list kinds (`categories`, `headings`, `tags`): derived from the registry. */
export type ListField = {
  [K in ListKind]: Resources[K] extends { list: { entries: infer E extends string } } ? E : never;
}[ListKind];

export const documentKinds = resourceList.filter((def) => def.content).map((def) => def.kind as DocumentKind);
export const listKinds = resourceList.filter((def) => def.list).map((def) => def.kind as ListKind);

export function isDocumentKind(kind: ResourceKind): kind is DocumentKind {
  return resourceOf(kind).content !== undefined;
}

/** How a document kind refers to items of a list kind (its front-matter key, view field), if it does. */
export function referenceOf(kind: DocumentKind, to: ResourceKind): Reference | undefined {
  return resources[kind].content.references.find((reference) => reference.kind === to);
}

/** The reference of a document kind to its `categoryKind` (FAQ category, notice heading). */
export function categoryReferenceOf(kind: DocumentKind): Reference {
  return referenceOf(kind, resources[kind].content.categoryKind) as Reference;
}

/** The store a kind's attachment links are written against: its own, else notices' (templates upload none). */
export function linkStoreOf(def: ResourceDef): AttachmentStore {
  return def.content?.attachmentStore ?? 'notice';
}

/** The `{kind}` values of document URLs, alphabetically. */
export const urlKinds: readonly string[] = [
  ...new Set(documentKinds.map((kind) => resources[kind].content.urlKind)),
].sort();

/** The `{kind}` of the document URL of a kind; a kind without a page of its own is written as it is. */
export function urlKindOf(kind: string): string {
  return Object.hasOwn(resources, kind) ? (resourceOf(kind as ResourceKind).content?.urlKind ?? kind) : kind;
}

/** The document kinds a document URL of a `{kind}` may point at, in registry order. */
export function documentKindsOfUrl(urlKind: string): DocumentKind[] {
  return documentKinds.filter((kind) => resources[kind].content.urlKind === urlKind);
}

/** How a list kind is written, typed as the general shape with its desired-state field. */
export function listOf(kind: ListKind): ListContent & { entries: ListField } {
  return resources[kind].list;
}

/** Every desired-state field of a list kind, alphabetically. */
export const listFields: readonly ListField[] = listKinds.map((kind) => listOf(kind).entries).sort();

/** How a document kind is written, typed as the general shape. */
export function contentOf(kind: DocumentKind): DocumentContent {
  return resources[kind].content;
}
