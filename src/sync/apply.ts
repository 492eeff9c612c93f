import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mime from 'mime-types';
import pLimit from 'p-limit';
import {
  type DesiredAttachment,
  type DesiredDocument,
  DOCUMENT_PLACEHOLDER,
} from '../content/desired-state.js';
import type { OcApi } from '../remote/api.js';
import { ApiError } from '../remote/errors.js';
import type { AttachmentStore } from '../resources/attachment.js';
import {
  contentOf,
  type DocumentKind,
  type ListKind,
  linkStoreOf,
  listKinds,
  resourceOf,
  resources,
} from '../resources/registry.js';
import type { ResourceDef } from '../resources/resource.js';
import {
  type BodyWriter,
  type DocumentView,
  hashView,
  type ListView,
  type ViewReader,
} from '../resources/view.js';
import type { LinkCodec } from './links.js';
import { describeLostCreate, type LostCreate, settleLostCreates } from './lost-creates.js';
import {
  type Change,
  type CreateChange,
  type DeleteChange,
  holdsDuplicate,
  isApplicable,
  isUpsert,
  type MoveChange,
  type UpdateChange,
  type UpsertChange,
} from './plan.js';
import { unusedUploads, uploadsToMake } from './plan-uploads.js';
import type { RemoteState } from './remote-state.js';
import { attachmentStateKey, type ListState, listStateKey, type PendingCreate } from './state-file.js';
import type { StateStore } from './state-store.js';
import { remoteViewReader, writtenView } from './view-comparison.js';

/**
 * Apply (DESIGN §5): the only code that writes to the service. Lists first (parents before children), then
 * uploads, then documents, a second pass for links to documents created in this run, then deletes (children
 * first) and uploads nobody uses any more. Every successful write is recorded in the state store at once, and a
 * create or an update is announced before it is sent, so a kill at any point is finished by the next run without
 * duplicates, and without mistaking its own unanswered updates for console edits.
 */

export type Outcome =
  | 'created'
  | 'updated'
  | 'moved'
  | 'deleted'
  | 'unchanged'
  | 'skipped-drift'
  | 'not-deleted'
  | 'not-created'
  | 'failed';

export interface ChangeResult {
  change: Change;
  outcome: Outcome;
  error?: string;
  /**
   * A failure that may pass on another run (5xx, a timeout, the network); false when the service refused what was
   * sent (400, 9005, 9007 …): running apply again changes nothing until the content does.
   */
  retryable?: boolean;
}

/** An attachment whose upload failed: not a change of the plan, a result of its own. */
export interface UploadResult {
  /** The attached file, content-relative. */
  file: string;
  /** Its state key (`store:identity`). */
  key: string;
  outcome: 'failed';
  error: string;
  /** As for a change: false when the service refused what was sent. */
  retryable: boolean;
}

export interface ApplyResult {
  results: ChangeResult[];
  /** The uploads that failed. */
  uploadResults: UploadResult[];
  /** By outcome; `failed` counts failed uploads too. */
  counts: Record<Outcome, number>;
  uploads: number;
  deletedUploads: number;
  /** Held changes (drift, conflict) that made the run incomplete. */
  skipped: ChangeResult[];
}

export interface ApplyProgress {
  done: number;
  total: number;
  phase: string;
  /** Of `done`, the writes not attempted because the run was stopped (a signal) or the state cannot be written. */
  notAttempted: number;
}

export interface ApplyOptions {
  changes: readonly Change[];
  remote: RemoteState;
  /** The desired documents, by key: which files the documents written in this run attach. */
  documents: readonly DesiredDocument[];
  /** Every file content/ attaches: uploads the state records that none of them is are deleted at the end. */
  attachments: readonly DesiredAttachment[];
  languages: readonly string[];
  store: StateStore;
  api: OcApi;
  links: LinkCodec;
  contentDir: string;
  overwriteDrift: boolean;
  concurrency: number;
  /** The server's clock (`HttpClient.serverNow`): when a create was sent, as the service will date it. */
  serverNow: () => number;
  onProgress?: (progress: ApplyProgress) => void;
}

export function countWrites(changes: readonly Change[], overwriteDrift: boolean): number {
  return changes.filter(
    (c) =>
      isApplicable(c, overwriteDrift) && c.action !== 'noop' && !(c.action === 'delete' && c.remoteMissing),
  ).length;
}

