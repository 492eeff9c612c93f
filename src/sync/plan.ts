import type { TranslationSettings } from '../config/schema.js';
import type { DesiredDocument, DesiredState } from '../content/desired-state.js';
import type { TranslationCounts, TranslationEntry } from '../content/translation-status.js';
import {
  categoryReferenceOf,
  type DocumentKind,
  documentKinds,
  type ListKind,
  listKinds,
  referenceOf,
  resourceOf,
  resources,
} from '../resources/registry.js';
import type { ListContent, ResourceKind } from '../resources/resource.js';
import {
  type DocumentView,
  hashView,
  type ListView,
  listViewOf,
  normalizeView,
  type ViewReader,
} from '../resources/view.js';
import {
  type DesiredListEntry,
  desiredListOf,
  type ListMatching,
  type MatchedBy,
  matchLists,
} from './list-matching.js';
import type { PlannedUpload, UnusedUpload } from './plan-uploads.js';
import type { RemoteDocument, RemoteState } from './remote-state.js';
import { type DocumentState, listStateKey, type SyncState, UNKNOWN_REMOTE_VERSION } from './state-file.js';
import { changedFields, desiredView, remoteViewReader } from './view-comparison.js';

/**
 * The planner (DESIGN §4): desired state + remote state + state file → the list of changes, in dependency order.
 * Pure: no I/O, so every case is tested with plain objects. Nothing here decides whether a change is applied —
 * `hold` says why one would not be, and apply honours it.
 */

export type ChangeAction = 'create' | 'update' | 'delete' | 'move' | 'noop';

/** Why a change is shown but not applied. */
export type Hold =
  | 'prune-off'
  | 'drift'
  | 'conflict'
  | 'in-use'
  | 'empty-kind'
  /** A create of a document the service already has, unmanaged. */
  | 'exists-unmanaged'
  /** A create of a document the service already has as another file of content/. */
  | 'exists-owned';

/** Holds of creates that would duplicate a document the service already has. */
export function holdsDuplicate(hold: Hold | undefined): boolean {
  return hold === 'exists-unmanaged' || hold === 'exists-owned';
}

/** What every change has: the item, how it is shown, and why it would not be applied. */
interface ChangeCommon {
  kind: ResourceKind;
  /** Document key, or the code of a tag, heading or category. */
  key: string;
  title?: string;
  /** The view fields that differ (API names); empty but for updates and moves. */
  changedFields: string[];
  /** Display-only explanation. */
  reason?: string;
  hold?: Hold;
  /** The remote changed since the last apply. */
  drifted?: boolean;
  /** FAQ category level, for ordering. */
  level?: number;
}

/** Something content/ has and the service does not (or no longer does: then held as drift). */
export interface CreateChange extends ChangeCommon {
  action: 'create';
  /**
   * A list item's view. A document's is computed when it is written (`writtenView`), so a plan reads no body; only
   * the plan's JSON carries it.
   */
  after?: DocumentView | ListView;
  /** For apply's state writes. */
  sourceHash?: string;
  payloadHash: string;
}

/** An owned item whose content differs from content/'s. */
export interface UpdateChange extends ChangeCommon {
  action: 'update';
  remoteId: number;
  /** Absent when the plan did not fetch the remote detail. */
  before?: DocumentView | ListView;
  after: DocumentView | ListView;
  sourceHash?: string;
  payloadHash: string;
  /** The remote `updatedDt` the plan saw, for state writes. */
  remoteUpdatedDt?: number;
}

/** An update of a document whose file was renamed or moved: its state entry moves with it. */
export interface MoveChange extends Omit<UpdateChange, 'action'> {
  action: 'move';
  /** The key the document had. */
  previousKey: string;
}

/** An owned item content/ no longer has. */
export interface DeleteChange extends ChangeCommon {
  action: 'delete';
  remoteId: number;
  before?: DocumentView | ListView;
  /** The remote item is already gone: only the state entry goes. */
  remoteMissing?: boolean;
}

/** An owned item the service holds as content/ wants it. */
export interface NoopChange extends ChangeCommon {
  action: 'noop';
  remoteId: number;
  before?: DocumentView | ListView;
  after?: DocumentView | ListView;
  sourceHash?: string;
  payloadHash: string;
  /** The state entry needs refreshing (new source hash or remote `updatedDt`, same content). */
  refresh?: boolean;
  remoteUpdatedDt?: number;
}

/** One line of a plan, discriminated by `action`. */
export type Change = CreateChange | UpdateChange | MoveChange | DeleteChange | NoopChange;

/** A change that writes to the service (or, for a vanished delete, to the state only). */
export type WritingChange = Exclude<Change, NoopChange>;

/** A change that sends the item's content: a create, an update, a move. */
export type UpsertChange = CreateChange | UpdateChange | MoveChange;

