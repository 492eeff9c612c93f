import pLimit from 'p-limit';
import type { LoadedConfig, ResolvedEnvironment } from '../config/load.js';
import { desiredDocumentView } from '../content/desired-view.js';
import { compareHtml, describeDifference, parseFragment } from '../content/dom-equivalence.js';
import type { DesiredAttachment, DesiredDocument } from '../content/model.js';
import { readContent } from '../content/read-content.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { OcApi } from '../remote/api.js';
import type { Connection } from '../remote/connect.js';
import { type AttachmentStore, attachmentIdentity } from '../resources/attachment.js';
import {
  categoryReferenceOf,
  contentOf,
  type DocumentKind,
  documentKinds,
  type ListKind,
  listKinds,
  resourceOf,
  resources,
} from '../resources/registry.js';
import {
  type DocumentView,
  hashView,
  normalizeView,
  stableJson,
  type ViewReader,
} from '../resources/view.js';
import type { LinkCodec } from '../sync/links.js';
import { linkCodecFor } from '../sync/make-plan.js';
import {
  attachmentStateKey,
  type SyncState,
  stateFilePath,
  UNKNOWN_REMOTE_VERSION,
} from '../sync/state-file.js';
import { openStateStore, type StateStore } from '../sync/state-store.js';
import { changedFields, identityByPathOf } from '../sync/view-comparison.js';
import { md5 } from './local-content.js';
import { fileNameOf } from './pull.js';
import { contentDirOf, linkTargetsOf } from './pull-environment.js';
import { type ServiceUrls, serviceUrls } from './service-urls.js';
import { safeFileName } from './slug.js';

/**
 * `oc-sync pull --adopt` (DESIGN §4): rebuilds a lost state without touching a file. Each local document is matched
 * to the remote document of its kind with the same default-language title and the same category (FAQs) or heading
 * (notices; templates also by subject); where several share these, by rendering the same, then by status, flags,
 * dates and tags. A match is taken only when it is one-to-one; everything else is reported, from both sides.
 * Attachments are matched by their bytes (MD5) and file name.
 *
 * The state says "this is what was last applied": a matched document whose remote version renders the same as the
 * local one (same fields, titles and attachments, same DOM) is recorded as in sync, so the next plan shows nothing for
 * it. One that differs may have been edited on either side, and adopt cannot know which: it is recorded so that the
 * next plan holds it as drift and `pull` takes the service version (see `UNKNOWN_REMOTE_VERSION`).
 */

export interface AdoptOptions {
  loaded: LoadedConfig;
  environment: ResolvedEnvironment;
  connection: Connection;
  cwd: string;
}

export interface AdoptedDocument {
  kind: DocumentKind;
  key: string;
  id: number;
  /** The remote version renders the same as the local files. */
  same: boolean;
  /** What differs, when not the same. */
  changedFields: string[];
  /** Per language whose body differs: where and how (`describeDifference`). */
  bodyDifferences: { language: string; reason: string }[];
}

export interface UnmatchedLocal {
  kind: DocumentKind;
  key: string;
  title: string;
  reason: string;
}

export interface UnmatchedRemote {
  kind: DocumentKind;
  id: number;
  title: string;
  reason: string;
}

/**
 * The local file an upload is: the same bytes in the same store, under the name the service offers it — or the
 * name `pull` writes for it (`safeFileName`, numbered when the folder had the name taken).
 */
function localFileOf(
  locals: readonly DesiredAttachment[],
  store: AttachmentStore,
  hash: string,
  serviceName: string,
): DesiredAttachment | undefined {
  const pulled = safeFileName(serviceName);
  const dot = pulled.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [pulled.slice(0, dot), pulled.slice(dot)] : [pulled, ''];
  const numbered = (name: string) =>
    name.startsWith(`${stem}-`) &&
    name.endsWith(extension) &&
    /^\d+$/.test(name.slice(stem.length + 1, name.length - extension.length));
  const same = locals.filter((a) => a.store === store && a.md5 === hash);
  return (
    same.find((a) => a.fileName === serviceName) ??
    same.find((a) => a.fileName === pulled) ??
    same.find((a) => numbered(a.fileName))
  );
}

