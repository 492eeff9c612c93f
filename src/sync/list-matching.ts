import type { DesiredState } from '../content/model.js';
import { type ListKind, listKinds, resourceOf, resources } from '../resources/registry.js';
import type { ListContent } from '../resources/resource.js';
import type { RemoteState } from './remote-state.js';
import { listStateKey, type SyncState } from './state-file.js';

/**
 * Which remote item each tag, heading and FAQ category of content/ is (DESIGN §4): the one with its code; else the
 * one the state recorded for that code (a tag made in the web console can never be given a code); else one made in
 * the web console without a code that has the same default-language name (and, for categories, the same parent).
 * Everything else on the service is someone else's: never changed, never deleted.
 */

export type MatchedBy = 'code' | 'state' | 'name';

export interface ListMatch {
  id: number;
  by: MatchedBy;
}

export interface ListMatching {
  /** Remote id → the code content/ uses for it: every coded item, and every item matched without its code. */
  codeById: Record<ListKind, Map<number, string>>;
  /** Desired code → the remote item it is. */
  matched: Record<ListKind, Map<string, ListMatch>>;
}

export interface DesiredListEntry {
  code: string;
  names: Record<string, string>;
  order?: number;
  parentCode?: string;
  level?: number;
}

/** The entries of content/'s YAML list of a kind. */
export function desiredListOf(desired: DesiredState, kind: ListKind): readonly DesiredListEntry[] {
  return desired[(resourceOf(kind).list as ListContent).entries];
}

export function matchLists(
  desired: DesiredState,
  lists: RemoteState['lists'],
  state: SyncState,
): ListMatching {
  const codeById = {} as ListMatching['codeById'];
  const matched = {} as ListMatching['matched'];
  for (const kind of listKinds) {
    const found = matchKind(
      kind,
      desiredListOf(desired, kind),
      lists[kind] as Record<string, unknown>[],
      state,
      desired.languages,
    );
    codeById[kind] = found.codeById;
    matched[kind] = found.matched;
  }
  return { codeById, matched };
}

interface RemoteItem {
  id: number;
  code: string | undefined;
  /** The default language's name. */
  name: string;
  parentId: number;
}

function matchKind(
  kind: ListKind,
  entries: readonly DesiredListEntry[],
  records: readonly Record<string, unknown>[],
  state: SyncState,
  languages: readonly string[],
): { codeById: Map<number, string>; matched: Map<string, ListMatch> } {
  const items = records.map((record) => remoteItem(kind, record, languages));
  const byId = new Map(items.map((item) => [item.id, item]));
  const byCode = new Map(items.filter((item) => item.code).map((item) => [item.code as string, item]));
  const codeById = new Map(items.filter((item) => item.code).map((item) => [item.id, item.code as string]));
  const matched = new Map<string, ListMatch>();
  const taken = new Set<number>();
  const take = (entry: DesiredListEntry, item: RemoteItem, by: MatchedBy) => {
    taken.add(item.id);
    codeById.set(item.id, entry.code);
    matched.set(entry.code, { id: item.id, by });
  };
  // An item is free to be matched without its code when it has none, or when its code is one content/ gave up and
  // the state says oc-sync owns it under that code (a code renamed in the YAML: an update, not a create and a delete).
  const desiredCodes = new Set(entries.map((entry) => entry.code));
  // Ids the state records under one of content/'s codes (a tag whose code could not follow a rename).
  const recordedUnderDesired = new Set(
    entries.map((entry) => state.lists[listStateKey(kind, entry.code)]?.id),
  );
  const free = (item: RemoteItem) =>
    !item.code ||
    (!desiredCodes.has(item.code) &&
      (state.lists[listStateKey(kind, item.code)]?.id === item.id || recordedUnderDesired.has(item.id)));
  // By code and by the state first, so a name never takes an item that is some entry's by right.
  const rest: DesiredListEntry[] = [];
  for (const entry of entries) {
    const coded = byCode.get(entry.code);
    const recorded = byId.get(state.lists[listStateKey(kind, entry.code)]?.id ?? Number.NaN);
    if (coded) take(entry, coded, 'code');
    else if (recorded && !taken.has(recorded.id) && free(recorded)) take(entry, recorded, 'state');
    else rest.push(entry);
  }
  // Parents before children: a child's parent is known by the time it is matched.
  for (const entry of [...rest].sort((a, b) => (a.level ?? 0) - (b.level ?? 0))) {
    const name = entry.names[languages[0] as string] ?? Object.values(entry.names)[0];
    const twin = items
      .filter((item) => !taken.has(item.id) && free(item) && item.name === name)
      .filter((item) => !resourceOf(kind).list?.nested || parentOf(item, codeById) === entry.parentCode)
      .sort((a, b) => a.id - b.id)[0];
    if (twin) take(entry, twin, 'name');
  }
  return { codeById, matched };
}

/** A category's parent by the code content/ uses for it (categories of this kind matched so far). */
function parentOf(item: RemoteItem, codes: ReadonlyMap<number, string>): string | undefined {
  if (!item.parentId) return undefined;
  return codes.get(item.parentId) ?? `id:${item.parentId}`;
}

function remoteItem(
  kind: ListKind,
  record: Record<string, unknown>,
  languages: readonly string[],
): RemoteItem {
  const def = resources[kind];
  const code = record[def.codeField as string];
  const names = (record.languages ?? record.names) as Record<string, string> | null | undefined;
  const flat = (record.name ?? record.tag) as string | null | undefined;
  return {
    id: record[def.idField] as number,
    code: typeof code === 'string' && code ? code : undefined,
    name: names?.[languages[0] as string] ?? flat ?? '',
    parentId: typeof record.parent === 'number' ? record.parent : 0,
  };
}
