import type { AttachmentStore } from '../../resources/attachment.js';
import type { ResourceKind } from '../../resources/resource.js';
import type { AttachmentMeta, SequenceName, StoredRecord } from '../store/records.js';

/**
 * The server behaviour of one resource kind — everything the body schema in `src/resources/` does not say: how a
 * body becomes the stored record, what it references, what must be unique, and how the record is shown. The store
 * and the router are generic; they only call these functions (DESIGN §6: no per-kind branches in the engine).
 */

export interface ServiceInfo {
  serviceId: string;
  /** The service's language codes; the first is the default. */
  languages: readonly string[];
  defaultLanguage: string;
  multilingual: boolean;
  timeZone: string;
}

/** What a model may look at besides its own record. */
export interface ModelContext {
  service: ServiceInfo;
  now: number;
  find(kind: ResourceKind, id: number): StoredRecord | undefined;
  all(kind: ResourceKind): readonly StoredRecord[];
  /** Another record's detail view, for expansions such as a notice's `category.names`. */
  detail(kind: ResourceKind, id: number, language: string): Record<string, unknown> | undefined;
  attachment(id: string): AttachmentMeta | undefined;
}

/** A record this one points at; a missing target is 9005, and the target cannot be deleted while pointed at (9007). */
export interface Reference {
  kind: ResourceKind;
  id: number;
  /** The body field, for messages. */
  field: string;
}

export interface AttachmentUse {
  store: AttachmentStore;
  attachmentId: string;
  field: string;
}

/** A value that must not repeat among the records of the kind, within `scope` (9007). */
export interface UniqueKey {
  scope: string;
  value: string;
  field: string;
}

/** The read-side query parameters, first value per name (what a servlet's `getParameter` returns). */
export type Query = ReadonlyMap<string, string>;

/** An id sequence a kind's records draw from (`./sequences.ts`): its name in the store, and the id before its first. */
export interface IdSequence {
  name: SequenceName;
  start: number;
}

export interface ResourceModel<D> {
  kind: ResourceKind;
  sequence: IdSequence;
  /** The kinds `references` can point at, so a delete only scans the kinds that could still use the record. */
  refersTo: readonly ResourceKind[];
  /** The upload store its documents' attachments come from, if any. */
  attachmentStore?: AttachmentStore;
  /**
   * Turns a body that passed the kind's zod schema into stored data (a full replacement on update). Throws 400 for
   * rules beyond the schema: language keys, flat-vs-map fields, required default language.
   */
  fromBody(body: unknown, ctx: ModelContext, previous: StoredRecord<D> | undefined): D;
  /** Checks that need the other records, e.g. category depth; throws. `id` is undefined on create. */
  validate?(data: D, ctx: ModelContext, id: number | undefined): void;
  references(data: D): Reference[];
  attachments(data: D): AttachmentUse[];
  withoutAttachment(data: D, attachmentId: string): D;
  uniqueKeys(data: D): UniqueKey[];
  /** The addressable code, for kinds whose path takes an id or a code. */
  code?(data: D): string | null;
  detail(record: StoredRecord<D>, ctx: ModelContext, language: string): Record<string, unknown>;
  listItem(record: StoredRecord<D>, ctx: ModelContext, language: string): Record<string, unknown>;
  /** Whether a record passes the list filters in `query`; throws 400 for an unreadable filter. */
  matches(record: StoredRecord<D>, query: Query, ctx: ModelContext): boolean;
  /** The list order; must be total (end on the id) so pages are stable. */
  compare(a: StoredRecord<D>, b: StoredRecord<D>, ctx: ModelContext): number;
  /** PUT toggles such as FAQ `recommend.json`; `value` is the query param or the body field of the same name. */
  actions?: Record<string, (data: D, value: unknown) => D>;
}

/** A model with its data type erased, as the generic store holds it; the store only feeds a model its own data. */
export type AnyModel = ResourceModel<unknown>;

export function defineModel<D>(model: ResourceModel<D>): AnyModel {
  return model as unknown as AnyModel;
}
