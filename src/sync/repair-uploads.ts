import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mime from 'mime-types';
import type { DesiredAttachment, DesiredState } from '../content/model.js';
import type { OcApi, ResourceApi } from '../remote/api.js';
import { ApiError } from '../remote/errors.js';
import type { AttachmentStore } from '../resources/attachment.js';
import { type DocumentKind, documentKinds, linkStoreOf, resources } from '../resources/registry.js';
import type { ResourceDef } from '../resources/resource.js';
import type { ApplyResult } from './apply.js';
import { attachmentStateKey } from './state-file.js';
import type { StateStore } from './state-store.js';

/**
 * Uploads deleted in the console (issue 14, case 11). The API cannot list uploads, and deleting one leaves the
 * documents' `updatedDt` alone, so a plan cannot see it; the state still names the upload, and every write that
 * references it is refused with 9005. When a document write is refused so, the uploads its body references are
 * checked (download → 404); the deleted ones are uploaded again from content/, the state takes the new ids, and
 * the write is sent once more with them. Other 9005s (a category or tag that is gone) fail as before.
 */

export interface RepairedUpload {
  /** State key (`store:<identity>`). */
  key: string;
  /** Content-relative path of the file uploaded again. */
  path: string;
  previousId: string;
  id: string;
}

export interface UploadRepairOptions {
  store: StateStore;
  attachments: readonly DesiredAttachment[];
  contentDir: string;
  /** Told of each upload found deleted and uploaded again. */
  onRepaired?: (repaired: RepairedUpload) => void;
}

const MISSING_REFERENCE = 9005;
const WRITTEN: ReadonlySet<string> = new Set(['created', 'updated', 'moved']);

/** One apply's repairs: the API to write through, and what to tell people (and the state) once it is done. */
export interface UploadRepairSession {
  api: OcApi;
  /**
   * Notes for each upload sent again. Documents that link it but were not written in this run still link the
   * deleted upload on the service: their state entries are marked changed, so the next plan fetches them and
   * updates them to the new one.
   */
  finish(desired: DesiredState, result: ApplyResult): string[];
}

export function startUploadRepair(
  api: OcApi,
  options: Omit<UploadRepairOptions, 'onRepaired'>,
): UploadRepairSession {
  const repaired: RepairedUpload[] = [];
  return {
    api: withUploadRepair(api, { ...options, onRepaired: (r) => repaired.push(r) }),
    finish: (desired, result) =>
      repaired.map((upload) => {
        const stale = markLinkersChanged(options.store, desired, result, upload.key);
        const others = stale.length
          ? ` ${stale.join(', ')} also link it and were not written in this run: the next apply updates them`
          : '';
        return `${upload.path}: its upload ${upload.previousId} was deleted on the service; uploaded again as ${upload.id} for the documents written in this run.${others}`;
      }),
  };
}

/** Keys of the documents linking an upload that this run did not write, their state entries marked changed. */
function markLinkersChanged(
  store: StateStore,
  desired: DesiredState,
  result: ApplyResult,
  uploadKey: string,
): string[] {
  const written = new Set(result.results.filter((r) => WRITTEN.has(r.outcome)).map((r) => r.change.key));
  // Documents name their files by path; several paths may hold the same bytes under the same name, and so the same
  // upload.
  const paths = new Set(
    desired.attachments
      .filter((a) => attachmentStateKey(a.store, a.identity) === uploadKey)
      .map((a) => a.path),
  );
  const stale: string[] = [];
  // A state that cannot be written records nothing more; the note then names no document.
  if (store.failure) return stale;
  for (const doc of desired.documents) {
    const links = Object.values(doc.contents).some((content) =>
      content.attachments.some((p) => paths.has(p)),
    );
    const entry = store.state.documents[doc.key];
    if (!links || !entry || written.has(doc.key)) continue;
    store.setDocument(doc.key, { ...entry, payloadHash: `upload-replaced:${entry.payloadHash}` });
    stale.push(doc.key);
  }
  return stale;
}

/** The API with document creates and updates that repair deleted uploads; everything else is passed through. */
export function withUploadRepair(api: OcApi, options: UploadRepairOptions): OcApi {
  const repair = createUploadRepair(api, options);
  const repairing = Object.fromEntries(
    documentKinds.map((kind) => [kind, repairingWrites(api[kind] as ResourceApi<never>, kind, repair)]),
  );
  return { ...api, ...repairing } as OcApi;
}