export async function applyPlan(options: ApplyOptions): Promise<ApplyResult> {
  const run = startApply(options);
  await applyListUpserts(run);
  const wanted = wantedUploads(options);
  const uploads = await uploadAttachments(run, wanted);
  const written = await writeDocuments(run);
  const settled = await settleUnansweredCreates(run, written.lost);
  await patchLinks(run, [...written.deferred, ...settled]);
  recordUnchanged(run);
  await deleteDocuments(run);
  await deleteListItems(run);
  recordHeld(run);
  const deletedUploads = await deleteUnusedUploads(run);
  return resultOf(run, { ...uploads, results: uploadFailures(wanted, uploads.errors) }, deletedUploads);
}

/** What the steps of one apply share: the options, the results so far, the list ids known, the progress count. */
export interface ApplyRunState {
  readonly options: ApplyOptions;
  readonly limit: ReturnType<typeof pLimit>;
  readonly results: ChangeResult[];
  /** Codes → ids of the list kinds: the service's, and the ones this run creates. */
  readonly ids: Record<ListKind, Map<string, number>>;
  /** `kind:code` of the list items that failed → whether that failure may pass on another run. */
  readonly listFailures: Map<string, boolean>;
  readonly progress: { done: number; readonly total: number; notAttempted: number };
}

export function startApply(options: ApplyOptions): ApplyRunState {
  return {
    options,
    limit: pLimit(options.concurrency),
    results: [],
    ids: listIdsOf(options.remote, options.changes),
    listFailures: new Map(),
    progress: { done: 0, total: countWrites(options.changes, options.overwriteDrift), notAttempted: 0 },
  };
}

function record(run: ApplyRunState, change: Change, outcome: Outcome, error?: unknown): void {
  run.results.push({ change, outcome, ...(error === undefined ? {} : failureOf(error)) });
}

function tick(run: ApplyRunState, phase: string, attempted = true): void {
  const { progress } = run;
  if (!attempted) progress.notAttempted++;
  run.options.onProgress?.({ ...progress, done: ++progress.done, phase });
}

/**
 * Once the state cannot be written, nothing more is sent: a write that cannot be recorded could not be found
 * again. (Creates and updates stop by themselves — they are announced in the state before they are sent.)
 */
function halted(run: ApplyRunState): Error | undefined {
  const { failure } = run.options.store;
  return failure ? new Error(`not attempted: the state cannot be written (${failure.message})`) : undefined;
}

/** Why a tag, heading or category this run had to write is not there: retryable or not, as its own failure. */
function idOf(run: ApplyRunState, kind: ListKind, code: string): number {
  const id = run.ids[kind].get(code);
  if (id === undefined) throw new MissingListItem(kind, code, run.listFailures.get(listStateKey(kind, code)));
  return id;
}

function writerFor(
  run: ApplyRunState,
  def: ResourceDef,
  links: 'resolve' | 'defer',
): BodyWriter & { parentId(code?: string): number } {
  const { options } = run;
  const store = linkStoreOf(def);
  return {
    languages: options.languages,
    id: (kind, code) => idOf(run, kind as ListKind, code),
    // A list item's parent is an item of its own kind (FAQ categories).
    parentId: (code) => (code === undefined ? 0 : idOf(run, def.kind as ListKind, code)),
    attachmentId: (identity) => {
      const uploaded = store
        ? options.store.state.attachments[attachmentStateKey(store, identity)]
        : undefined;
      if (!uploaded) throw new Error(`attachment ${identity} was not uploaded`);
      return uploaded.id;
    },
    html: (html) => {
      const written = options.links.write(html, store);
      // A link to a document created later in this run: a harmless target now, the real URL in the second pass.
      return links === 'defer'
        ? written.replace(new RegExp(`${DOCUMENT_PLACEHOLDER}[^"#?\\s]*`, 'g'), '#')
        : written;
    },
  };
}

/**
 * Uploads to make: each file once per store and identity (the same bytes under the same name), only those a
 * document written in this run uses, and none the state has already.
 */
export function wantedUploads(options: ApplyOptions): Map<string, DesiredAttachment> {
  return uploadsToMake({ ...options, recorded: options.store.state.attachments });
}

