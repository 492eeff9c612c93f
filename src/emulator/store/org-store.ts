import type { ResourceKind } from '../../resources/resource.js';
import { INITIAL_SEQUENCES } from '../models/index.js';
import type { Persistence } from './persistence.js';
import type {
  AttachmentMeta,
  JournalEntry,
  OrgSnapshot,
  SequenceName,
  Sequences,
  StoredRecord,
} from './records.js';

/** One service's data: records per kind, and its uploads. */
export interface ServiceData {
  records: Map<ResourceKind, Map<number, StoredRecord>>;
  attachments: Map<string, AttachmentMeta>;
}

/**
 * The organization's data: every service's records plus the id sequences, which are organization-wide like the
 * real server's. Mutations go through `commit`, which journals the entry before applying it, so memory never holds
 * a write the disk does not.
 */
export class OrgStore {
  readonly sequences: Sequences = { ...INITIAL_SEQUENCES };
  private readonly services = new Map<string, ServiceData>();

  constructor(readonly persistence: Persistence) {
    try {
      const { snapshot, journal } = persistence.load();
      if (snapshot) this.restore(snapshot);
      for (const entry of journal) this.apply(entry);
      // Folding the journal in at start keeps it short and drops a torn tail before anything is appended after it.
      if (snapshot || journal.length > 0) persistence.compact(this.snapshot());
    } catch (error) {
      persistence.release();
      throw error;
    }
  }

  service(serviceId: string): ServiceData {
    let data = this.services.get(serviceId);
    if (!data) {
      data = { records: new Map(), attachments: new Map() };
      this.services.set(serviceId, data);
    }
    return data;
  }

  records(serviceId: string, kind: ResourceKind): Map<number, StoredRecord> {
    const data = this.service(serviceId);
    let records = data.records.get(kind);
    if (!records) {
      records = new Map();
      data.records.set(kind, records);
    }
    return records;
  }

  /** Hands out the next id. An id is never reused: the sequence is journaled with the record that takes it. */
  nextId(name: SequenceName): number {
    const last = this.sequences[name];
    if (last === undefined) throw new Error(`no id sequence ${name}: no model declares it`);
    this.sequences[name] = last + 1;
    return last + 1;
  }

  commit(entry: JournalEntry): void {
    this.persistence.append(entry);
    this.apply(entry);
  }

  snapshot(): OrgSnapshot {
    const services: OrgSnapshot['services'] = {};
    for (const [serviceId, data] of this.services) {
      const records: OrgSnapshot['services'][string]['records'] = {};
      for (const [kind, map] of data.records) records[kind] = [...map.values()];
      services[serviceId] = { records, attachments: [...data.attachments.values()] };
    }
    return { version: 1, sequences: { ...this.sequences }, services };
  }

  /** Writes the whole state as one snapshot (on close), so the next start has no journal to replay. */
  flush(): void {
    this.persistence.compact(this.snapshot());
  }

  /** The final flush; the folder is free for another emulator afterwards. */
  close(): void {
    try {
      this.flush();
    } finally {
      this.persistence.release();
    }
  }

  private restore(snapshot: OrgSnapshot): void {
    this.raiseSequences(snapshot.sequences);
    for (const [serviceId, data] of Object.entries(snapshot.services)) {
      for (const [kind, records] of Object.entries(data.records)) {
        const map = this.records(serviceId, kind as ResourceKind);
        for (const record of records ?? []) map.set(record.id, record);
      }
      for (const attachment of data.attachments)
        this.service(serviceId).attachments.set(attachment.attachmentId, attachment);
    }
  }

  /** Every entry is idempotent, so replaying a journal over a snapshot that already holds it changes nothing. */
  private apply(entry: JournalEntry): void {
    switch (entry.op) {
      case 'put':
        this.raiseSequences(entry.sequences);
        this.records(entry.service, entry.kind).set(entry.record.id, entry.record);
        return;
      case 'delete':
        this.records(entry.service, entry.kind).delete(entry.id);
        return;
      case 'attach':
        this.service(entry.service).attachments.set(entry.attachment.attachmentId, entry.attachment);
        return;
      case 'detach':
        this.service(entry.service).attachments.delete(entry.attachmentId);
        return;
    }
  }

  /** A store written before a sequence existed lacks it: it keeps its start. One no model names is dropped. */
  private raiseSequences(sequences: Partial<Sequences>): void {
    for (const [name, last] of Object.entries(this.sequences)) {
      this.sequences[name] = Math.max(last, sequences[name] ?? 0);
    }
  }
}
