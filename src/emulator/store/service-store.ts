import { randomUUID } from 'node:crypto';
import type { AttachmentStore } from '../../resources/attachment.js';
import { resources } from '../../resources/registry.js';
import type { ResourceKind } from '../../resources/resource.js';
import { badRequest, missingRelated, notFound, relatedExists } from '../errors.js';
import { models } from '../models/index.js';
import { projectionLanguage } from '../models/language.js';
import type { ModelContext, Query, ServiceInfo } from '../models/model.js';
import { type Page, paginate, readPaging } from '../paging.js';
import type { OrgStore } from './org-store.js';
import type { AttachmentMeta, StoredRecord } from './records.js';
import { describeIssue } from './zod-issue.js';

/** A response-shaped record (a detail view or a list item), as the API would return it. */
export type RecordView = Record<string, unknown>;

export interface ViewOptions {
  /** The projection language (`language` query param); default: the service default language. */
  language?: string;
}

export interface UploadedView {
  attachmentId: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface StoredAttachment extends AttachmentMeta {
  bytes: Uint8Array;
}

/**
 * One emulated service, free of HTTP: the same validation, derived fields and rules the HTTP routes apply, so tests
 * can seed data (including editor-style HTML) and inspect it directly. Failures throw `OcError` with the result code
 * the API would answer.
 */
export interface EmulatedService {
  readonly info: ServiceInfo;
  create(kind: ResourceKind, body: unknown, options?: ViewOptions): RecordView;
  /** A full replacement (PUT semantics; the heading's POST update too). */
  update(kind: ResourceKind, ref: string | number, body: unknown, options?: ViewOptions): RecordView;
  delete(kind: ResourceKind, ref: string | number): void;
  /** The detail view, or undefined when the id (or code) does not exist. */
  get(kind: ResourceKind, ref: string | number, options?: ViewOptions): RecordView | undefined;
  /** The detail view; throws 404 when missing. */
  detail(kind: ResourceKind, ref: string | number, options?: ViewOptions): RecordView;
  /** Detail views of the ids that exist, in the order asked (`notices.json?id=…`). */
  getMany(kind: ResourceKind, ids: readonly number[], options?: ViewOptions): RecordView[];
  /** Every stored record of the kind as a detail view, by id. */
  list(kind: ResourceKind, options?: ViewOptions): RecordView[];
  /** The list call: filters, order and paging from the query parameters. */
  search(kind: ResourceKind, query: Query): { contents: RecordView[] } | Page<RecordView>;
  /** A PUT toggle such as FAQ `recommend`; `value` is the query param or body field of the action. */
  action(kind: ResourceKind, ref: string | number, name: string, value: unknown): void;
  upload(store: AttachmentStore, bytes: Uint8Array, fileName: string, contentType: string): UploadedView;
  attachment(attachmentId: string): StoredAttachment | undefined;
  /** Every upload of the service (the API has no such call; tests look for orphans with it). */
  attachments(): AttachmentMeta[];
  /** Deletes an upload and removes it from every document that lists it. */
  deleteAttachment(store: AttachmentStore, attachmentId: string): void;
}

export class ServiceStore implements EmulatedService {
  constructor(
    readonly info: ServiceInfo,
    private readonly org: OrgStore,
    private readonly now: () => number,
  ) {}

  create(kind: ResourceKind, body: unknown, options: ViewOptions = {}): RecordView {
    const data = this.prepare(kind, body, undefined);
    const now = this.now();
    const id = this.org.nextId(models[kind].sequence.name);
    const record: StoredRecord = { id, createdDt: now, updatedDt: now, data };
    this.put(kind, record);
    return this.view(kind, record, options);
  }

  update(kind: ResourceKind, ref: string | number, body: unknown, options: ViewOptions = {}): RecordView {
    const previous = this.resolve(kind, ref);
    const data = this.prepare(kind, body, previous);
    const record = { ...previous, updatedDt: this.nextUpdatedDt(previous), data };
    this.put(kind, record);
    return this.view(kind, record, options);
  }

  delete(kind: ResourceKind, ref: string | number): void {
    const record = this.resolve(kind, ref);
    const user = this.firstReferrer(kind, record.id);
    if (user) {
      throw relatedExists(
        `${resources[kind].label} ${record.id} is still used by ${resources[user.kind].label} ${user.id}`,
      );
    }
    this.org.commit({ op: 'delete', service: this.info.serviceId, kind, id: record.id });
  }