/** An upload as a document's detail lists it. */
interface ListedAttachment {
  attachmentId: string;
  fileName?: string | null;
}

interface RemoteItem {
  kind: DocumentKind;
  id: number;
  title: string;
  /** Shared fields the list call shows (status, flags, dates, tags), to tell apart documents with one title. */
  detail: string;
}

interface Match {
  doc: DesiredDocument;
  kind: DocumentKind;
  id: number;
}

/** Local and remote documents of one kind sharing a title and category/heading; the pairs found are taken out. */
interface TieGroup {
  docs: DesiredDocument[];
  found: RemoteItem[];
}

export interface AdoptResult {
  adopted: AdoptedDocument[];
  /** Already owned by the state: left as they were. */
  alreadyOwned: number;
  unmatchedLocal: UnmatchedLocal[];
  unmatchedRemote: UnmatchedRemote[];
  attachments: number;
  diagnostics: Diagnostic[];
  stateFile: string;
}

type ListCodes = Record<ListKind, Map<number, string>>;

/** Local or remote documents by `matchKey`. */
type ByMatchKey<T> = Map<string, T[]>;

/** The first pairing: one local and one remote under a key are a match; several on either side a tie. */
export interface KeyPairing {
  matches: Match[];
  ties: TieGroup[];
  unmatchedLocal: UnmatchedLocal[];
  unmatchedRemote: UnmatchedRemote[];
}

/** What comparing documents reads. */
interface Comparison {
  details: ReadonlyMap<string, Record<string, unknown>>;
  codes: ListCodes;
  identityById: ReadonlyMap<string, string>;
  identityByPath: ReturnType<typeof identityByPathOf>;
}

export async function adoptEnvironment(options: AdoptOptions): Promise<AdoptResult> {
  const { loaded, environment, connection } = options;
  const { api } = connection;
  const languages = loaded.config.languages;
  const [defaultLanguage] = languages as [string];
  const content = await readContent({
    projectRoot: options.cwd,
    contentDir: contentDirOf(loaded),
    languages,
    timeZone: loaded.config.timeZone,
    allowUnsafeHtml: loaded.config.allowUnsafeHtml,
  });
  const desired = content.state;
  const stateFile = stateFilePath(loaded.root, environment.name);
  const store = await openStateStore(stateFile, environment.name, connection.serviceId);
  const state = store.state;

  const codes = await fetchListCodes(api);
  const { locals, alreadyOwned } = groupLocalDocuments(desired.documents, state, defaultLanguage);
  const owned = new Set(Object.values(state.documents).map((d) => `${d.kind}:${d.id}`));
  const remotes = await fetchRemoteItems(api, codes, owned, languages);
  const pairing = pairByKey(locals, remotes, defaultLanguage);

  // Details of the matches, and the bytes and names of their attachments (to match them with local files).
  const limit = pLimit(Math.max(1, loaded.config.sync.concurrency));
  // Documents sharing a title are told apart by their bodies, so their details are read too.
  const fetched = [...pairing.matches, ...pairing.ties.flatMap((group) => group.found)];
  const details = await fetchDetails(api, fetched, limit);
  const wanted = wantedUploads(fetched, details, serviceUrls(linkTargetsOf(connection, environment)));
  const { identityById, attachments } = await adoptAttachments(
    api,
    wanted,
    limit,
    desired.attachments,
    store,
  );

  // Documents: first who owns what (links between documents read through it), then how each compares.
  recordOwners(store, pairing.matches, details);
  const links = linkCodecFor(connection, environment, state);
  const adopted = compareDocuments(store, pairing, {
    links,
    languages,
    defaultLanguage,
    comparison: { details, codes, identityById, identityByPath: identityByPathOf(desired) },
  });
  await store.flush();
  return {
    adopted,
    alreadyOwned,
    unmatchedLocal: pairing.unmatchedLocal,
    unmatchedRemote: pairing.unmatchedRemote,
    attachments,
    diagnostics: content.diagnostics.filter((d) => d.severity === 'error'),
    stateFile,
  };
}