export interface UploadsDone {
  count: number;
  /** Attachment state key → why its upload failed. */
  errors: Map<string, unknown>;
}

export async function uploadAttachments(
  run: ApplyRunState,
  wanted: ReadonlyMap<string, DesiredAttachment>,
): Promise<UploadsDone> {
  const done: UploadsDone = { count: 0, errors: new Map() };
  await Promise.all(
    [...wanted].map(([key, attachment]) =>
      run.limit(async () => {
        const stop = halted(run);
        if (stop) {
          done.errors.set(key, stop);
          return;
        }
        try {
          await uploadAttachment(run.options, key, attachment);
          done.count++;
        } catch (error) {
          done.errors.set(key, error);
        }
      }),
    ),
  );
  return done;
}

async function uploadAttachment(
  options: ApplyOptions,
  key: string,
  attachment: DesiredAttachment,
): Promise<void> {
  const { api, store } = options;
  const bytes = await readFile(path.join(options.contentDir, ...attachment.path.split('/')));
  const uploaded = await api.attachments.upload(attachment.store, {
    bytes,
    fileName: attachment.fileName,
    contentType: mime.lookup(attachment.fileName) || 'application/octet-stream',
  });
  try {
    store.setAttachment(key, {
      id: uploaded.attachmentId,
      fileName: attachment.fileName,
      md5: attachment.md5,
      size: attachment.size,
      uploaded: true,
    });
  } catch (error) {
    // Not recorded, so nobody could ever find this upload again (the API cannot list uploads): take it back.
    await forgetUpload(api, store, key, attachment.store, uploaded.attachmentId);
    throw error;
  }
}

type UnansweredCreate = LostCreate & { change: CreateChange; error: unknown; needsSecondPass: boolean };

export interface DocumentsWritten {
  /** Written with links to documents created in this run left out: the second pass fills them in. */
  deferred: UpsertChange[];
  /** Creates without an answer. */
  lost: UnansweredCreate[];
}

/** Documents: create, update, move; links to documents created in this run are deferred. */
export async function writeDocuments(run: ApplyRunState): Promise<DocumentsWritten> {
  const { changes, overwriteDrift } = run.options;
  const written: DocumentsWritten = { deferred: [], lost: [] };
  const upserts = changes.filter(isUpsert).filter((c) => !isList(c) && isApplicable(c, overwriteDrift));
  await Promise.all(upserts.map((change) => run.limit(() => writeDocument(run, change, written))));
  return written;
}

async function writeDocument(
  run: ApplyRunState,
  change: UpsertChange,
  written: DocumentsWritten,
): Promise<void> {
  const { store } = run.options;
  const def = resourceOf(change.kind);
  const stop = halted(run);
  if (stop) {
    record(run, change, 'failed', stop);
    tick(run, 'documents', false);
    return;
  }
  try {
    // Read now, one document at a time: a create's body is loaded only when it is written.
    const view = writtenView(change, run.options);
    const needsSecondPass = linksForward(run.options.links, def, view);
    const body = def.content?.toBody(view, writerFor(run, def, needsSecondPass ? 'defer' : 'resolve'));
    // A document whose links are not final yet is recorded as such, so an interrupted run patches it later.
    const payloadHash = needsSecondPass ? `links-pending:${change.payloadHash}` : change.payloadHash;
    if (change.action === 'create') {
      const sentHash = hashView(needsSecondPass ? deferLinks(view, store) : view);
      const unanswered = await createDocument(run.options, change, view, body, payloadHash, sentHash);
      if (unanswered) {
        // Looked for once every create has its answer, so a twin still in flight is never taken for it.
        written.lost.push({ key: change.key, change, needsSecondPass, ...unanswered });
        tick(run, 'documents');
        return;
      }
      record(run, change, 'created');
    } else if (change.action === 'move' && isPureMove(change, needsSecondPass)) {
      moveUnchanged(store, change, payloadHash);
      record(run, change, 'moved');
    } else {
      await updateDocument(run.options, change, { view, body, payloadHash, needsSecondPass });
      record(run, change, change.action === 'move' ? 'moved' : 'updated');
    }
    if (needsSecondPass) written.deferred.push(change);
  } catch (error) {
    record(run, change, 'failed', error);
  }
  tick(run, 'documents');
}