  get(kind: ResourceKind, ref: string | number, options: ViewOptions = {}): RecordView | undefined {
    const record = this.lookup(kind, ref);
    return record && this.view(kind, record, options);
  }

  detail(kind: ResourceKind, ref: string | number, options: ViewOptions = {}): RecordView {
    return this.view(kind, this.resolve(kind, ref), options);
  }

  getMany(kind: ResourceKind, ids: readonly number[], options: ViewOptions = {}): RecordView[] {
    return ids.flatMap((id) => {
      const record = this.records(kind).get(id);
      return record ? [this.view(kind, record, options)] : [];
    });
  }

  list(kind: ResourceKind, options: ViewOptions = {}): RecordView[] {
    return [...this.records(kind).values()]
      .sort((a, b) => a.id - b.id)
      .map((r) => this.view(kind, r, options));
  }

  search(kind: ResourceKind, query: Query): { contents: RecordView[] } | Page<RecordView> {
    const model = models[kind];
    const ctx = this.context();
    const language = projectionLanguage(query.get('language'), this.info);
    const found = [...this.records(kind).values()]
      .filter((record) => model.matches(record, query, ctx))
      .sort((a, b) => model.compare(a, b, ctx));
    const item = (record: StoredRecord) => model.listItem(record, ctx, language);
    if (resources[kind].paging === 'unpaged') return { contents: found.map(item) };
    const { page, pageSize } = readPaging(query.get('page'), query.get('pageSize'), 10);
    const shown = paginate(found, page, pageSize);
    return { ...shown, contents: shown.contents.map(item) };
  }

  action(kind: ResourceKind, ref: string | number, name: string, value: unknown): void {
    const apply = models[kind].actions?.[name];
    if (!apply) throw notFound(`${resources[kind].label} has no action ${name}`);
    const previous = this.resolve(kind, ref);
    this.put(kind, {
      ...previous,
      updatedDt: this.nextUpdatedDt(previous),
      data: apply(previous.data, value),
    });
  }

  upload(store: AttachmentStore, bytes: Uint8Array, fileName: string, contentType: string): UploadedView {
    const attachment: AttachmentMeta = {
      attachmentId: randomUUID().replace(/-/g, ''),
      store,
      fileName,
      contentType: contentType || 'application/octet-stream',
      size: bytes.byteLength,
      createdDt: this.now(),
    };
    // Bytes first: a journaled attachment must always have its file.
    this.org.persistence.writeFile(attachment.attachmentId, bytes);
    this.org.commit({ op: 'attach', service: this.info.serviceId, attachment });
    return uploadedView(attachment);
  }

  attachment(attachmentId: string): StoredAttachment | undefined {
    const meta = this.org.service(this.info.serviceId).attachments.get(attachmentId);
    const bytes = meta && this.org.persistence.readFile(attachmentId);
    return meta && bytes ? { ...meta, bytes } : undefined;
  }

  attachments(): AttachmentMeta[] {
    return [...this.org.service(this.info.serviceId).attachments.values()].map((meta) => ({ ...meta }));
  }

  deleteAttachment(store: AttachmentStore, attachmentId: string): void {
    const meta = this.org.service(this.info.serviceId).attachments.get(attachmentId);
    if (!meta || meta.store !== store) throw notFound(`attachment ${attachmentId} not found`);
    for (const kind of Object.keys(models) as ResourceKind[]) {
      const model = models[kind];
      if (model.attachmentStore !== store) continue;
      for (const record of this.records(kind).values()) {
        if (!model.attachments(record.data).some((use) => use.attachmentId === attachmentId)) continue;
        // The document loses the file but is not edited by anyone, so its updatedDt stays.
        this.put(kind, { ...record, data: model.withoutAttachment(record.data, attachmentId) });
      }
    }
    this.org.commit({ op: 'detach', service: this.info.serviceId, attachmentId });
    this.org.persistence.deleteFile(attachmentId);
  }