/** Remote id → code, for each list kind (`''` for an item without one). */
async function fetchListCodes(api: OcApi): Promise<ListCodes> {
  const lists = Object.fromEntries(
    await Promise.all(listKinds.map(async (kind) => [kind, (await api[kind].listAll()) as never] as const)),
  ) as unknown as Record<ListKind, Record<string, unknown>[]>;
  return Object.fromEntries(
    listKinds.map((kind) => {
      const def = resources[kind];
      return [
        kind,
        new Map(
          lists[kind].map((r) => [r[def.idField] as number, (r[def.codeField as string] as string) ?? '']),
        ),
      ];
    }),
  ) as ListCodes;
}

/** What a local and a remote document must share to be the same: kind, category/heading, title (and subject). */
export function matchKey(
  kind: DocumentKind,
  ref: string | undefined,
  title: string,
  subject?: string,
): string {
  const named = contentOf(kind).nameField !== undefined;
  return [kind, ref ?? '', title.trim(), named ? (subject ?? '').trim() : ''].join('\u0000');
}

/** The local documents the state does not own, by `matchKey`; and how many it owns. */
export function groupLocalDocuments(
  documents: readonly DesiredDocument[],
  state: SyncState,
  defaultLanguage: string,
): { locals: ByMatchKey<DesiredDocument>; alreadyOwned: number } {
  const locals: ByMatchKey<DesiredDocument> = new Map();
  let alreadyOwned = 0;
  for (const doc of documents) {
    if (state.documents[doc.key]) {
      alreadyOwned++;
      continue;
    }
    const kind = doc.kind as DocumentKind;
    const { nameField } = contentOf(kind);
    const ref = doc.fields[categoryReferenceOf(kind).field] as string | undefined;
    const title = doc.contents[defaultLanguage]?.title ?? '';
    const key = matchKey(kind, ref, title, nameField && (doc.fields[nameField] as string | undefined));
    locals.set(key, [...(locals.get(key) ?? []), doc]);
  }
  return { locals, alreadyOwned };
}

/** The remote documents the state does not own, from the list calls, by `matchKey`. */
async function fetchRemoteItems(
  api: OcApi,
  codes: ListCodes,
  owned: ReadonlySet<string>,
  languages: readonly string[],
): Promise<ByMatchKey<RemoteItem>> {
  const listReader: ViewReader = {
    languages,
    code: (kind, id) => (id == null ? undefined : codes[kind as ListKind].get(id)),
    attachmentIdentity: (id) => id,
    html: (html) => html,
  };
  const remotes: ByMatchKey<RemoteItem> = new Map();
  for (const kind of documentKinds) {
    const def = resources[kind];
    for (const item of (await api[kind].listAll()) as Record<string, unknown>[]) {
      const id = item[def.idField] as number;
      if (owned.has(`${kind}:${id}`)) continue;
      const categoryId = item.categoryId as number | undefined;
      const { categoryKind, nameField } = contentOf(kind);
      const ref = codes[categoryKind].get(categoryId ?? -1);
      const title = String(item.title ?? '');
      const name = nameField && (item[nameField] as string | undefined);
      const key = matchKey(kind, ref, title, name);
      const view = normalizeView(resourceOf(kind).content?.fromRecord(item, listReader) as DocumentView);
      remotes.set(key, [
        ...(remotes.get(key) ?? []),
        {
          kind,
          id,
          title: nameField ? String(name ?? title) : title,
          detail: detailKey(view.fields),
        },
      ]);
    }
  }
  return remotes;
}

/** Pairs by key: one to one is a match, several to several a tie to break later, one side only unmatched. */
export function pairByKey(
  locals: ByMatchKey<DesiredDocument>,
  remotes: ByMatchKey<RemoteItem>,
  defaultLanguage: string,
): KeyPairing {
  const pairing: KeyPairing = { matches: [], ties: [], unmatchedLocal: [], unmatchedRemote: [] };
  for (const key of new Set([...locals.keys(), ...remotes.keys()])) {
    const docs = locals.get(key) ?? [];
    const found = remotes.get(key) ?? [];
    if (docs.length === 1 && found.length === 1) {
      const remote = found[0] as RemoteItem;
      pairing.matches.push({ doc: docs[0] as DesiredDocument, kind: remote.kind, id: remote.id });
    } else if (docs.length && found.length) pairing.ties.push({ docs, found });
    else reportUnmatched({ docs, found }, defaultLanguage, pairing.unmatchedLocal, pairing.unmatchedRemote);
  }
  return pairing;
}