/** The key a moved document had. */
export function movedFrom(change: Change): string | undefined {
  return change.action === 'move' ? change.previousKey : undefined;
}

/** Whether apply writes this change: held ones only drift and conflicts, and only with `--overwrite-drift`. */
export function isApplicable(change: Change, overwriteDrift: boolean): boolean {
  if (!change.hold) return true;
  return overwriteDrift && (change.hold === 'drift' || change.hold === 'conflict');
}

export function isUpsert(change: Change): change is UpsertChange {
  return change.action === 'create' || change.action === 'update' || change.action === 'move';
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  move: number;
  noop: number;
  drifted: number;
  conflicts: number;
  notDeleted: number;
  /** Creates held because the service already has the document, unmanaged. */
  notCreated: number;
}

export interface UnmanagedItem {
  kind: ResourceKind;
  id: number;
  title: string;
}

export interface Plan {
  changes: Change[];
  /** Remote items the state does not own: never modified or deleted. */
  unmanaged: UnmanagedItem[];
  summary: PlanSummary;
  warnings: string[];
  /**
   * The content files the views' attachment identities stand for (content-relative path, size), so a plan shows
   * attachments and links by the names authors write.
   */
  files?: Record<string, { path: string; size: number; removed?: boolean }>;
  /** Files apply uploads before the documents that attach them (`sync/plan-uploads.ts`). */
  uploads?: PlannedUpload[];
  /** Recorded uploads no file of content/ is any more: deleted (or forgotten) once an apply went through whole. */
  unusedUploads?: UnusedUpload[];
  /** Why apply would refuse this plan as it stands (too many deletes, drift with `onDrift: fail`): nothing written. */
  refusals?: Refusal[];
  /** Where the translations stand (issue 21): set by `makePlan` when the config has more than one language. */
  translations?: PlanTranslations;
}

/** The translations part of a plan: counts per language, and every translation that is not up to date. */
export interface PlanTranslations {
  settings: TranslationSettings;
  counts: Record<string, TranslationCounts>;
  /** The translations the gate reports (stale, missing; never marked when `stale` is error), by language then key. */
  entries: TranslationEntry[];
}

export interface Refusal {
  message: string;
  hint: string;
}

export interface PlanInput {
  desired: DesiredState;
  remote: RemoteState;
  state: SyncState;
  prune: boolean;
  /** Create documents even where the service has an unmanaged one with the same title and category. */
  allowDuplicates?: boolean;
  /** Remote HTML → placeholder HTML (the link codec's `read`). */
  readHtml(html: string): string;
}

interface Owner {
  ownerKey: string;
  previousKey?: string;
  /** A rename found without `previously:` (a `git mv`): why it was taken for one. */
  detected?: 'same content' | 'same title';
}

/**
 * Whether a state entry records this document's content as last applied: its payload hash, or — for a state an
 * older version wrote, before attachments had identities — the hash that version computed for the same content.
 */
function recordsContentOf(entry: DocumentState, doc: DesiredDocument): boolean {
  return entry.payloadHash === doc.payloadHash || entry.payloadHash === doc.legacyPayloadHash;
}

/**
 * Which state entry each desired document is planned from: its own key, else the first `previously:` key that names
 * an entry of its kind which no desired document still has and no earlier document took, else — a file moved
 * without `previously:`, as `git mv` does — an entry of its kind whose key is gone from content/ and that holds the
 * same content, or the same title when that title is unique on both sides. `detailNeeds` and the planner both use
 * it, so a rename fetches the detail the planner compares against.
 */
function ownersOf(desired: DesiredState, state: SyncState, listing?: RemoteState): Map<string, Owner> {
  const desiredKeys = new Set(desired.documents.map((doc) => doc.key));
  const owners = new Map<string, Owner>();
  const taken = new Set<string>();
  for (const doc of desired.documents) {
    if (state.documents[doc.key]) {
      owners.set(doc.key, { ownerKey: doc.key });
      continue;
    }
    const previousKey = doc.previously.find(
      (key) => state.documents[key]?.kind === doc.kind && !desiredKeys.has(key) && !taken.has(key),
    );
    if (previousKey === undefined) continue;
    taken.add(previousKey);
    owners.set(doc.key, { ownerKey: previousKey, previousKey });
  }
  detectMoves(desired, state, listing, owners, (key) => desiredKeys.has(key) || taken.has(key));
  return owners;
}