/** Whether a document links to a document that has no id yet (one created in this run). */
function linksForward(links: LinkCodec, def: ResourceDef, view: DocumentView): boolean {
  const store = linkStoreOf(def);
  return Object.values(view.contents).some((c) => links.unresolved(links.write(c.html, store)).length > 0);
}

/** Only the key changes: the service holds this content already, so it is not sent again. */
function moveUnchanged(store: StateStore, change: MoveChange, payloadHash: string): void {
  store.moveDocument(change.previousKey, change.key, {
    kind: change.kind as DocumentKind,
    id: change.remoteId,
    payloadHash,
    sourceHash: change.sourceHash as string,
    updatedDt: change.remoteUpdatedDt as number,
  });
}

async function updateDocument(
  options: ApplyOptions,
  change: UpdateChange | MoveChange,
  sent: { view: DocumentView; body: unknown; payloadHash: string; needsSecondPass: boolean },
): Promise<void> {
  const { store } = options;
  const { view, body, payloadHash, needsSecondPass } = sent;
  const kind = change.kind as DocumentKind;
  const id = change.remoteId;
  const previousKey = change.action === 'move' ? change.previousKey : undefined;
  // Announced first: if the answer is lost, the next run can tell this update from a console edit.
  store.setUpdating(change.key, {
    kind,
    id,
    sentHash: hashView(needsSecondPass ? deferLinks(view, store) : view),
    payloadHash,
    sourceHash: change.sourceHash as string,
    ...(previousKey ? { previousKey } : {}),
  });
  const updatedDt = await sendUpdate(options.api, kind, id, body);
  const entry = { kind, id, payloadHash, sourceHash: change.sourceHash as string, updatedDt };
  if (previousKey) store.moveDocument(previousKey, change.key, entry);
  else store.setDocument(change.key, entry);
  store.setUpdating(change.key, null);
}

/** Sends an update; the document's new `updatedDt`, read back when the answer does not carry it. */
async function sendUpdate(api: OcApi, kind: DocumentKind, id: number, body: unknown): Promise<number> {
  const updated = (await api[kind].update(id, body as never)) as { updatedDt?: number } | null;
  return updated?.updatedDt ?? ((await api[kind].get(id)) as { updatedDt: number }).updatedDt;
}

/**
 * Creates without an answer: taken where the service holds exactly what was sent, failed (and named) otherwise.
 * The ones taken that still need their links patched.
 */
export async function settleUnansweredCreates(
  run: ApplyRunState,
  lost: readonly UnansweredCreate[],
): Promise<UpsertChange[]> {
  if (lost.length === 0) return [];
  const { api, store } = run.options;
  const outcomes = await settleLostCreates(api, store, lost, readerOf(run.ids, run.options));
  const deferred: UpsertChange[] = [];
  for (const { change, error, needsSecondPass, key } of lost) {
    const outcome = outcomes.get(key);
    if (outcome?.found) {
      record(run, change, 'created');
      if (needsSecondPass) deferred.push(change);
    } else if (outcome) {
      record(
        run,
        change,
        'failed',
        `${messageOf(error)}; ${describeLostCreate(change.kind as DocumentKind, outcome)}`,
      );
    }
  }
  return deferred;
}

/** Second pass: every document of this run now has an id, so deferred links resolve. */
export async function patchLinks(run: ApplyRunState, deferred: readonly UpsertChange[]): Promise<void> {
  await Promise.all(deferred.map((change) => run.limit(() => patchDocumentLinks(run, change))));
}

async function patchDocumentLinks(run: ApplyRunState, change: UpsertChange): Promise<void> {
  const { api, store } = run.options;
  const kind = change.kind as DocumentKind;
  const def = resourceOf(kind);
  const entry = store.state.documents[change.key];
  if (!entry) return;
  const stop = halted(run);
  if (stop) return record(run, change, 'failed', stop);
  try {
    const body = def.content?.toBody(writtenView(change, run.options), writerFor(run, def, 'resolve'));
    const payloadHash = change.payloadHash;
    store.setUpdating(change.key, {
      kind,
      id: entry.id,
      sentHash: payloadHash,
      payloadHash,
      sourceHash: entry.sourceHash,
    });
    const updatedDt = await sendUpdate(api, kind, entry.id, body);
    store.setDocument(change.key, { ...entry, payloadHash, updatedDt });
    store.setUpdating(change.key, null);
  } catch (error) {
    record(run, change, 'failed', error);
  }
}