type Limit = ReturnType<typeof pLimit>;
type Remote = { kind: DocumentKind; id: number };

/** Each document's detail, by `kind:id`. */
async function fetchDetails(
  api: OcApi,
  fetched: readonly Remote[],
  limit: Limit,
): Promise<Map<string, Record<string, unknown>>> {
  const details = new Map<string, Record<string, unknown>>();
  await Promise.all(
    fetched.map((m) =>
      limit(async () => {
        details.set(`${m.kind}:${m.id}`, (await api[m.kind].get(m.id)) as Record<string, unknown>);
      }),
    ),
  );
  return details;
}

interface WantedUpload {
  store: AttachmentStore;
  id: string;
  fileName?: string;
}

/** The uploads the documents list or link to in their own store, by `store:id`. */
export function wantedUploads(
  fetched: readonly Remote[],
  details: ReadonlyMap<string, Record<string, unknown>>,
  urls: ServiceUrls,
): Map<string, WantedUpload> {
  const wanted = new Map<string, WantedUpload>();
  for (const m of fetched) {
    const store = resourceOf(m.kind).content?.attachmentStore;
    if (!store) continue;
    const record = details.get(`${m.kind}:${m.id}`) as Record<string, unknown>;
    const contents = (record.contents ?? {}) as Record<
      string,
      { content?: string; attachments?: ListedAttachment[] }
    >;
    for (const entry of [
      ...Object.values(contents),
      record as { content?: string; attachments?: ListedAttachment[] },
    ]) {
      for (const a of entry.attachments ?? [])
        wanted.set(`${store}:${a.attachmentId}`, {
          store,
          id: a.attachmentId,
          fileName: a.fileName ?? undefined,
        });
      for (const url of urlsOf(entry.content ?? '')) {
        const found = urls.attachment(url);
        const key = `${store}:${found?.id}`;
        if (found && (found.store ?? store) === store && !wanted.has(key))
          wanted.set(key, { store, id: found.id });
      }
    }
  }
  return wanted;
}

/**
 * Each upload downloaded and matched to a local file by its bytes and name (`localFileOf`); a match the state does
 * not have is recorded. Returns the identity each upload reads as, and how many were recorded.
 */
async function adoptAttachments(
  api: OcApi,
  wanted: ReadonlyMap<string, WantedUpload>,
  limit: Limit,
  locals: readonly DesiredAttachment[],
  store: StateStore,
): Promise<{ identityById: Map<string, string>; attachments: number }> {
  const identityById = new Map<string, string>();
  let attachments = 0;
  await Promise.all(
    [...wanted.values()].map((want) =>
      limit(async () => {
        const file = await api.attachments.download(want.store, want.id).catch(() => undefined);
        if (!file) return;
        const serviceName = want.fileName ?? fileNameOf(file.contentDisposition, file.contentType, want.id);
        const hash = md5(file.bytes);
        const local = localFileOf(locals, want.store, hash, serviceName);
        identityById.set(want.id, local?.identity ?? attachmentIdentity(hash, serviceName));
        const key = local && attachmentStateKey(want.store, local.identity);
        if (local && key && !store.state.attachments[key]) {
          const { fileName } = local;
          store.setAttachment(key, { id: want.id, fileName, md5: hash, size: file.bytes.byteLength });
          attachments++;
        }
      }),
    ),
  );
  return { identityById, attachments };
}

function updatedDtOf(details: ReadonlyMap<string, Record<string, unknown>>, m: Remote): number {
  return (details.get(`${m.kind}:${m.id}`) as { updatedDt: number }).updatedDt;
}

function recordOwners(
  store: StateStore,
  matches: readonly Match[],
  details: ReadonlyMap<string, Record<string, unknown>>,
): void {
  for (const m of matches) recordOwner(store, m, updatedDtOf(details, m));
}

/**
 * The ties broken (their pairs owned at once, what is left reported in `pairing`), then how each match compares,
 * recorded.
 */