/** Renames without `previously:`: what `git mv` leaves behind — a key gone, a key new, the same document. */
function detectMoves(
  desired: DesiredState,
  state: SyncState,
  listing: RemoteState | undefined,
  owners: Map<string, Owner>,
  unavailable: (key: string) => boolean,
): void {
  const gone = Object.entries(state.documents).filter(
    ([key, entry]) => !unavailable(key) && (!listing || listing.documents[entry.kind].has(entry.id)),
  );
  if (gone.length === 0) return;
  const fresh = desired.documents.filter((doc) => !owners.has(doc.key));
  const claim = (doc: DesiredDocument, key: string, detected: Owner['detected']) => {
    owners.set(doc.key, { ownerKey: key, previousKey: key, detected });
    gone.splice(
      gone.findIndex(([k]) => k === key),
      1,
    );
  };
  for (const doc of fresh) {
    const same = gone.find(([, entry]) => entry.kind === doc.kind && recordsContentOf(entry, doc));
    if (same) claim(doc, same[0], 'same content');
  }
  if (!listing) return;
  const titleOfEntry = (entry: DocumentState) => listing.documents[entry.kind].get(entry.id)?.title;
  const unclaimed = fresh.filter((doc) => !owners.has(doc.key));
  for (const doc of unclaimed) {
    const title = titleOf(doc, desired.languages);
    const sameTitle = gone.filter(([, entry]) => entry.kind === doc.kind && titleOfEntry(entry) === title);
    const rivals = unclaimed.filter(
      (other) => other.kind === doc.kind && titleOf(other, desired.languages) === title,
    );
    if (sameTitle.length === 1 && rivals.length === 1)
      claim(doc, (sameTitle[0] as [string, DocumentState])[0], 'same title');
  }
}

/** Which remote documents need their detail fetched to plan: owned ones whose local or remote side changed. */
export function detailNeeds(desired: DesiredState, state: SyncState, listing?: RemoteState) {
  const owners = ownersOf(desired, state, listing);
  const wanted = new Map<string, { unchanged: boolean; entry: DocumentState; moved: boolean }>();
  for (const doc of desired.documents) {
    const owner = owners.get(doc.key);
    const entry = owner ? state.documents[owner.ownerKey] : undefined;
    if (!owner || !entry || entry.kind !== doc.kind) continue;
    wanted.set(`${entry.kind}:${entry.id}`, {
      unchanged: recordsContentOf(entry, doc),
      entry,
      moved: owner.previousKey !== undefined,
    });
  }
  return (kind: DocumentKind, id: number, updatedDt: number): boolean => {
    const found = wanted.get(`${kind}:${id}`);
    if (!found) return false;
    return !found.unchanged || updatedDt !== found.entry.updatedDt || found.moved;
  };
}

export function planChanges(input: PlanInput): Plan {
  const { desired, remote, state } = input;
  const languages = desired.languages;
  const warnings: string[] = [];
  const unmanaged: UnmanagedItem[] = [];

  const matching = matchLists(desired, remote.lists, state);
  const reader = remoteViewReader({
    codeById: matching.codeById,
    attachments: state.attachments,
    languages,
    readHtml: input.readHtml,
  });

  const documentChanges = planDocuments(input, reader, unmanaged, warnings);
  // What each remote document will refer to once the documents are written (apply deletes last): gone (null), the
  // new view for an update or move that goes ahead, else what the service holds now.
  const documentFuture = new Map<string, DocumentView | null>();
  for (const change of documentChanges) {
    if (change.action === 'create' || change.action === 'noop' || change.hold) continue;
    const id = `${change.kind}:${change.remoteId}`;
    documentFuture.set(id, change.action === 'delete' ? null : (change.after as DocumentView));
  }
  const listChanges = planLists(input, reader, matching, documentFuture, unmanaged, warnings);

  const deletes = (changes: Change[]) => changes.filter((c) => c.action === 'delete');
  const upserts = (changes: Change[]) => changes.filter((c) => c.action !== 'delete');
  const rank = (change: Change) => resources[change.kind as ListKind].list?.rank ?? 0;
  // Levels only order items of one kind (a heading's `level` says nothing about a tag).
  const byLevel = (direction: 1 | -1) => (a: Change, b: Change) =>
    direction * (rank(a) - rank(b)) ||
    listKinds.indexOf(a.kind as ListKind) - listKinds.indexOf(b.kind as ListKind) ||
    direction * ((a.level ?? 0) - (b.level ?? 0));
  // Parents before children on the way in; documents before what they refer to, children first, on the way out.
  const changes = [
    ...upserts(listChanges).sort(byLevel(1)),
    ...upserts(documentChanges),
    ...deletes(documentChanges),
    ...deletes(listChanges).sort(byLevel(-1)),
  ];
  return { changes, unmanaged, summary: summarize(changes), warnings };
}

/**
 * Why an apply of this plan would end with exit 1 although it refuses nothing as a whole: creates it holds because
 * the service has the document already, drift it leaves untouched. The plan says so and fails the same way, so a pull
 * request shows it before the merge.
 */
