import pLimit from 'p-limit';
import type { OcApi } from '../remote/api.js';
import type { DocumentKind } from '../resources/registry.js';
import { resources } from '../resources/registry.js';
import { type DocumentView, hashView, normalizeView, type ViewReader } from '../resources/view.js';
import type { PendingCreate } from './state-file.js';
import type { StateStore } from './state-store.js';

/**
 * Creates whose answer never came (a timeout, a dropped connection, a 5xx after the write, a kill) may or may not
 * have made a document. Before anything is created again, the service is searched for it — and a document is taken
 * only when it is provably the one sent: same kind, same title, made since the create was sent (by the server's
 * clock), owned by no key, and holding exactly the content that was sent. A twin whose own create is in flight, or a
 * document an editor made in the console with the same title, never matches; those are named instead.
 */

/** Documents made since a create was sent may carry a `createdDt` up to this much earlier (clock resolution). */
const CREATED_TOLERANCE_MS = 5 * 60_000;

export interface LostCreate {
  key: string;
  pending: PendingCreate;
}

/** A remote document with the lost create's title that is not what was sent. */
export interface Lookalike {
  id: number;
  title: string;
  createdDt?: number;
}

export type LostCreateOutcome =
  | { found: true; id: number }
  | { found: false; lookalikes: Lookalike[] }
  /** The service could not be asked: nothing is known, the create stays pending. */
  | { found: false; unknown: Error };

interface Listed {
  id: number;
  title: string;
  createdDt?: number;
  updatedDt: number;
}

/**
 * Settles lost creates against the service: one listing per kind for all of them, one detail per candidate. A found
 * document is recorded in the store (and the pending entry cleared) at once; the caller decides what to do with the
 * rest. Call it when no create is in flight, so every answered create is already in the store.
 */
export async function settleLostCreates(
  api: OcApi,
  store: StateStore,
  lost: readonly LostCreate[],
  reader: ViewReader,
): Promise<Map<string, LostCreateOutcome>> {
  const outcomes = new Map<string, LostCreateOutcome>();
  const kinds = [...new Set(lost.map((l) => l.pending.kind))];
  await Promise.all(
    kinds.map(async (kind) => {
      const ofKind = lost.filter((l) => l.pending.kind === kind);
      try {
        const listed = await listedDocuments(api, kind);
        const hashes = await sentHashesOf(api, kind, candidatesOf(ofKind, listed, store), reader);
        for (const { key, pending } of ofKind) {
          outcomes.set(key, takeLostCreate(store, key, pending, listed, hashes));
        }
      } catch (error) {
        for (const { key } of ofKind) outcomes.set(key, { found: false, unknown: error as Error });
      }
    }),
  );
  return outcomes;
}

async function listedDocuments(api: OcApi, kind: DocumentKind): Promise<Listed[]> {
  const def = resources[kind];
  const items = (await api[kind].listAll()) as Record<string, unknown>[];
  return items.map((item) => ({
    id: item[def.idField] as number,
    // A template's list item carries its subject and its title; a pending template is named by its subject.
    title: String(item.subject ?? item.title ?? ''),
    createdDt: typeof item.createdDt === 'number' ? item.createdDt : undefined,
    updatedDt: item.updatedDt as number,
  }));
}

/** Unowned documents with a lost create's title, made since it was sent. */
function lookalikesOf(
  pending: PendingCreate,
  listed: readonly Listed[],
  owned: ReadonlySet<number>,
): Listed[] {
  return listed.filter(
    (item) =>
      !owned.has(item.id) &&
      item.title === pending.title &&
      (item.createdDt === undefined || item.createdDt >= pending.since - CREATED_TOLERANCE_MS),
  );
}

function ownedIds(store: StateStore, kind: DocumentKind): Set<number> {
  return new Set(
    Object.values(store.state.documents)
      .filter((d) => d.kind === kind)
      .map((d) => d.id),
  );
}

function candidatesOf(lost: readonly LostCreate[], listed: readonly Listed[], store: StateStore): Listed[] {
  const owned = ownedIds(store, lost[0]?.pending.kind as DocumentKind);
  const candidates = new Map<number, Listed>();
  for (const { pending } of lost) {
    if (!pending.sentHash) continue;
    for (const item of lookalikesOf(pending, listed, owned)) candidates.set(item.id, item);
  }
  return [...candidates.values()];
}

/** What each candidate holds, as the hash of its view: comparable with a pending create's `sentHash`. */
async function sentHashesOf(
  api: OcApi,
  kind: DocumentKind,
  candidates: readonly Listed[],
  reader: ViewReader,
): Promise<Map<number, string>> {
  const content = resources[kind].content;
  const limit = pLimit(4);
  const hashes = new Map<number, string>();
  await Promise.all(
    candidates.map((item) =>
      limit(async () => {
        const detail = await api[kind].get(item.id);
        hashes.set(item.id, hashView(normalizeView(content.fromRecord(detail, reader) as DocumentView)));
      }),
    ),
  );
  return hashes;
}

/**
 * Takes the document that holds exactly what was sent, if there is one. Ownership is read again here, after every
 * await: a document another key took meanwhile is never taken twice.
 */
function takeLostCreate(
  store: StateStore,
  key: string,
  pending: PendingCreate,
  listed: readonly Listed[],
  hashes: ReadonlyMap<number, string>,
): LostCreateOutcome {
  const lookalikes = lookalikesOf(pending, listed, ownedIds(store, pending.kind));
  const match = pending.sentHash
    ? lookalikes.filter((item) => hashes.get(item.id) === pending.sentHash).sort((a, b) => a.id - b.id)[0]
    : undefined;
  if (!match) {
    return {
      found: false,
      lookalikes: lookalikes.map(({ id, title, createdDt }) => ({ id, title, createdDt })),
    };
  }
  store.setDocument(key, {
    kind: pending.kind,
    id: match.id,
    payloadHash: pending.payloadHash,
    sourceHash: pending.sourceHash,
    updatedDt: match.updatedDt,
  });
  store.setPending(key, null);
  return { found: true, id: match.id };
}

/** Why a lost create was not taken, for the person reading the result. */
export function describeLostCreate(
  kind: DocumentKind,
  outcome: Exclude<LostCreateOutcome, { found: true }>,
): string {
  if ('unknown' in outcome) {
    return `whether it was made could not be checked (${outcome.unknown.message}); it stays pending, and the next apply looks again before creating anything`;
  }
  if (outcome.lookalikes.length === 0) return 'no such document was made on the service';
  const label = resources[kind].label;
  const named = outcome.lookalikes
    .slice(0, 3)
    .map(
      (l) =>
        `${label} ${l.id} "${l.title}"${l.createdDt ? ` (created ${new Date(l.createdDt).toISOString()})` : ''}`,
    )
    .join(', ');
  const more = outcome.lookalikes.length > 3 ? ` and ${outcome.lookalikes.length - 3} more` : '';
  return `${named}${more} has the same title but not the content that was sent, so it was not taken as this document's`;
}
