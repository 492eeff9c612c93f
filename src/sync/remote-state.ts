import pLimit from 'p-limit';
import type { OcApi } from '../remote/api.js';
import { ApiError } from '../remote/errors.js';
import {
  type DocumentKind,
  documentKinds,
  type ListKind,
  listKinds,
  resources,
} from '../resources/registry.js';
import type { ResourceDef } from '../resources/resource.js';
import type { SyncState } from './state-file.js';

/**
 * What the service holds, fetched with as few calls as the plan allows (DESIGN §4): every list page, and a detail
 * only for the documents the caller says it needs — an item whose source and remote `updatedDt` both match the
 * state is unchanged, so a no-op plan costs only the list pages.
 */

export interface RemoteDocument {
  kind: DocumentKind;
  id: number;
  updatedDt: number;
  title: string;
  /** The detail record, when it was fetched. */
  detail?: unknown;
  /** Reference ids from the list item, to tell whether a category, heading or tag is still in use. */
  categoryId?: number | null;
  tagIds?: number[];
}

export interface RemoteState {
  lists: Record<ListKind, unknown[]>;
  documents: Record<DocumentKind, Map<number, RemoteDocument>>;
}

/** How many documents one multi-detail call asks for, where the kind has one (notices). */
const DETAIL_BATCH = 20;

interface ListedDocument {
  updatedDt: number;
  title?: string | null;
  subject?: string | null;
  categoryId?: number | null;
  tags?: { tagId: number }[] | null;
}

/**
 * Every list page, and nothing else: what the service holds without any detail. It does not depend on content/,
 * so planning fetches it while content/ is being read.
 */
export async function fetchRemoteLists(api: OcApi): Promise<RemoteState> {
  const lists = Object.fromEntries(
    await Promise.all(
      listKinds.map(async (kind) => [kind, (await api[kind].listAll()) as unknown[]] as const),
    ),
  ) as RemoteState['lists'];

  const documents = {} as RemoteState['documents'];
  await Promise.all(
    documentKinds.map(async (kind) => {
      const found = new Map<number, RemoteDocument>();
      for (const item of (await api[kind].listAll()) as Record<string, unknown>[]) {
        const doc = remoteDocumentOf(kind, item);
        found.set(doc.id, doc);
      }
      documents[kind] = found;
    }),
  );
  return { lists, documents };
}

/** A list item — or a detail record, which carries the same fields — as the plan sees it. */
function remoteDocumentOf(kind: DocumentKind, raw: Record<string, unknown>): RemoteDocument {
  const item = raw as ListedDocument & Record<string, unknown>;
  const categories = item.categories as { categoryId?: number }[] | null | undefined;
  return {
    kind,
    id: item[resources[kind].idField] as number,
    updatedDt: item.updatedDt,
    title: item.title ?? item.subject ?? '',
    categoryId: item.categoryId ?? categories?.[0]?.categoryId,
    tagIds: (item.tags ?? []).map((t) => t.tagId),
  };
}

/**
 * The detail records of owned documents the list did not show but the service still has. A list is a snapshot
 * taken page by page: a console delete or create between two pages shifts an item across a page boundary unseen,
 * even when the totals agree (one delete and one create). Only a detail call that answers 404 proves a document
 * gone, so nothing is re-created or removed on a list's word alone.
 */
export async function findUnlisted(
  api: OcApi,
  kind: DocumentKind,
  listed: ReadonlySet<number>,
  owned: Iterable<number>,
  options: { concurrency: number },
): Promise<Record<string, unknown>[]> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const unlisted = [...new Set(owned)].filter((id) => !listed.has(id));
  const records = await Promise.all(
    unlisted.map((id) =>
      limit(() =>
        (api[kind].get(id) as Promise<Record<string, unknown>>).catch((error: unknown) => {
          if (error instanceof ApiError && error.notFound) return undefined;
          throw error;
        }),
      ),
    ),
  );
  return records.filter((record): record is Record<string, unknown> => record !== undefined);
}