export function unfinishedApply(plan: Plan): string[] {
  const s = plan.summary;
  const reasons: string[] = [];
  if (s.notCreated)
    reasons.push(
      `apply will not create ${s.notCreated} document(s) the service already has (see each above)`,
    );
  if (s.drifted + s.conflicts)
    reasons.push(
      `apply will leave ${s.drifted + s.conflicts} item(s) changed on the service untouched (see each above): pull them, or apply with --overwrite-drift`,
    );
  return reasons;
}

/** A summary with nothing counted yet. */
export function emptySummary(): PlanSummary {
  return {
    create: 0,
    update: 0,
    delete: 0,
    move: 0,
    noop: 0,
    drifted: 0,
    conflicts: 0,
    notDeleted: 0,
    notCreated: 0,
  };
}

function summarize(changes: readonly Change[]): PlanSummary {
  const summary = emptySummary();
  for (const change of changes) {
    if (change.hold === 'drift') summary.drifted++;
    else if (change.hold === 'conflict') summary.conflicts++;
    else if (holdsDuplicate(change.hold)) summary.notCreated++;
    else if (change.hold) summary.notDeleted++;
    else summary[change.action]++;
  }
  return summary;
}

function planLists(
  input: PlanInput,
  reader: ViewReader,
  matching: ListMatching,
  documentFuture: ReadonlyMap<string, DocumentView | null>,
  unmanaged: UnmanagedItem[],
  warnings: string[],
): Change[] {
  const changes: Change[] = [];
  for (const kind of listKinds) {
    const records = new Map(
      (input.remote.lists[kind] as Record<string, unknown>[]).map((raw) => [
        raw[resources[kind].idField] as number,
        raw,
      ]),
    );
    const wanted = new Map<string, ListView>();
    for (const entry of desiredListOf(input.desired, kind)) {
      const after = listViewOf(entry, input.desired.languages);
      wanted.set(entry.code, after);
      changes.push(planListEntry(kind, entry, after, input, reader, matching, records));
    }
    changes.push(
      ...planListRemovals(
        kind,
        input,
        reader,
        matching,
        records,
        wanted,
        documentFuture,
        unmanaged,
        warnings,
      ),
    );
  }
  return changes;
}

/** One entry of a YAML list against the remote item it matched (if any) and what the state recorded for it. */
function planListEntry(
  kind: ListKind,
  entry: DesiredListEntry,
  after: ListView,
  input: PlanInput,
  reader: ViewReader,
  matching: ListMatching,
  records: ReadonlyMap<number, Record<string, unknown>>,
): Change {
  const list = resources[kind].list as ListContent;
  const recorded = input.state.lists[listStateKey(kind, entry.code)];
  const payloadHash = hashView(after);
  const base = {
    kind,
    key: entry.code,
    title: Object.values(after.names)[0],
    after,
    level: entry.level,
    payloadHash,
  };
  const match = matching.matched[kind].get(entry.code);
  const raw = match ? records.get(match.id) : undefined;
  if (!match || !raw) {
    // Recorded, but gone from the service: deleted in the web console. Drift, never a silent re-create.
    if (recorded && !records.has(recorded.id)) return deletedOnService(base);
    return { ...base, action: 'create', changedFields: [] };
  }
  const remote = list.fromRecord(raw, reader);
  // Compared (and hashed) by the code content/ uses; shown with the code the service holds.
  const comparable = comparableListView(remote, entry.code, after);
  const changed = changedFields(comparable, after);
  // An item made in the web console has no code: it is given the one content/ uses, where the API allows it.
  const codeToSet = !list.codeOnCreateOnly && remote.code !== entry.code;
  if (codeToSet) changed.push('code');
  const before = { ...comparable, code: remote.code };
  const common = { ...base, remoteId: match.id, before, changedFields: changed };
  const owned = recorded?.id === match.id;
  const remoteChanged = owned && hashView(comparable) !== recorded.payloadHash;
  if (remoteChanged && changed.length > 0) {
    const localChanged = payloadHash !== recorded.payloadHash;
    return {
      ...common,
      action: 'update',
      drifted: true,
      hold: localChanged ? 'conflict' : 'drift',
      reason: localChanged
        ? 'changed both here and on the service since the last apply'
        : 'changed on the service since the last apply',
    };
  }
  const reason =
    codeToSet || match.by === 'name'
      ? matchReason(kind, entry.code, remote.code, match.by, codeToSet)
      : undefined;
  if (changed.length === 0)
    return { ...common, action: 'noop', refresh: !owned || recorded.payloadHash !== payloadHash, reason };
  return { ...common, action: 'update', reason };
}

/** An item the state owns that the service no longer has: deleted in the web console, shown as a create held as drift. */
function deletedOnService(base: Omit<CreateChange, 'action' | 'changedFields'>): CreateChange {
  return {
    ...base,
    action: 'create',
    changedFields: [],
    hold: 'drift',
    drifted: true,
    reason: 'deleted on the service since the last apply',
  };
}