/** Noops, recorded unchanged; those that only refresh what the state knows (a new source hash, a remote timestamp). */
export function recordUnchanged(run: ApplyRunState): void {
  const { changes, store } = run.options;
  for (const change of changes) {
    if (change.action !== 'noop' || isList(change)) continue;
    if (change.refresh) {
      store.setDocument(change.key, {
        kind: change.kind as DocumentKind,
        id: change.remoteId,
        payloadHash: change.payloadHash,
        sourceHash: change.sourceHash as string,
        updatedDt: change.remoteUpdatedDt as number,
      });
    }
    record(run, change, 'unchanged');
  }
  for (const change of changes) {
    if (!isList(change) || change.action !== 'noop') continue;
    // Matched for the first time (by code, or by name when made in the web console): from now on it is owned.
    if (change.refresh && !store.failure)
      recordListItem(store, change.kind as ListKind, change.key, {
        id: change.remoteId,
        payloadHash: change.payloadHash,
      });
    record(run, change, 'unchanged');
  }
}

/** Deletes of documents; held ones are recorded as such. */
export async function deleteDocuments(run: ApplyRunState): Promise<void> {
  const deletes = run.options.changes.filter((c) => c.action === 'delete').filter((c) => !isList(c));
  await Promise.all(deletes.map((change) => run.limit(() => deleteDocument(run, change))));
}

async function deleteDocument(run: ApplyRunState, change: DeleteChange): Promise<void> {
  const { api, store, overwriteDrift } = run.options;
  if (!isApplicable(change, overwriteDrift))
    return record(run, change, change.hold === 'drift' ? 'skipped-drift' : 'not-deleted');
  const stop = halted(run);
  if (stop) return record(run, change, 'failed', stop);
  if (change.remoteMissing) {
    store.setDocument(change.key, null);
    return record(run, change, 'deleted');
  }
  try {
    await api[change.kind as DocumentKind].delete(change.remoteId).catch(ignoreNotFound);
    store.setDocument(change.key, null);
    record(run, change, 'deleted');
  } catch (error) {
    record(run, change, 'failed', error);
  }
  tick(run, 'deletes');
}

/** Deletes of tags, headings and categories, one at a time in the plan's order (children first). */
export async function deleteListItems(run: ApplyRunState): Promise<void> {
  const { api, store, overwriteDrift, changes } = run.options;
  for (const change of changes.filter((c) => c.action === 'delete').filter(isList)) {
    if (!isApplicable(change, overwriteDrift)) {
      record(run, change, 'not-deleted');
      continue;
    }
    const stop = halted(run);
    if (stop) {
      record(run, change, 'failed', stop);
      continue;
    }
    try {
      if (!change.remoteMissing)
        await api[change.kind as ListKind].delete(change.remoteId).catch(ignoreNotFound);
      store.setList(listStateKey(change.kind, change.key), null);
      record(run, change, 'deleted');
    } catch (error) {
      record(run, change, 'failed', error);
    }
    tick(run, 'deletes');
  }
}

/** Drifted or conflicting documents that were not overwritten, and creates of documents the service has already. */
export function recordHeld(run: ApplyRunState): void {
  for (const change of run.options.changes) {
    if (change.action !== 'delete' && change.hold && !isApplicable(change, run.options.overwriteDrift))
      record(run, change, holdsDuplicate(change.hold) ? 'not-created' : 'skipped-drift');
  }
}

/** Uploads nobody refers to any more — only when every owned document is accounted for. How many were deleted. */
export async function deleteUnusedUploads(run: ApplyRunState): Promise<number> {
  const { api, store, attachments } = run.options;
  const incomplete = run.results.some(
    (r) =>
      r.outcome === 'failed' ||
      r.outcome === 'skipped-drift' ||
      r.outcome === 'not-deleted' ||
      r.outcome === 'not-created',
  );
  if (incomplete || store.failure) return 0;
  let deleted = 0;
  for (const { key, forgetOnly } of unusedUploads(attachments, store.state.attachments)) {
    const [attachmentStore] = key.split(':') as [AttachmentStore];
    const uploaded = store.state.attachments[key];
    try {
      // An upload found on the service (pull, adopt) may be used by a document made in the console: only forgotten.
      if (!forgetOnly && uploaded)
        await api.attachments.delete(attachmentStore, uploaded.id).catch(ignoreNotFound);
      store.setAttachment(key, null);
      if (!forgetOnly) deleted++;
    } catch {
      // Left for the next run; an orphan upload harms nobody.
    }
  }
  return deleted;
}