  /** Body → stored data, with every check of oc-api.md §7 items 8–10 in a fixed order: 400, 9005, 9007. */
  private prepare(kind: ResourceKind, body: unknown, previous: StoredRecord | undefined): unknown {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('the request body must be a JSON object');
    }
    const parsed = resources[kind].body.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badRequest(issue ? describeIssue(issue, body) : 'the request body is invalid');
    }
    const model = models[kind];
    const ctx = this.context();
    const data = model.fromBody(parsed.data, ctx, previous);
    for (const reference of model.references(data)) {
      if (!ctx.find(reference.kind, reference.id)) {
        throw missingRelated(
          `${reference.field}: ${resources[reference.kind].label} ${reference.id} does not exist`,
        );
      }
    }
    for (const use of model.attachments(data)) {
      if (ctx.attachment(use.attachmentId)?.store !== use.store) {
        throw missingRelated(`${use.field}: attachment ${use.attachmentId} does not exist`);
      }
    }
    model.validate?.(data, ctx, previous?.id);
    this.checkUnique(kind, data, previous?.id);
    return data;
  }

  private checkUnique(kind: ResourceKind, data: unknown, selfId: number | undefined): void {
    const model = models[kind];
    const keys = model.uniqueKeys(data);
    if (keys.length === 0) return;
    for (const other of this.records(kind).values()) {
      if (other.id === selfId) continue;
      const taken = model.uniqueKeys(other.data);
      for (const key of keys) {
        if (taken.some((t) => t.scope === key.scope && t.value === key.value)) {
          throw relatedExists(
            `${key.field}: "${key.value}" already exists (${resources[kind].label} ${other.id})`,
          );
        }
      }
    }
  }

  private firstReferrer(kind: ResourceKind, id: number): { kind: ResourceKind; id: number } | undefined {
    for (const userKind of Object.keys(models) as ResourceKind[]) {
      const model = models[userKind];
      if (!model.refersTo.includes(kind)) continue;
      for (const record of this.records(userKind).values()) {
        if (model.references(record.data).some((ref) => ref.kind === kind && ref.id === id)) {
          return { kind: userKind, id: record.id };
        }
      }
    }
    return undefined;
  }

  /** `updatedDt` moves on every write, even two writes within one millisecond. */
  private nextUpdatedDt(previous: StoredRecord): number {
    return Math.max(this.now(), previous.updatedDt + 1);
  }

  private put(kind: ResourceKind, record: StoredRecord): void {
    this.org.commit({
      op: 'put',
      service: this.info.serviceId,
      kind,
      record,
      sequences: { ...this.org.sequences },
    });
  }

  private records(kind: ResourceKind): Map<number, StoredRecord> {
    return this.org.records(this.info.serviceId, kind);
  }

  /** Id-or-code kinds try an all-digit ref as an id first, then as a code (oc-api.md §7 item 4). */
  private lookup(kind: ResourceKind, ref: string | number): StoredRecord | undefined {
    const text = String(ref);
    const byId = /^\d+$/.test(text) ? this.records(kind).get(Number(text)) : undefined;
    if (byId || resources[kind].ref === 'numeric') return byId;
    const code = models[kind].code;
    if (!code) return undefined;
    for (const record of this.records(kind).values()) if (code(record.data) === text) return record;
    return undefined;
  }

  private resolve(kind: ResourceKind, ref: string | number): StoredRecord {
    const record = this.lookup(kind, ref);
    if (!record) throw notFound(`${resources[kind].label} ${ref} not found`);
    return record;
  }

  private view(kind: ResourceKind, record: StoredRecord, options: ViewOptions): RecordView {
    return models[kind].detail(record, this.context(), projectionLanguage(options.language, this.info));
  }

  private context(): ModelContext {
    const service = this.org.service(this.info.serviceId);
    return {
      service: this.info,
      now: this.now(),
      find: (kind, id) => this.records(kind).get(id),
      all: (kind) => [...this.records(kind).values()],
      detail: (kind, id, language) => {
        const record = this.records(kind).get(id);
        return record && models[kind].detail(record, this.context(), language);
      },
      attachment: (id) => service.attachments.get(id),
    };
  }
}

function uploadedView(meta: AttachmentMeta): UploadedView {
  return {
    attachmentId: meta.attachmentId,
    fileName: meta.fileName,
    contentType: meta.contentType,
    size: meta.size,
  };
}