type Repair = (error: unknown, body: unknown, store: AttachmentStore) => Promise<unknown | undefined>;

function repairingWrites(
  kindApi: ResourceApi<never>,
  kind: DocumentKind,
  repair: Repair,
): ResourceApi<never> {
  const def: ResourceDef = resources[kind];
  // As apply writes bodies: a kind without its own store links notice uploads.
  const store: AttachmentStore = linkStoreOf(def);
  const retried = async <T>(body: unknown, send: (body: unknown) => Promise<T>): Promise<T> => {
    try {
      return await send(body);
    } catch (error) {
      const repaired = await repair(error, body, store);
      if (repaired === undefined) throw error;
      return send(repaired);
    }
  };
  return {
    ...kindApi,
    create: (body) => retried(body, (b) => kindApi.create(b as never)),
    update: (ref, body) => retried(body, (b) => kindApi.update(ref, b as never)),
  };
}

function createUploadRepair(api: OcApi, options: UploadRepairOptions): Repair {
  const { store } = options;
  const desired = new Map(options.attachments.map((a) => [attachmentStateKey(a.store, a.identity), a]));
  // Old id → its replacement, shared by every write: three documents refused for one upload upload it once, and a
  // body built before the replacement is rewritten with it.
  const replacements = new Map<string, Promise<string | undefined>>();

  const replace = (attachmentStore: AttachmentStore, key: string, previousId: string) => {
    let replacement = replacements.get(previousId);
    if (!replacement) {
      replacement = replaceIfDeleted(api, options, attachmentStore, key, previousId, desired.get(key));
      replacements.set(previousId, replacement);
    }
    return replacement;
  };

  return async (error, body, attachmentStore) => {
    if (!(error instanceof ApiError && error.resultCode === MISSING_REFERENCE)) return undefined;
    let text = JSON.stringify(body);
    const referenced = Object.entries(store.state.attachments).filter(
      ([key, uploaded]) => key.startsWith(`${attachmentStore}:`) && text.includes(uploaded.id),
    );
    const earlier = [...replacements.keys()].filter((id) => text.includes(id));
    const found = await Promise.all([
      ...referenced.map(async ([key, uploaded]) => [
        uploaded.id,
        await replace(attachmentStore, key, uploaded.id),
      ]),
      ...earlier.map(async (id) => [id, await replacements.get(id)]),
    ]);
    let changed = false;
    for (const [previousId, id] of found) {
      if (!previousId || !id) continue;
      text = text.split(previousId).join(id);
      changed = true;
    }
    return changed ? JSON.parse(text) : undefined;
  };
}

/** The new id of an upload the service no longer has, uploaded again; undefined when it is there (or cannot be). */
async function replaceIfDeleted(
  api: OcApi,
  options: UploadRepairOptions,
  attachmentStore: AttachmentStore,
  key: string,
  previousId: string,
  attachment: DesiredAttachment | undefined,
): Promise<string | undefined> {
  if (!attachment || !(await isDeleted(api, attachmentStore, previousId))) return undefined;
  const bytes = await readFile(path.join(options.contentDir, ...attachment.path.split('/')));
  const uploaded = await api.attachments.upload(attachmentStore, {
    bytes,
    fileName: attachment.fileName,
    contentType: mime.lookup(attachment.fileName) || 'application/octet-stream',
  });
  try {
    options.store.setAttachment(key, {
      id: uploaded.attachmentId,
      fileName: attachment.fileName,
      md5: attachment.md5,
      size: attachment.size,
      uploaded: true,
    });
  } catch (error) {
    // Not recorded, so it could never be found again (uploads cannot be listed): take it back.
    await api.attachments.delete(attachmentStore, uploaded.attachmentId).catch(() => undefined);
    throw error;
  }
  options.onRepaired?.({ key, path: attachment.path, previousId, id: uploaded.attachmentId });
  return uploaded.attachmentId;
}

async function isDeleted(api: OcApi, attachmentStore: AttachmentStore, id: string): Promise<boolean> {
  try {
    await api.attachments.download(attachmentStore, id);
    return false;
  } catch (error) {
    if (error instanceof ApiError && error.notFound) return true;
    // Unknown (a timeout, a 5xx): the write fails with its own error rather than uploading on a guess.
    return false;
  }
}