function uploadFailures(
  wanted: ReadonlyMap<string, DesiredAttachment>,
  errors: ReadonlyMap<string, unknown>,
): UploadResult[] {
  return [...errors].map(([key, error]) => ({
    file: wanted.get(key)?.path ?? key,
    key,
    outcome: 'failed',
    ...failureOf(error),
  }));
}

function resultOf(
  run: ApplyRunState,
  uploads: { count: number; results: UploadResult[] },
  deletedUploads: number,
): ApplyResult {
  const { results } = run;
  const counts = countOutcomes(results);
  counts.failed += uploads.results.length;
  return {
    results,
    uploadResults: uploads.results,
    counts,
    uploads: uploads.count,
    deletedUploads,
    skipped: results.filter((r) => r.outcome === 'skipped-drift'),
  };
}

export const outcomes: readonly Outcome[] = [
  'created',
  'updated',
  'moved',
  'deleted',
  'unchanged',
  'skipped-drift',
  'not-deleted',
  'not-created',
  'failed',
];

export function countOutcomes(results: readonly ChangeResult[]): Record<Outcome, number> {
  const counts = Object.fromEntries(outcomes.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const result of results) counts[result.outcome]++;
  return counts;
}

/** A link to a document the service does not have yet is sent as `#` (the second pass fills it in). */
const deferredLink = new RegExp(`${DOCUMENT_PLACEHOLDER}([^"#?\\s]*)`, 'g');

/** The view as the first pass sends it: links to documents without an id yet are `#`, as `writerFor` writes them. */
function deferLinks(view: DocumentView, store: StateStore): DocumentView {
  const contents: DocumentView['contents'] = {};
  for (const [language, content] of Object.entries(view.contents)) {
    contents[language] = {
      ...content,
      html: content.html.replace(deferredLink, (whole, key: string) =>
        store.state.documents[key] ? whole : '#',
      ),
    };
  }
  return { ...view, contents };
}

/** Deletes an upload the state could not record; if that fails too, it stays in memory for the final state write. */
async function forgetUpload(
  api: OcApi,
  store: StateStore,
  key: string,
  attachmentStore: AttachmentStore,
  attachmentId: string,
): Promise<void> {
  try {
    await api.attachments.delete(attachmentStore, attachmentId).catch(ignoreNotFound);
  } catch {
    return;
  }
  try {
    store.setAttachment(key, null);
  } catch {
    // Applied in memory all the same; the journal is what failed.
  }
}

/** A rename whose content the service holds already (compared as DOM): nothing to send. */
function isPureMove(change: MoveChange, needsSecondPass: boolean): boolean {
  return (
    change.changedFields.length === 0 &&
    change.before !== undefined &&
    change.remoteUpdatedDt !== undefined &&
    !change.drifted &&
    !needsSecondPass
  );
}

function isList(change: Change): boolean {
  return resourceOf(change.kind).list !== undefined;
}

function ignoreNotFound(error: unknown): void {
  if (error instanceof ApiError && error.notFound) return;
  throw error;
}

function failureOf(error: unknown): { error: string; retryable: boolean } {
  return { error: messageOf(error), retryable: isRetryable(error) };
}

/** A document refers to a tag, heading or category whose own create failed in this run. */
class MissingListItem extends Error {
  constructor(
    kind: ListKind,
    code: string,
    /** Undefined when the item failed in no visible way (it was never planned): assume another run may help. */
    readonly causeRetryable: boolean | undefined,
  ) {
    super(
      causeRetryable === undefined
        ? `${resources[kind].label} ${code} does not exist on the service`
        : `waits for ${resources[kind].label} ${code}, whose create failed (its line says why)`,
    );
  }
}