/** Owned document ids by kind, from the state. */
export function ownedIds(state: SyncState, kind: DocumentKind): number[] {
  return Object.values(state.documents)
    .filter((entry) => entry.kind === kind)
    .map((entry) => entry.id);
}

/**
 * Adds to a listing the owned documents it missed (with their detail, fetched to confirm them), so the plan never
 * takes an unseen document for a deleted one.
 */
export async function addUnlistedOwned(
  api: OcApi,
  listing: RemoteState,
  state: SyncState,
  options: { concurrency?: number } = {},
): Promise<RemoteState> {
  await Promise.all(
    documentKinds.map(async (kind) => {
      const documents = listing.documents[kind];
      const found = await findUnlisted(api, kind, new Set(documents.keys()), ownedIds(state, kind), {
        concurrency: options.concurrency ?? 4,
      });
      for (const record of found) {
        const doc = remoteDocumentOf(kind, record);
        documents.set(doc.id, { ...doc, detail: record });
      }
    }),
  );
  return listing;
}

/** Adds the details the plan needs to a listing (notices in multi-detail batches). */
/** How far plan's detail fetch is: documents whose detail has come, of those it needs. */
export interface DetailProgress {
  done: number;
  total: number;
  phase: string;
}

export async function fetchDetails(
  api: OcApi,
  listing: RemoteState,
  needsDetail: (kind: DocumentKind, id: number, updatedDt: number) => boolean,
  options: { concurrency?: number; onProgress?: (progress: DetailProgress) => void } = {},
): Promise<RemoteState> {
  const limit = pLimit(options.concurrency ?? 4);
  const wanted = documentKinds.map((kind) =>
    [...listing.documents[kind].values()].filter(
      (doc) => doc.detail === undefined && needsDetail(kind, doc.id, doc.updatedDt),
    ),
  );
  const progress = { done: 0, total: wanted.reduce((sum, docs) => sum + docs.length, 0), phase: 'details' };
  const fetched = (count: number) => {
    progress.done += count;
    options.onProgress?.({ ...progress });
  };
  const details = await Promise.all(
    documentKinds.map((kind, i) =>
      fetchDetailsOf(api, kind, listing.documents[kind], wanted[i] ?? [], limit, fetched),
    ),
  );
  const documents = Object.fromEntries(
    documentKinds.map((kind, i) => [
      kind,
      withDetails(listing.documents[kind], details[i] as Map<number, unknown>),
    ]),
  ) as RemoteState['documents'];
  return { ...listing, documents };
}

/** The details of one kind's listed documents that need one and have none yet (`wanted`), by id. */
async function fetchDetailsOf(
  api: OcApi,
  kind: DocumentKind,
  documents: ReadonlyMap<number, RemoteDocument>,
  wanted: readonly RemoteDocument[],
  limit: ReturnType<typeof pLimit>,
  fetched: (count: number) => void,
): Promise<Map<number, unknown>> {
  const def: ResourceDef = resources[kind];
  const details = new Map<number, unknown>();
  const fetches: Promise<void>[] = [];
  if (def.routes.getMany) {
    for (let i = 0; i < wanted.length; i += DETAIL_BATCH) {
      const batch = wanted.slice(i, i + DETAIL_BATCH);
      fetches.push(
        limit(async () => {
          const records = (await api[kind].getMany(batch.map((d) => d.id))) as Record<string, unknown>[];
          for (const record of records) {
            const id = record[def.idField] as number;
            if (documents.has(id)) details.set(id, record);
          }
          fetched(batch.length);
        }),
      );
    }
  } else {
    for (const doc of wanted) {
      fetches.push(
        limit(async () => {
          details.set(doc.id, await api[kind].get(doc.id));
          fetched(1);
        }),
      );
    }
  }
  await Promise.all(fetches);
  return details;
}

/** A copy of the listing with the fetched details: the documents that got one are new objects. */
function withDetails(
  documents: ReadonlyMap<number, RemoteDocument>,
  details: ReadonlyMap<number, unknown>,
): Map<number, RemoteDocument> {
  return new Map(
    [...documents].map(([id, doc]) => [id, details.has(id) ? { ...doc, detail: details.get(id) } : doc]),
  );
}