/** The remote item as a view comparable with content/'s: the code content/ uses, and an order only where it has one. */
function comparableListView(remote: ListView, code: string, after: ListView): ListView {
  const view: ListView = { code, names: remote.names };
  if (after.order !== undefined && remote.order !== undefined) view.order = remote.order;
  if (remote.parentCode !== undefined) view.parentCode = remote.parentCode;
  return view;
}

function matchReason(
  kind: ListKind,
  code: string,
  remoteCode: string,
  by: MatchedBy,
  codeToSet: boolean,
): string {
  const fixed = `a ${resources[kind].label} cannot be given a code later, so the state records it as ${code}`;
  if (remoteCode) {
    // Owned under a code content/ renamed: the same item, by its name and parent.
    return codeToSet
      ? `its code is renamed from ${remoteCode} to ${code}`
      : `renamed from ${remoteCode}; ${fixed}`;
  }
  const made = `made in the web console without a code${by === 'name' ? ', matched by its name' : ''}`;
  return codeToSet ? `${made}; apply gives it the code ${code}` : `${made}; ${fixed}`;
}

/**
 * Remote items no YAML entry matched: deleted (with prune) only when oc-sync created or took them over — the state
 * says so — and nothing that stays uses them; anything else is someone else's, shown as unmanaged.
 */
function planListRemovals(
  kind: ListKind,
  input: PlanInput,
  reader: ViewReader,
  matching: ListMatching,
  records: ReadonlyMap<number, Record<string, unknown>>,
  wanted: ReadonlyMap<string, ListView>,
  documentFuture: ReadonlyMap<string, DocumentView | null>,
  unmanaged: UnmanagedItem[],
  warnings: string[],
): Change[] {
  const def = resources[kind];
  const list = def.list as ListContent;
  const matchedIds = new Set([...matching.matched[kind].values()].map((m) => m.id));
  const ownedCodes = ownedListCodes(input.state, kind);
  const changes: Change[] = [];
  const removed: { code: string; id: number; view: ListView; level?: number; recordedHash: string }[] = [];
  for (const [id, raw] of records) {
    if (matchedIds.has(id)) continue;
    const view = list.fromRecord(raw, reader);
    const owned = ownedCodes.get(id);
    if (!owned || wanted.has(owned.code)) {
      unmanaged.push({ kind, id, title: Object.values(view.names)[0] ?? '' });
      continue;
    }
    const level = typeof raw.level === 'number' ? raw.level : undefined;
    removed.push({ code: owned.code, id, view, level, recordedHash: owned.payloadHash });
  }
  changes.push(...forgetVanishedListItems(kind, ownedCodes, records, wanted));
  const localEmpty = desiredListOf(input.desired, kind).length === 0;
  const leaving = new Set<number>();
  // Children first, so a child that has to stay keeps its parent too.
  for (const found of removed.sort((a, b) => (b.level ?? 0) - (a.level ?? 0))) {
    const change: Change = {
      action: 'delete',
      kind,
      key: found.code,
      remoteId: found.id,
      title: Object.values(found.view.names)[0],
      before: found.view,
      changedFields: [],
      level: found.level,
    };
    const { warning, ...held } =
      listDeleteHold(kind, found, { input, reader, wanted, documentFuture, leaving, localEmpty }) ?? {};
    Object.assign(change, held);
    if (!change.hold) leaving.add(found.id);
    if (warning) warnings.push(warning);
    changes.push(change);
  }
  return changes;
}

/** Recorded items gone from the service and from content/: only the state entry goes. */
function forgetVanishedListItems(
  kind: ListKind,
  ownedCodes: ReadonlyMap<number, { code: string }>,
  records: ReadonlyMap<number, unknown>,
  wanted: ReadonlyMap<string, ListView>,
): Change[] {
  return [...ownedCodes]
    .filter(([id, owned]) => !records.has(id) && !wanted.has(owned.code))
    .map(([id, owned]) => ({
      action: 'delete',
      kind,
      key: owned.code,
      remoteId: id,
      changedFields: [],
      remoteMissing: true,
      reason: 'already deleted on the service',
    }));
}

/** Why a drifted document is held: edited on the service, on both sides, or taken over by adopt as it differed. */
function documentDriftReason(recordedUpdatedDt: number, localChanged: boolean): string {
  if (recordedUpdatedDt === UNKNOWN_REMOTE_VERSION)
    return 'differs from content/, and was taken over by pull --adopt, which cannot tell which side is newer';
  return localChanged
    ? 'changed both here and on the service since the last apply'
    : 'changed on the service since the last apply';
}

