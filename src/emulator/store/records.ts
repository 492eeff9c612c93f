import type { AttachmentStore } from '../../resources/attachment.js';
import type { ResourceKind } from '../../resources/resource.js';

/**
 * What the emulator keeps, independent of HTTP: records with their server-owned fields, attachment metadata, and
 * the id sequences. The same shapes go into the journal and the snapshot.
 */

export interface StoredRecord<D = unknown> {
  id: number;
  createdDt: number;
  updatedDt: number;
  /** The canonical, validated content of the record; its shape belongs to the kind's model. */
  data: D;
}

export interface AttachmentMeta {
  attachmentId: string;
  store: AttachmentStore;
  fileName: string;
  contentType: string;
  size: number;
  createdDt: number;
}

/**
 * Id sequences (oc-api.md §7 item 5): notices and templates share one, headings and FAQ categories share one.
 * Each holds the last id handed out.
 */
export type SequenceName = 'document' | 'tag' | 'category' | 'faq';
export type Sequences = Record<SequenceName, number>;

/**
 * Distinct starting points, so that an id of one sequence used where another is expected (a tag id sent as a heading
 * id) points at nothing instead of at a lookalike.
 */
export const INITIAL_SEQUENCES: Sequences = { document: 1000, tag: 0, category: 100, faq: 5000 };

export interface ServiceSnapshot {
  records: Partial<Record<ResourceKind, StoredRecord[]>>;
  attachments: AttachmentMeta[];
}

export interface OrgSnapshot {
  version: 1;
  sequences: Sequences;
  services: Record<string, ServiceSnapshot>;
}

/** One record-level mutation, appended to the journal before it is applied in memory. */
export type JournalEntry =
  | { op: 'put'; service: string; kind: ResourceKind; record: StoredRecord; sequences: Sequences }
  | { op: 'delete'; service: string; kind: ResourceKind; id: number }
  | { op: 'attach'; service: string; attachment: AttachmentMeta }
  | { op: 'detach'; service: string; attachmentId: string };
