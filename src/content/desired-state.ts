import type { AttachmentStore } from '../resources/attachment.js';
import { type ListField, listFields } from '../resources/registry.js';
import type { ResourceKind } from '../resources/resource.js';

/**
 * The desired state read from `content/`: plain data, the input of the planner. References between things are
 * codes and keys, never remote ids — those come from the remote state and the state file.
 */

export type Names = Record<string, string>;

export interface Located {
  /** Project-relative file and 1-based line where it is declared, for messages. */
  file: string;
  line: number;
}

/** An entry of a YAML list (a tag, heading or FAQ category), identified by its code. */
export interface DesiredListItem extends Located {
  code: string;
  names: Names;
  /** Kinds whose entries have an order: the entry's, else its position among its siblings. */
  order?: number;
  /** Nested kinds: the parent's code (none on the first level). */
  parentCode?: string;
  /** Nested kinds: 1 on the first level. */
  level?: number;
}

export interface DesiredAttachment {
  /** Content-relative path, `/` separators. */
  path: string;
  store: AttachmentStore;
  md5: string;
  size: number;
  /** The path's last segment: the name the service offers the file under. */
  fileName: string;
  /** `attachmentIdentity(md5, fileName)`: uploads are one per store and identity. */
  identity: string;
}

export interface DesiredContent {
  title: string;
  /**
   * Reads the rendered HTML, with `oc-sync:attachment/<path>` and `oc-sync:document/<key>` placeholders where apply
   * will write the attachment and document URLs. An explicit read, not a field: for a document from the render cache
   * it reads the cache's pack file each time (nothing is kept), so only code that needs a body calls it.
   */
  loadBody: () => string;
  /** Content-relative paths of the files attached to this language, in first-use order. */
  attachments: string[];
  /**
   * `translationHash` of this language's title and body as written (`content/translation-hash.ts`): the default
   * language's is what its translations record in `translatedFrom`.
   */
  textHash: string;
  /** A translation's `translatedFrom:`: the default language's `textHash` it was translated from, when marked. */
  translatedFrom?: string;
}

export interface DesiredDocument {
  kind: ResourceKind;
  /** `faq/billing/refund-request`: the path under `content/` without language suffix and extension. */
  key: string;
  /** Project-relative file of each language. */
  files: Record<string, string>;
  /** Shared API fields from the default-language front matter, references as codes. */
  fields: Record<string, unknown>;
  contents: Record<string, DesiredContent>;
  /** Keys of the documents this one links to. */
  links: string[];
  previously: string[];
  /** Hash of every input: the files, and the bytes of the attachments they use. */
  sourceHash: string;
  /**
   * Hash of the document's view (`desiredDocumentView`): what the state records as applied. Known without
   * rendering when the document came from the cache, so an unchanged document's body is never loaded.
   */
  payloadHash: string;
  /**
   * For a document with attachments: the hash of its view as versions before attachment identities recorded it
   * (attachments as bare MD5s). A state entry holding it is this content, last applied by such a version.
   */
  legacyPayloadHash?: string;
}

/** Each list kind's entries are under the field its `list.entries` names (`categories`, `headings`, `tags`). */
export interface DesiredState extends Record<ListField, DesiredListItem[]> {
  languages: string[];
  documents: DesiredDocument[];
  attachments: DesiredAttachment[];
}

/** Nothing yet: no documents, every list empty. */
export function emptyDesiredState(languages: readonly string[]): DesiredState {
  const lists = Object.fromEntries(listFields.map((entries) => [entries, []])) as Record<ListField, []>;
  return { languages: [...languages], documents: [], ...lists, attachments: [] };
}

export const ATTACHMENT_PLACEHOLDER = 'oc-sync:attachment/';
export const DOCUMENT_PLACEHOLDER = 'oc-sync:document/';