/** Whether another run may succeed where this one failed: not when the service refused what was sent. */
function isRetryable(error: unknown): boolean {
  if (error instanceof MissingListItem) return error.causeRetryable ?? true;
  // 5xx and 429 may pass; 400, 403, 404 and the service's own 9005 / 9007 will not.
  if (error instanceof ApiError)
    return (error.resultCode >= 500 && error.resultCode < 600) || error.resultCode === 429;
  return true;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Codes → ids of the list kinds: the service's codes, and the items matched without one; creates add to them. */
function listIdsOf(remote: RemoteState, changes: readonly Change[]): Record<ListKind, Map<string, number>> {
  const ids = Object.fromEntries(listKinds.map((kind) => [kind, new Map<string, number>()])) as Record<
    ListKind,
    Map<string, number>
  >;
  for (const kind of listKinds) {
    const def = resources[kind];
    for (const raw of remote.lists[kind] as Record<string, unknown>[]) {
      const code = raw[def.codeField as string];
      if (typeof code === 'string' && code) ids[kind].set(code, raw[def.idField] as number);
    }
  }
  for (const change of changes) {
    if (isList(change) && (change.action === 'update' || change.action === 'noop'))
      ids[change.kind as ListKind].set(change.key, change.remoteId);
  }
  return ids;
}

/** Creates and updates of tags, headings and categories, parents before children; each recorded as owned. */
export async function applyListUpserts(run: ApplyRunState): Promise<void> {
  const { changes, overwriteDrift } = run.options;
  const listUpserts = changes
    .filter((c) => c.action === 'create' || c.action === 'update')
    .filter((c) => isList(c) && isApplicable(c, overwriteDrift));
  const rankOf = (c: Change) => `${resourceOf(c.kind).list?.rank ?? 0}:${c.level ?? 0}`;
  for (const rank of [...new Set(listUpserts.map(rankOf))].sort()) {
    const wave = listUpserts.filter((c) => rankOf(c) === rank);
    await Promise.all(wave.map((change) => run.limit(() => upsertListItem(run, change))));
  }
}

async function upsertListItem(run: ApplyRunState, change: CreateChange | UpdateChange): Promise<void> {
  const { api, store } = run.options;
  const kind = change.kind as ListKind;
  const def = resources[kind];
  const stop = halted(run);
  if (stop) {
    record(run, change, 'failed', stop);
    tick(run, 'lists', false);
    return;
  }
  try {
    const mode = change.action === 'create' ? 'create' : 'update';
    const body = def.list?.toBody(change.after as ListView, writerFor(run, def, 'resolve'), mode);
    let id = change.action === 'update' ? change.remoteId : 0;
    if (mode === 'create') {
      try {
        const created = (await api[kind].create(body as never)) as Record<string, unknown>;
        id = created[def.idField] as number;
      } catch (error) {
        // A create whose answer was lost may still have happened: it was sent with its code, so look.
        const found = await findListItem(api, kind, change.key).catch(() => undefined);
        if (found === undefined) throw error;
        id = found;
      }
    } else await api[kind].update(id, body as never);
    run.ids[kind].set(change.key, id);
    recordListItem(store, kind, change.key, { id, payloadHash: change.payloadHash });
    record(run, change, mode === 'create' ? 'created' : 'updated');
  } catch (error) {
    run.listFailures.set(listStateKey(kind, change.key), isRetryable(error));
    record(run, change, 'failed', error);
  }
  tick(run, 'lists');
}

/** The state owns a list item under the code content/ uses for it, and under no other (a code renamed in the YAML). */
function recordListItem(store: StateStore, kind: ListKind, code: string, entry: ListState): void {
  const key = listStateKey(kind, code);
  for (const [other, owned] of Object.entries(store.state.lists)) {
    if (other !== key && owned.id === entry.id && other.startsWith(listStateKey(kind, '')))
      store.setList(other, null);
  }
  store.setList(key, entry);
}

async function findListItem(api: OcApi, kind: ListKind, code: string): Promise<number | undefined> {
  const def = resources[kind];
  const items = (await api[kind].listAll()) as Record<string, unknown>[];
  const found = items.find((item) => item[def.codeField as string] === code);
  return found ? (found[def.idField] as number) : undefined;
}

/**
 * Creates a document. The create is first recorded as pending — with the server's time and the hash of what is sent —
 * so a create whose answer is lost (timeout, dropped connection, 500 after the write, a kill) can be found again
 * before anything is tried twice. Returns the pending create and its error when no answer came; throws when the
 * state cannot record the outcome.
 */
async function createDocument(
  options: ApplyOptions,
  change: CreateChange,
  view: DocumentView,
  body: unknown,
  payloadHash: string,
  sentHash: string,
): Promise<{ pending: PendingCreate; error: unknown } | undefined> {
  const kind = change.kind as DocumentKind;
  const def = resources[kind];
  const pending: PendingCreate = {
    kind,
    title: pendingTitle(kind, view, options.languages),
    payloadHash,
    sourceHash: change.sourceHash as string,
    since: options.serverNow(),
    sentHash,
  };
  options.store.setPending(change.key, pending);
  try {
    const created = (await options.api[kind].create(body as never)) as Record<string, unknown>;
    options.store.setDocument(change.key, {
      kind,
      id: created[def.idField] as number,
      payloadHash,
      sourceHash: pending.sourceHash,
      updatedDt: created.updatedDt as number,
    });
    options.store.setPending(change.key, null);
    return undefined;
  } catch (error) {
    // The create was answered but could not be recorded: it is in memory already, nothing to look for.
    if (options.store.failure) throw error;
    return { pending, error };
  }
}

/** The title a pending create is found by: the default language's, as the list call projects it. */
function pendingTitle(kind: DocumentKind, view: DocumentView, languages: readonly string[]): string {
  const { nameField } = contentOf(kind);
  if (nameField) return String(view.fields[nameField] ?? '');
  return view.contents[languages[0] as string]?.title ?? '';
}

/** Reads remote documents as views with the list ids this run knows (the service's, and the ones it created). */
function readerOf(ids: Record<ListKind, Map<string, number>>, options: ApplyOptions): ViewReader {
  const codeById = Object.fromEntries(
    listKinds.map((kind) => [kind, new Map([...ids[kind]].map(([code, id]) => [id, code]))]),
  ) as Record<ListKind, Map<number, string>>;
  return remoteViewReader({
    codeById,
    attachments: options.store.state.attachments,
    languages: options.languages,
    readHtml: options.links.read,
  });
}

/**
 * Settles updates an interrupted run sent without hearing back, given a plan made from the state as it is. Where the
 * service holds exactly what was sent, the update landed: the state takes it in, and the caller plans again (the
 * first plan took it for a console edit). Otherwise it never happened, and the plan has it right already.
 */
export function settleInterruptedUpdates(store: StateStore, changes: readonly Change[]): string[] {
  const adopted: string[] = [];
  for (const [key, sent] of Object.entries(store.state.updating ?? {})) {
    const change = changes
      .filter((c) => c.action === 'update' || c.action === 'move' || c.action === 'noop')
      .find((c) => c.key === key && c.kind === sent.kind && c.remoteId === sent.id);
    const before = change?.before;
    if (
      before &&
      'fields' in before &&
      change.remoteUpdatedDt !== undefined &&
      hashView(before) === sent.sentHash
    ) {
      const entry = {
        kind: sent.kind,
        id: sent.id,
        payloadHash: sent.payloadHash,
        sourceHash: sent.sourceHash,
        updatedDt: change.remoteUpdatedDt,
      };
      if (sent.previousKey) store.moveDocument(sent.previousKey, key, entry);
      else store.setDocument(key, entry);
      adopted.push(key);
    }
    store.setUpdating(key, null);
  }
  return adopted;
}

/**
 * Settles creates left pending by an interrupted run: takes what provably was made, forgets what was not. When the
 * service cannot be asked, it throws before anything is planned, so nothing is created twice.
 */
export async function recoverPendingCreates(
  api: OcApi,
  store: StateStore,
  reader: ViewReader,
): Promise<{ adopted: string[]; forgotten: string[] }> {
  const lost = Object.entries(store.state.pending).map(([key, pending]) => ({ key, pending }));
  const outcomes = await settleLostCreates(api, store, lost, reader);
  const adopted: string[] = [];
  const forgotten: string[] = [];
  for (const { key } of lost) {
    const outcome = outcomes.get(key);
    if (outcome?.found) adopted.push(key);
    else if (outcome && 'unknown' in outcome) throw outcome.unknown;
    else {
      // Not made, or not provably this one: the plan creates it again, and holds the create if a lookalike is there.
      store.setPending(key, null);
      forgotten.push(key);
    }
  }
  return { adopted, forgotten };
}
