import type { DesiredAttachment, DesiredDocument } from '../content/desired-state.js';
import type { AttachmentStore } from '../resources/attachment.js';
import { resourceOf } from '../resources/registry.js';
import { type Change, isApplicable, isUpsert } from './plan.js';
import { attachmentStateKey, type SyncState } from './state-file.js';

/**
 * The files a plan sends and the uploads it leaves behind, so the plan shows them (a 12 MB PDF is a change a
 * reviewer wants to see) and apply does exactly that. Pure: no I/O.
 */

/** A file apply uploads: a document this run writes attaches it, and the service has no copy yet. */
export interface PlannedUpload {
  /** Content-relative path. */
  path: string;
  store: AttachmentStore;
  size: number;
  /** Keys of the documents written in this run that attach it. */
  documents: string[];
}

/** An upload the state records that no file of content/ is any more. */
export interface UnusedUpload {
  /** The state's key (`store:identity`). */
  key: string;
  fileName: string;
  size: number;
  /** Found on the service (pull, adopt), not uploaded by apply: a document made in the console may use it, so it is only forgotten. */
  forgetOnly: boolean;
}

/**
 * Uploads to make, by state key: each file once per store and identity (the same bytes under the same name), only
 * those a document written in this run uses (a held create uploads nothing), and none the state has already.
 */
export function uploadsToMake(input: {
  changes: readonly Change[];
  documents: readonly DesiredDocument[];
  attachments: readonly DesiredAttachment[];
  recorded: SyncState['attachments'];
  overwriteDrift: boolean;
}): Map<string, DesiredAttachment & { documents: string[] }> {
  const users = usersByFile(input.changes, input.documents, input.overwriteDrift);
  const wanted = new Map<string, DesiredAttachment & { documents: string[] }>();
  for (const attachment of input.attachments) {
    const key = attachmentStateKey(attachment.store, attachment.identity);
    const documents = users.get(`${attachment.store}:${attachment.path}`);
    if (!documents || input.recorded[key]) continue;
    const planned = wanted.get(key);
    if (planned) planned.documents.push(...documents.filter((d) => !planned.documents.includes(d)));
    else wanted.set(key, { ...attachment, documents: [...documents] });
  }
  return wanted;
}

/** The plan's view of `uploadsToMake`: path, store, size and the documents, in content/'s order. */
export function plannedUploads(input: Parameters<typeof uploadsToMake>[0]): PlannedUpload[] {
  return [...uploadsToMake(input).values()].map(({ path, store, size, documents }) => ({
    path,
    store,
    size,
    documents,
  }));
}

/** Recorded uploads no file of content/ is any more: apply deletes (or forgets) them once a run went through whole. */
export function unusedUploads(
  attachments: readonly DesiredAttachment[],
  recorded: SyncState['attachments'],
): UnusedUpload[] {
  const used = new Set(attachments.map((a) => attachmentStateKey(a.store, a.identity)));
  return Object.entries(recorded)
    .filter(([key]) => !used.has(key))
    .map(([key, entry]) => ({
      key,
      fileName: entry.fileName,
      size: entry.size,
      forgetOnly: !entry.uploaded,
    }));
}

/** `store:path` of each file the documents this run writes attach → the keys of those documents. */
function usersByFile(
  changes: readonly Change[],
  documents: readonly DesiredDocument[],
  overwriteDrift: boolean,
): Map<string, string[]> {
  const byKey = new Map(documents.map((doc) => [doc.key, doc]));
  const users = new Map<string, string[]>();
  for (const change of changes) {
    if (!isUpsert(change) || !isApplicable(change, overwriteDrift)) continue;
    const doc = byKey.get(change.key);
    const store = resourceOf(change.kind).content?.attachmentStore;
    if (!doc || !store) continue;
    for (const content of Object.values(doc.contents))
      for (const file of content.attachments) {
        const id = `${store}:${file}`;
        const list = users.get(id) ?? [];
        if (!list.includes(doc.key)) list.push(doc.key);
        users.set(id, list);
      }
  }
  return users;
}
