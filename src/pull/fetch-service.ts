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
import { findUnlisted } from '../sync/remote-state.js';

/**
 * Everything a pull needs from the service: every list (always — documents refer to their codes), and the detail
 * record of every document of the kinds asked for. Notices come several at a time through the multi-detail call.
 */

export interface ServiceSnapshot {
  lists: Record<ListKind, Record<string, unknown>[]>;
  /** Detail records by kind, in id order; only for the kinds pulled. */
  documents: Record<DocumentKind, Record<string, unknown>[]>;
}

/** Notices per multi-detail call. */
const DETAIL_BATCH = 20;

export async function fetchService(
  api: OcApi,
  kinds: ReadonlySet<DocumentKind>,
  options: {
    concurrency: number;
    onProgress?: (done: number, total: number) => void;
    /** The ids the state owns, by kind: one the list does not show is looked up before it is taken for deleted. */
    owned?: (kind: DocumentKind) => number[];
  },
): Promise<ServiceSnapshot> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const lists = Object.fromEntries(
    await Promise.all(listKinds.map(async (kind) => [kind, (await api[kind].listAll()) as never] as const)),
  ) as unknown as ServiceSnapshot['lists'];

  const listed = await Promise.all(
    documentKinds.map(async (kind) => {
      if (!kinds.has(kind)) return [kind, []] as const;
      const def: ResourceDef = resources[kind];
      const items = (await api[kind].listAll()) as Record<string, unknown>[];
      const listedIds = new Set(items.map((item) => item[def.idField] as number));
      const unlisted = await findUnlisted(api, kind, listedIds, options.owned?.(kind) ?? [], options);
      for (const record of unlisted) listedIds.add(record[def.idField] as number);
      return [kind, [...listedIds].sort((a, b) => a - b)] as const;
    }),
  );
  const total = listed.reduce((sum, [, ids]) => sum + ids.length, 0);
  let done = 0;
  const tick = (count: number) => {
    done += count;
    options.onProgress?.(done, total);
  };

  const documents = Object.fromEntries(
    documentKinds.map((kind) => [kind, []]),
  ) as unknown as ServiceSnapshot['documents'];
  await Promise.all(
    listed.map(async ([kind, ids]) => {
      const def: ResourceDef = resources[kind];
      const byId = new Map<number, Record<string, unknown>>();
      const jobs: Promise<void>[] = [];
      if (def.routes.getMany) {
        for (let i = 0; i < ids.length; i += DETAIL_BATCH) {
          const batch = ids.slice(i, i + DETAIL_BATCH);
          jobs.push(
            limit(async () => {
              const records = (await api[kind].getMany(batch)) as Record<string, unknown>[];
              for (const record of records) byId.set(record[def.idField] as number, record);
              tick(batch.length);
            }),
          );
        }
      } else {
        for (const id of ids) {
          jobs.push(
            limit(async () => {
              const record = await api[kind].get(id).catch((error: unknown) => {
                if (error instanceof ApiError && error.notFound) return undefined;
                throw error;
              });
              if (record) byId.set(id, record as Record<string, unknown>);
              tick(1);
            }),
          );
        }
      }
      await Promise.all(jobs);
      // A document deleted between the list and its detail call is simply not there any more.
      documents[kind] = ids.flatMap((id) => {
        const record = byId.get(id);
        return record ? [record] : [];
      });
    }),
  );
  return { lists, documents };
}