/** Why an owned list item content/ no longer has is not deleted, if it is not: prune, the last of its kind, drift, use. */
function listDeleteHold(
  kind: ListKind,
  found: { code: string; id: number; view: ListView; recordedHash: string },
  context: {
    input: PlanInput;
    reader: ViewReader;
    wanted: ReadonlyMap<string, ListView>;
    documentFuture: ReadonlyMap<string, DocumentView | null>;
    leaving: ReadonlySet<number>;
    localEmpty: boolean;
  },
): (Pick<Change, 'hold' | 'reason' | 'drifted'> & { warning?: string }) | undefined {
  const def = resources[kind];
  if (!context.input.prune) return { hold: 'prune-off' };
  if (context.localEmpty)
    return {
      hold: 'empty-kind',
      reason: `${(def.list as ListContent).file} lists none: refusing to delete every ${def.label}`,
    };
  if (found.recordedHash && hashView({ ...found.view, code: found.code }) !== found.recordedHash)
    return { hold: 'drift', drifted: true, reason: 'changed on the service since the last apply' };
  const users = usersOf(kind, { id: found.id, code: found.code }, context.input, context.reader, {
    documents: context.documentFuture,
    lists: context.wanted,
    leaving: context.leaving,
  });
  if (users === 0) return undefined;
  return {
    hold: 'in-use',
    reason: `still used by ${users} item(s) that stay`,
    warning: `${def.label} ${found.code} is not deleted: it is still used by ${users} item(s) on the service`,
  };
}

/** The list items of a kind the state owns: id → the code it knows them by, and what it last applied. */
function ownedListCodes(
  state: SyncState,
  kind: ListKind,
): Map<number, { code: string; payloadHash: string }> {
  const prefix = listStateKey(kind, '');
  const owned = new Map<number, { code: string; payloadHash: string }>();
  for (const [key, entry] of Object.entries(state.lists)) {
    if (key.startsWith(prefix))
      owned.set(entry.id, { code: key.slice(prefix.length), payloadHash: entry.payloadHash });
  }
  return owned;
}

/**
 * How many remote items still refer to a list item once this plan's writes are done: documents that stay and do
 * not move away from it, and (for FAQ categories) child categories that are neither deleted nor moved elsewhere.
 */
function usersOf(
  kind: ListKind,
  item: { id: number; code: string },
  input: PlanInput,
  reader: ViewReader,
  future: {
    documents: ReadonlyMap<string, DocumentView | null>;
    /** The list items of this kind that stay, by code, as they will be. */
    lists: ReadonlyMap<string, ListView>;
    /** Ids of this kind whose delete goes ahead. */
    leaving: ReadonlySet<number>;
  },
): number {
  const { remote } = input;
  let count = 0;
  for (const docKind of documentKinds) {
    for (const doc of remote.documents[docKind].values()) {
      const view = future.documents.get(`${docKind}:${doc.id}`);
      if (view === null) continue;
      // Views refer by code; a list item without a fetched detail by id (`categoryId`, `tagIds`).
      const reference = referenceOf(docKind, kind);
      const uses =
        reference !== undefined &&
        (view
          ? [view.fields[reference.field]].flat().includes(item.code)
          : reference.many
            ? doc.tagIds?.includes(item.id)
            : doc.categoryId === item.id);
      if (uses) count++;
    }
  }
  const def = resourceOf(kind);
  if (def.list?.nested) {
    for (const record of remote.lists[kind] as Record<string, unknown>[]) {
      const id = record[def.idField] as number;
      if (record.parent !== item.id || future.leaving.has(id)) continue;
      const stays = future.lists.get(reader.code(kind, id) ?? '');
      if (!stays || stays.parentCode === item.code) count++;
    }
  }
  return count;
}

/** What planning the documents of one run shares: remote documents claimed by a state entry, state entries used. */
interface DocumentPlanning {
  input: PlanInput;
  reader: ViewReader;
  /** `kind:id` of the remote documents the state owns: the rest are unmanaged. */
  claimed: Set<string>;
  /** State keys a desired document took (its own, `previously:` or a detected rename). */
  consumed: Set<string>;
}

function planDocuments(
  input: PlanInput,
  reader: ViewReader,
  unmanaged: UnmanagedItem[],
  warnings: string[],
): Change[] {
  const { desired, remote, state, prune } = input;
  const planning: DocumentPlanning = { input, reader, claimed: new Set(), consumed: new Set() };
  const owners = ownersOf(desired, state, remote);
  const changes = desired.documents.map((doc) => planDocument(planning, doc, owners.get(doc.key)));
  for (const kind of documentKinds) {
    changes.push(...planDocumentDeletes(planning, kind));
    for (const doc of remote.documents[kind].values()) {
      if (!planning.claimed.has(`${kind}:${doc.id}`)) unmanaged.push({ kind, id: doc.id, title: doc.title });
    }
  }
  if (!prune && changes.some((c) => c.hold === 'prune-off')) {
    warnings.push('some documents were removed locally but prune is off: they stay on the service');
  }
  holdCreatesOfUnmanaged(changes, input, reader, unmanaged, warnings);
  return changes;
}

