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
 * Id sequences (oc-api.md §7 item 5) by name, each holding the last id handed out. Which ones there are, and where
 * they start, the models say (`../models/sequences.ts`); a store records them by name.
 */
export type SequenceName = string;
export type Sequences = Record<SequenceName, number>;

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