function compareDocuments(
  store: StateStore,
  pairing: KeyPairing,
  inputs: {
    links: LinkCodec;
    languages: readonly string[];
    defaultLanguage: string;
    comparison: Comparison;
  },
): AdoptedDocument[] {
  const { details } = inputs.comparison;
  const { matches } = pairing;
  const remoteViewOf = remoteViewReader(inputs.comparison, inputs.links, inputs.languages);
  const localViewOf = (doc: DesiredDocument) =>
    desiredDocumentView(doc, inputs.comparison.identityByPath, inputs.languages);
  for (const group of pairing.ties) {
    const paired = pairTies(group, remoteViewOf, localViewOf);
    recordOwners(store, paired, details);
    matches.push(...paired);
    reportUnmatched(group, inputs.defaultLanguage, pairing.unmatchedLocal, pairing.unmatchedRemote);
  }
  return matches.map((m) =>
    recordComparison(
      store,
      m,
      remoteViewOf(m),
      localViewOf(m.doc),
      details.get(`${m.kind}:${m.id}`)?.updatedDt as number,
    ),
  );
}

/**
 * A remote document's view as content/ would hold it: list items by code, attachments by the local file they are,
 * links through the state (what is not known reads as `id:…`, so it differs).
 */
function remoteViewReader(
  comparison: Comparison,
  links: LinkCodec,
  languages: readonly string[],
): (m: Remote) => DocumentView {
  const { codes, identityById, details } = comparison;
  const reader: ViewReader = {
    languages,
    code: (kind, id) => (id == null ? undefined : (codes[kind as ListKind].get(id) ?? `id:${id}`)),
    attachmentIdentity: (id) => identityById.get(id) ?? `id:${id}`,
    html: (html) => links.read(html),
  };
  return (m) =>
    normalizeView(
      resourceOf(m.kind).content?.fromRecord(
        details.get(`${m.kind}:${m.id}`) as Record<string, unknown>,
        reader,
      ) as DocumentView,
    );
}

/** Who owns what, before any comparison: links between documents are read through it. */
function recordOwner(store: StateStore, m: Match, updatedDt: number): void {
  store.setDocument(m.doc.key, {
    kind: m.kind,
    id: m.id,
    payloadHash: '',
    sourceHash: m.doc.sourceHash,
    updatedDt,
  });
}

/**
 * How a match compares, recorded: the same is in sync; a difference is drift to the next plan (see
 * `UNKNOWN_REMOTE_VERSION`), never an update that would silently replace what the service holds.
 */
function recordComparison(
  store: StateStore,
  m: Match,
  remote: DocumentView,
  local: DocumentView,
  updatedDt: number,
): AdoptedDocument {
  const differing = differences(remote, local);
  const same = differing.length === 0;
  const bodyDifferences = differing.flatMap((field) => {
    const language = /^contents\.([^.]+)\.body$/.exec(field)?.[1];
    if (!language) return [];
    const difference = compareHtml(
      remote.contents[language]?.html ?? '',
      local.contents[language]?.html ?? '',
    );
    return [{ language, reason: describeDifference(difference) }];
  });
  store.setDocument(m.doc.key, {
    kind: m.kind,
    id: m.id,
    payloadHash: same ? hashView(local) : m.doc.payloadHash,
    sourceHash: m.doc.sourceHash,
    updatedDt: same ? updatedDt : UNKNOWN_REMOTE_VERSION,
  });
  return { kind: m.kind, key: m.doc.key, id: m.id, same, changedFields: differing, bodyDifferences };
}

/**
 * Pairs documents sharing a title one-to-one: first those that render the same on both sides, then those whose
 * status, flags, dates and tags single them out. What pairs is taken out of the group.
 */
function pairTies(
  group: TieGroup,
  remoteViewOf: (item: RemoteItem) => DocumentView,
  localViewOf: (doc: DesiredDocument) => DocumentView,
): Match[] {
  const remoteViews = new Map(group.found.map((item) => [item, remoteViewOf(item)]));
  const localViews = new Map(group.docs.map((doc) => [doc, localViewOf(doc)]));
  const rendersSame = (doc: DesiredDocument, item: RemoteItem) =>
    differences(remoteViews.get(item) as DocumentView, localViews.get(doc) as DocumentView).length === 0;
  const sameDetail = (doc: DesiredDocument, item: RemoteItem) =>
    detailKey(normalizeView({ fields: doc.fields, contents: {} }).fields) === item.detail;
  return [...pairUnique(group, rendersSame), ...pairUnique(group, sameDetail)];
}