/** One desired document: a create unless the state owns it and the service still has it. */
function planDocument(planning: DocumentPlanning, doc: DesiredDocument, owned: Owner | undefined): Change {
  const { desired, remote, state } = planning.input;
  const kind = doc.kind as DocumentKind;
  const base = {
    kind,
    key: doc.key,
    title: titleOf(doc, desired.languages),
    sourceHash: doc.sourceHash,
    payloadHash: doc.payloadHash,
  };
  const { ownerKey, previousKey, detected } = owned ?? {};
  const owner = ownerKey ? state.documents[ownerKey] : undefined;
  if (ownerKey) planning.consumed.add(ownerKey);
  if (!owner || owner.kind !== kind) {
    return { ...base, action: 'create', changedFields: [] };
  }
  const found = remote.documents[kind].get(owner.id);
  // Taken down in the web console, maybe on purpose: drift, never a silent re-publish.
  if (!found) return deletedOnService(base);
  planning.claimed.add(`${kind}:${owner.id}`);
  const common = { ...base, remoteId: owner.id, remoteUpdatedDt: found.updatedDt, changedFields: [] };
  return planOwnedDocument(planning, doc, { owner, found, detected, previousKey }, common);
}

/** A document the state owns and the service has: noop, update, move, or held as drift or a conflict. */
function planOwnedDocument(
  planning: DocumentPlanning,
  doc: DesiredDocument,
  {
    owner,
    found,
    detected,
    previousKey,
  }: { owner: DocumentState; found: RemoteDocument; detected: Owner['detected']; previousKey?: string },
  common: Omit<NoopChange, 'action'>,
): Change {
  const payloadHash = doc.payloadHash;
  const localChanged = !recordsContentOf(owner, doc);
  const remoteChanged = found.updatedDt !== owner.updatedDt;
  if (!localChanged && !remoteChanged && !previousKey) {
    return {
      ...common,
      action: 'noop',
      changedFields: [],
      // An older version's hash is replaced by this one's on the next apply.
      refresh: owner.sourceHash !== doc.sourceHash || owner.payloadHash !== payloadHash || undefined,
    };
  }
  const before = remoteViewOf(common.kind as DocumentKind, found, planning.reader);
  const after = desiredView(doc, planning.input.desired);
  const changed = changedFields(before, after);
  // Only a fetched detail can show the two sides equal; without one, nothing is assumed equal.
  const same = before !== undefined && changed.length === 0;
  // Content unchanged since the last apply: what the service should hold is `after`, whichever version hashed it.
  const applied = localChanged ? owner.payloadHash : payloadHash;
  const drifted = remoteChanged && (before === undefined || hashView(before) !== applied);
  // Changed on the service, but already to what content/ wants (both sides made the same edit): nothing to hold.
  if (same && !previousKey) {
    return { ...common, action: 'noop', before, after, refresh: true };
  }
  const update: Omit<UpdateChange, 'action'> =
    drifted && !same
      ? {
          ...common,
          before,
          after,
          changedFields: changed,
          drifted: true,
          hold: localChanged ? 'conflict' : 'drift',
          reason: documentDriftReason(owner.updatedDt, localChanged),
        }
      : { ...common, before, after, changedFields: changed };
  if (!previousKey) return { ...update, action: 'update' };
  const renamed = `renamed from ${previousKey}${detected ? ` (no previously:, detected by the ${detected})` : ''}`;
  return { ...update, action: 'move', previousKey, reason: update.reason ?? renamed };
}

/** A remote document as a view, when its detail was fetched. */
function remoteViewOf(
  kind: DocumentKind,
  doc: RemoteDocument | undefined,
  reader: ViewReader,
): DocumentView | undefined {
  return doc?.detail
    ? normalizeView(resources[kind].content?.fromRecord(doc.detail, reader) as DocumentView)
    : undefined;
}

/** State entries of a kind no desired document took: deletes, held when prune is off, the kind empty, or drift. */
function planDocumentDeletes(planning: DocumentPlanning, kind: DocumentKind): Change[] {
  const { desired, remote, state, prune } = planning.input;
  const localEmpty = !desired.documents.some((d) => d.kind === kind);
  const changes: Change[] = [];
  for (const [key, owner] of Object.entries(state.documents)) {
    if (owner.kind !== kind || planning.consumed.has(key) || desired.documents.some((d) => d.key === key))
      continue;
    const found = remote.documents[kind].get(owner.id);
    const change: Change = {
      action: 'delete',
      kind,
      key,
      remoteId: owner.id,
      title: found?.title,
      changedFields: [],
    };
    if (!found) {
      change.remoteMissing = true;
      change.reason = 'already deleted on the service';
    } else {
      planning.claimed.add(`${kind}:${owner.id}`);
      if (!prune) change.hold = 'prune-off';
      else if (localEmpty) {
        change.hold = 'empty-kind';
        change.reason = `no ${resources[kind].label} is left under content/: refusing to delete them all`;
      } else if (found.updatedDt !== owner.updatedDt) {
        change.hold = 'drift';
        change.drifted = true;
        change.reason = 'changed on the service since the last apply';
      }
    }
    changes.push(change);
  }
  return changes;
}

