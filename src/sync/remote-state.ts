import pLimit from 'p-limit';
import type { OcApi } from '../remote/api.js';
import { resourceList, resources } from '../resources/registry.js';
import type { ResourceDef, ResourceKind } from '../resources/resource.js';

/**
 * What the service holds, fetched with as few calls as the plan allows (DESIGN §4): every list page, and a detail
 * only for the documents the caller says it needs — an item whose source and remote `updatedDt` both match the
 * state is unchanged, so a no-op plan costs only the list pages.
 */

export type DocumentKind = 'faq' | 'notice' | 'template';
export type ListKind = 'tag' | 'heading' | 'faqCategory';

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

export const documentKinds = resourceList.filter((def) => def.content).map((def) => def.kind as DocumentKind);
export const listKinds = resourceList.filter((def) => def.list).map((def) => def.kind as ListKind);

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
      const def = resources[kind];
      const found = new Map<number, RemoteDocument>();
      for (const raw of (await api[kind].listAll()) as unknown[]) {
        const item = raw as ListedDocument & Record<string, unknown>;
        const id = item[def.idField] as number;
        found.set(id, {
          kind,
          id,
          updatedDt: item.updatedDt,
          title: item.title ?? item.subject ?? '',
          categoryId: item.categoryId,
          tagIds: (item.tags ?? []).map((t) => t.tagId),
        });
      }
      documents[kind] = found;
    }),
  );
  return { lists, documents };
}

/** Adds the details the plan needs to a listing (notices in multi-detail batches). */
export async function fetchDetails(
  api: OcApi,
  listing: RemoteState,
  needsDetail: (kind: DocumentKind, id: number, updatedDt: number) => boolean,
  options: { concurrency?: number } = {},
): Promise<RemoteState> {
  const { documents } = listing;
  const limit = pLimit(options.concurrency ?? 4);
  const fetches: Promise<void>[] = [];
  for (const kind of documentKinds) {
    const def: ResourceDef = resources[kind];
    const wanted = [...documents[kind].values()].filter((doc) => needsDetail(kind, doc.id, doc.updatedDt));
    if (def.routes.getMany) {
      for (let i = 0; i < wanted.length; i += DETAIL_BATCH) {
        const batch = wanted.slice(i, i + DETAIL_BATCH);
        fetches.push(
          limit(async () => {
            const records = (await api[kind].getMany(batch.map((d) => d.id))) as Record<string, unknown>[];
            for (const record of records) {
              const doc = documents[kind].get(record[def.idField] as number);
              if (doc) doc.detail = record;
            }
          }),
        );
      }
    } else {
      for (const doc of wanted) {
        fetches.push(
          limit(async () => {
            doc.detail = await api[kind].get(doc.id);
          }),
        );
      }
    }
  }
  await Promise.all(fetches);
  return listing;
}

export function isDocumentKind(kind: ResourceKind): kind is DocumentKind {
  return (documentKinds as string[]).includes(kind);
}