/** The pairs that `equal` singles out: a local equal to one remote only, which is equal to that local only. */
function pairUnique(group: TieGroup, equal: (doc: DesiredDocument, item: RemoteItem) => boolean): Match[] {
  const pairs: Match[] = [];
  for (const doc of [...group.docs]) {
    const candidates = group.found.filter((item) => equal(doc, item));
    const remote = candidates[0];
    if (candidates.length !== 1 || !remote) continue;
    if (group.docs.filter((other) => equal(other, remote)).length !== 1) continue;
    pairs.push({ doc, kind: remote.kind, id: remote.id });
    group.docs = group.docs.filter((d) => d !== doc);
    group.found = group.found.filter((item) => item !== remote);
  }
  return pairs;
}

/**
 * What is left unmatched, from both sides, each with a way out that works: a local document the service already
 * has is held by the plan (never created), so its reason says how to resolve it, naming the remote ids.
 */
function reportUnmatched(
  group: TieGroup,
  defaultLanguage: string,
  unmatchedLocal: UnmatchedLocal[],
  unmatchedRemote: UnmatchedRemote[],
): void {
  const { docs, found } = group;
  const shared = `${docs.length} local and ${found.length} remote documents share this title and category/heading`;
  const remoteIds = [...found]
    .sort((a, b) => a.id - b.id)
    .map((item) => `${resources[item.kind].label} ${item.id}`)
    .join(', ');
  const localKeys = docs
    .map((doc) => doc.key)
    .sort()
    .join(', ');
  for (const doc of docs)
    unmatchedLocal.push({
      kind: doc.kind as DocumentKind,
      key: doc.key,
      title: doc.contents[defaultLanguage]?.title ?? '',
      reason: found.length
        ? `${shared}, and none of ${remoteIds} renders the same as this file; the plan will not create it. Make this file's body the same as the one it is (then pull --adopt again), delete or retitle the duplicate on the service, or create another with oc-sync apply --allow-duplicates`
        : 'no remote document of its kind has this title and category/heading: the next plan creates it',
    });
  for (const item of found)
    unmatchedRemote.push({
      kind: item.kind,
      id: item.id,
      title: item.title,
      reason: docs.length
        ? `${shared}, and none of ${localKeys} renders the same as this one`
        : 'no local document of its kind has this title and category/heading',
    });
}

/** The shared fields that a list call shows, as one comparable text. */
function detailKey(fields: Record<string, unknown>): string {
  const pick = ['status', 'isTop', 'isRecommend', 'startDt', 'endDt', 'tagCodes'];
  return stableJson(Object.fromEntries(pick.map((name) => [name, fields[name] ?? null])));
}

/**
 * Like `changedFields`, but bodies compare as DOMs (the service holds editor HTML, content renders its own) and
 * attachments as sets.
 */
function differences(remote: DocumentView, local: DocumentView): string[] {
  return changedFields(remote, local).filter((field) => {
    const [, language, part] = /^contents\.([^.]+)\.(body|attachments)$/.exec(field) ?? [];
    if (!language) return true;
    const [left, right] = [remote.contents[language], local.contents[language]];
    // Content lists the files its body links to first: the same files in another order are the same files.
    if (part === 'attachments')
      return (
        stableJson([...(left?.attachments ?? [])].sort()) !==
        stableJson([...(right?.attachments ?? [])].sort())
      );
    return !compareHtml(left?.html ?? '', right?.html ?? '').same;
  });
}

function urlsOf(html: string): string[] {
  const found: string[] = [];
  const visit = (node: import('hast').Root | import('hast').RootContent) => {
    if (node.type === 'element') {
      for (const value of [node.properties.href, node.properties.src])
        if (typeof value === 'string') found.push(value);
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(parseFragment(html));
  return found;
}