/**
 * A create of a document the service already has — same kind, default-language title and category (or heading) —
 * would duplicate the public help center. Unmanaged: the state was lost or not committed, or a second runner with its
 * own state made it. Owned by another file: the same document pulled next to a local copy. Such a create is held,
 * naming the document it matches and the ways out, unless duplicates are allowed explicitly.
 */
function holdCreatesOfUnmanaged(
  changes: Change[],
  input: PlanInput,
  reader: ViewReader,
  unmanaged: readonly UnmanagedItem[],
  warnings: string[],
): void {
  if (!changes.some((c) => c.action === 'create')) return;
  const lookalikes = lookalikesByIdentity(changes, input, reader, unmanaged);
  if (lookalikes.size === 0) return;
  const desiredByKey = new Map(input.desired.documents.map((doc) => [doc.key, doc]));
  let held = 0;
  for (const change of changes) {
    const doc = desiredByKey.get(change.key);
    if (change.action !== 'create' || !doc) continue;
    const kind = change.kind as DocumentKind;
    const category = categoryReferenceOf(kind);
    const found = lookalikes.get(`${kind}\0${change.title}\0${doc.fields[category.field] ?? ''}`);
    if (!found) continue;
    const named = found
      .map((d) => `${resources[kind].label} ${d.id}${d.key ? ` (${d.key})` : ''}`)
      .join(', ');
    const where = category.frontMatter;
    if (input.allowDuplicates) {
      change.reason = `creates a second document next to ${named}, which has the same title and ${where} (--allow-duplicates)`;
      continue;
    }
    const owned = found.every((d) => d.key);
    change.hold = owned ? 'exists-owned' : 'exists-unmanaged';
    change.reason = owned
      ? `${named} with the same title and ${where} is already on the service, as another file of content/`
      : `${named} with the same title and ${where} ${found.length > 1 ? `are already on the service, not managed by oc-sync; pull --adopt takes over the one whose body is this file's, and names them if none is` : 'is already on the service, not managed by oc-sync'}`;
    held++;
  }
  if (held > 0) {
    warnings.push(
      `${held} document(s) are already on the service: not created. Unmanaged ones (a lost or uncommitted state, or another runner) are taken over with oc-sync pull --adopt; one that is another file of content/ is the same document twice (keep one file). To create them anyway: --allow-duplicates`,
    );
  }
}

/**
 * The documents on the service by kind, title and category code, as they stand once this plan is applied: unmanaged
 * ones, and owned ones that neither leave nor change title or category in this plan (with the key that owns them).
 */
function lookalikesByIdentity(
  changes: readonly Change[],
  input: PlanInput,
  reader: ViewReader,
  unmanaged: readonly UnmanagedItem[],
): Map<string, (RemoteDocument & { key?: string })[]> {
  const unmanagedIds = new Set(unmanaged.map((item) => `${item.kind}:${item.id}`));
  const keyById = new Map(
    Object.entries(input.state.documents).map(([key, d]) => [`${d.kind}:${d.id}`, key]),
  );
  const changing = new Set(
    changes
      .filter((c): c is Exclude<WritingChange, CreateChange> => c.action !== 'create' && c.action !== 'noop')
      .filter((c) => !c.hold)
      .filter(
        (c) => c.action === 'delete' || c.changedFields.some((f) => f.endsWith('.title') || /Code$/.test(f)),
      )
      .map((c) => `${c.kind}:${c.remoteId}`),
  );
  const lookalikes = new Map<string, (RemoteDocument & { key?: string })[]>();
  for (const kind of documentKinds) {
    const categoryKind = resources[kind].content.categoryKind;
    for (const doc of input.remote.documents[kind].values()) {
      const id = `${kind}:${doc.id}`;
      const key = keyById.get(id);
      if ((!key && !unmanagedIds.has(id)) || changing.has(id)) continue;
      const identity = `${kind}\0${doc.title}\0${reader.code(categoryKind, doc.categoryId) ?? ''}`;
      lookalikes.set(identity, [...(lookalikes.get(identity) ?? []), { ...doc, key }]);
    }
  }
  return lookalikes;
}

function titleOf(doc: DesiredDocument, languages: readonly string[]): string {
  return doc.contents[languages[0] as string]?.title ?? Object.values(doc.contents)[0]?.title ?? doc.key;
}
