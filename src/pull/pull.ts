import path from 'node:path';
import mime from 'mime-types';
import pLimit from 'p-limit';
import {
  ATTACHMENT_PLACEHOLDER,
  type DesiredDocument,
  DOCUMENT_PLACEHOLDER,
} from '../content/desired-state.js';
import { desiredDocumentView } from '../content/desired-view.js';
import { resolveInside } from '../content/documents.js';
import { htmlFingerprint } from '../content/dom-equivalence.js';
import { linkedKey, relativeLink } from '../content/names.js';
import { translationHashOfFile } from '../content/translation-hash.js';
import type { UnsafeHtmlAllowance } from '../content/unsafe-html.js';
import { escapeWebUrl, isWebUrl, unescapeWebUrl } from '../content/web-urls.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { OcApi } from '../remote/api.js';
import type { AttachmentStore } from '../resources/attachment.js';
import { code as codeSchema } from '../resources/front-matter.js';
import {
  contentOf,
  type DocumentKind,
  documentKinds,
  documentKindsOfUrl,
  type ListKind,
  listKinds,
  resourceOf,
  resources,
} from '../resources/registry.js';
import type { ListContent, ResourceKind } from '../resources/resource.js';
import {
  type DocumentView,
  hashView,
  listViewOf,
  namesOf,
  normalizeView,
  type ViewReader,
} from '../resources/view.js';
import type { LinkTargets } from '../sync/links.js';
import { desiredListOf } from '../sync/list-matching.js';
import { ownedIds } from '../sync/remote-state.js';
import {
  attachmentStateKey,
  type DocumentState,
  listStateKey,
  recordedListCodes,
  type SyncState,
} from '../sync/state-file.js';
import { openStateStore, type StateStore } from '../sync/state-store.js';
import { identityByPathOf } from '../sync/view-comparison.js';
import { type ContentWriter, openContentWriter } from './content-writer.js';
import { documentText } from './document-files.js';
import { fetchService, type ServiceSnapshot } from './fetch-service.js';
import { bodyDifference, type PlaceholderTargets } from './fidelity.js';
import { type BlockForm, convertHtml } from './html-to-markdown.js';
import { type ListEntry, listYaml, sameEntries } from './list-yaml.js';
import { type LocalContent, md5, md5OfFile, readLocalContent } from './local-content.js';
import { mergeListEntries } from './merge-list.js';
import { type DocumentUrl, rootRelativeTemplate, type ServiceUrls, serviceUrls } from './service-urls.js';
import { safeFileName, safePathSegment, slugify, uniqueFileName, uniqueName } from './slug.js';
import { attachmentInfos, storeOf, type WantedAttachment, wantedAttachments } from './wanted-attachments.js';
import { writeDecision } from './write-decision.js';

/**
 * `oc-sync pull` (DESIGN §3, issue #6): the service → the `content/` layout of DESIGN §1, attachments included, and
 * the state file, so the next plan owns what was pulled and finds nothing to do.
 *
 * What it never does: write over a file it does not own. A document is owned when the state maps its key to the
 * remote document and its files are what the last sync left (the state's source hash). A document edited since
 * is kept as it is (reported; `force` replaces it). A new document never takes the name of an existing file; an
 * attachment only replaces a file that the same document used before. The YAML lists are merged: the service's
 * items replace the local ones with the same code, items only in the file are kept (and reported).
 */

export interface PullOptions {
  api: OcApi;
  /** Where the environment's links point, to recognise attachment and document URLs in bodies. */
  targets: LinkTargets;
  languages: readonly string[];
  timeZone: string;
  /** Config `allowUnsafeHtml`: bodies with other script-running HTML are written, with a warning. */
  allowUnsafeHtml?: UnsafeHtmlAllowance;
  /** Absolute folder the content layout is written into. */
  contentDir: string;
  /** Diagnostics name files relative to this folder. */
  projectRoot: string;
  /** The render cache content/ is read through (see content/render-cache.ts). */
  cacheFile?: string;
  /** The state file that maps keys to remote ids for this folder. */
  stateFile: string;
  environment: string;
  serviceId: string;
  /** Kinds to pull; default all. */
  kinds?: readonly ResourceKind[];
  /** Replace documents edited locally since the last sync. */
  force?: boolean;
  concurrency: number;
  onProgress?: (progress: PullProgress) => void;
  /** Called once everything is fetched, before the first file is written. */
  onWriting?: () => void;
}

export interface PullProgress {
  phase: 'details' | 'attachments';
  done: number;
  total: number;
}

export type DocumentOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  /** Edited locally since the last sync: left as it is. */
  | 'kept-local-edits'
  /** Edited locally since the last sync, replaced because of `force`. */
  | 'overwrote-local-edits'
  /** Deleted on the service: its unedited files were removed. */
  | 'removed'
  /** Deleted on the service, but edited locally: left as it is. */
  | 'kept-deleted-remotely'
  /** Cannot be written as content (see `reason`). */
  | 'skipped';

export interface PulledDocument {
  kind: DocumentKind;
  key: string;
  id: number;
  title: string;
  outcome: DocumentOutcome;
  /** Content-relative files written or kept for it. */
  files: string[];
  /** Every language renders to the same DOM as the service holds (set for written documents). */
  exact?: boolean;
  /** Kept local edits although the service changed too: pull with `force` to take the service's version. */
  conflict?: boolean;
  reason?: string;
}

export interface PulledList {
  file: string;
  outcome: 'created' | 'updated' | 'unchanged';
  /** Codes only in the local file, kept. */
  keptLocal: string[];
}

/** A body whose file does not render to what the service holds (`fidelity.ts`): apply would change it. */
export interface InexactBody {
  kind: DocumentKind;
  key: string;
  language: string;
  /** Where and how it differs, in one line. */
  reason: string;
}

export interface ConversionStats {
  /** Bodies (document × language) converted in this pull. */
  bodies: number;
  /**
   * Bodies whose file, rendered and with its links filled as apply fills them, is the same DOM as the HTML the
   * service holds (attribute values compared as strings).
   */
  exact: number;
  /** The others, in the order pulled. */
  inexact: InexactBody[];
  /** Top-level blocks by how they were written. */
  blocks: Record<BlockForm, number>;
}

export interface PullResult {
  documents: PulledDocument[];
  lists: PulledList[];
  attachments: { written: number; unchanged: number };
  conversion: ConversionStats;
  warnings: string[];
  /** Problems the content reader finds in what was written (expected: none). */
  diagnostics: Diagnostic[];
  stateFile: string;
}

const allKinds: readonly ResourceKind[] = [...documentKinds, ...listKinds];

interface Downloaded {
  store: AttachmentStore;
  id: string;
  bytes: Uint8Array;
  md5: string;
  fileName: string;
}

interface PlannedDocument {
  kind: DocumentKind;
  id: number;
  key: string;
  title: string;
  record: Record<string, unknown>;
  view: DocumentView;
  /** Languages in config order that the service holds. */
  languages: string[];
  overwriting: boolean;
}

/** What every step of one pull reads: the options, the state and content/ as they were, and where it writes. */
interface PullRun {
  options: PullOptions;
  languages: readonly string[];
  defaultLanguage: string;
  store: StateStore;
  state: SyncState;
  writer: ContentWriter;
  /** content/ as it was before the pull. */
  local: LocalContent;
  localByKey: ReadonlyMap<string, DesiredDocument>;
  /** Every step adds its warnings in order. */
  warnings: string[];
}

/** Document keys: `kind:id` → key for every document known, and the (folded) keys no new document may take. */
interface KnownKeys {
  keyById: Map<string, string>;
  takenKeys: Set<string>;
}

interface DocumentPlanning {
  planned: PlannedDocument[];
  /** Documents that cannot be written as content. */
  skipped: PulledDocument[];
  /** `kind:id` of every document the service holds. */
  seen: Set<string>;
}

export async function pull(options: PullOptions): Promise<PullResult> {
  const { kinds, pulledKinds } = kindsToPull(options.kinds);
  const run = await openPullRun(options);
  const snapshot = await fetchService(options.api, new Set(pulledKinds), {
    concurrency: options.concurrency,
    onProgress: (done, total) => options.onProgress?.({ phase: 'details', done, total }),
    owned: (kind) => ownedIds(run.state, kind),
  });
  const lists = listEntries(snapshot, run.languages, recordedCodes(run.state, run.local), run.warnings);
  const keys = knownKeys(run);
  const planning = planDocuments(run, snapshot, pulledKinds, lists, keys);
  const { writable, left } = chooseWritable(run, planning.planned);
  const urls = serviceUrls(options.targets);
  const wanted = wantedAttachments(writable, urls, run.defaultLanguage);
  const downloaded = await downloadAttachments(run, wanted);
  const attachmentPath = await attachmentNamer(run.local, writable, planning.planned, options.contentDir);
  const conversion = startConversion(run, {
    urls,
    keyById: keys.keyById,
    planned: planning.planned,
    downloaded,
  });
  options.onWriting?.();
  const written = await writeDocuments(run, writable, conversion, attachmentPath);
  const attachments = await writeAttachments(run.writer, conversion.attachmentSources);
  const removed = await removeDeletedDocuments(run, pulledKinds, planning.seen);
  const pulledLists = await writeLists(run, kinds, lists);
  const documents = [...planning.skipped, ...left, ...written, ...removed];
  const diagnostics = await recordReadBack(run, {
    snapshot,
    pulledKinds,
    writable,
    documents,
    conversion,
    lists,
  });
  return {
    documents,
    lists: pulledLists,
    attachments,
    conversion: conversion.stats,
    warnings: run.warnings,
    diagnostics,
    stateFile: options.stateFile,
  };
}

/** The kinds asked for, with the lists a document kind's front matter refers to. */
function kindsToPull(asked: readonly ResourceKind[] | undefined): {
  kinds: Set<ResourceKind>;
  pulledKinds: DocumentKind[];
} {
  const kinds = new Set(asked ?? allKinds);
  for (const kind of [...kinds])
    for (const reference of resourceOf(kind).content?.references ?? []) kinds.add(reference.kind);
  return { kinds, pulledKinds: documentKinds.filter((kind) => kinds.has(kind)) };
}

async function openPullRun(options: PullOptions): Promise<PullRun> {
  const { languages } = options;
  const store = await openStateStore(options.stateFile, options.environment, options.serviceId);
  const writer = openContentWriter(options.contentDir);
  const local = await readLocalContent(options);
  return {
    options,
    languages,
    defaultLanguage: languages[0] as string,
    store,
    state: store.state,
    writer,
    local,
    localByKey: new Map(local.desired.documents.map((doc) => [doc.key, doc])),
    warnings: [],
  };
}

/** Reads remote records with the list items as the codes content/ uses for them. */
function listCodeReader(languages: readonly string[], lists: Record<ListKind, ListInfo>): ViewReader {
  return {
    languages,
    code: (kind, id) => (id == null ? undefined : lists[kind as ListKind].codes.get(id)),
    attachmentIdentity: (id) => id,
    html: (html) => html,
  };
}

function knownKeys(run: PullRun): KnownKeys {
  const keyById = new Map<string, string>();
  for (const [key, entry] of Object.entries(run.state.documents))
    keyById.set(`${entry.kind}:${entry.id}`, key);
  const takenKeys = new Set<string>(
    [
      ...Object.keys(run.state.documents),
      ...run.localByKey.keys(),
      ...[...run.local.files].map(keyOfFile),
    ].map(foldName),
  );
  return { keyById, takenKeys };
}

/** Step 1. Every remote document as a planned one with its key, or a skipped one with the reason. */
function planDocuments(
  run: PullRun,
  snapshot: ServiceSnapshot,
  pulledKinds: readonly DocumentKind[],
  lists: Record<ListKind, ListInfo>,
  keys: KnownKeys,
): DocumentPlanning {
  const reader = listCodeReader(run.languages, lists);
  const planning: DocumentPlanning = { planned: [], skipped: [], seen: new Set() };
  for (const kind of pulledKinds) {
    for (const record of snapshot.documents[kind]) {
      const id = record[resources[kind].idField] as number;
      planning.seen.add(`${kind}:${id}`);
      const outcome = planDocument(run, kind, record, reader, lists, keys);
      if ('skipped' in outcome) planning.skipped.push(outcome.skipped);
      else planning.planned.push(outcome.planned);
    }
  }
  return planning;
}

/** The state's key for a document it knows, else a new slug that no file or key uses yet. */
function planDocument(
  run: PullRun,
  kind: DocumentKind,
  record: Record<string, unknown>,
  reader: ViewReader,
  lists: Record<ListKind, ListInfo>,
  keys: KnownKeys,
): { planned: PlannedDocument } | { skipped: PulledDocument } {
  const { languages, defaultLanguage, warnings } = run;
  const def = resources[kind];
  const id = record[def.idField] as number;
  const view = normalizeView(def.content.fromRecord(record, reader));
  const title = view.contents[defaultLanguage]?.title ?? '';
  const { nameField } = contentOf(kind);
  const name = nameField ? String(view.fields[nameField] ?? title) : title;
  const problem = unwritable(kind, view, defaultLanguage);
  const owned = keys.keyById.get(`${kind}:${id}`);
  if (problem) {
    warnings.push(`${def.label} ${id} (${JSON.stringify(name)}) is not pulled: ${problem}`);
    return { skipped: { kind, key: owned ?? '', id, title, outcome: 'skipped', files: [], reason: problem } };
  }
  const key = owned ?? newKey(kind, id, name, folderOf(kind, view, lists.faqCategory.paths), keys);
  const extra = Object.keys(view.contents).filter((language) => !languages.includes(language));
  if (extra.length)
    warnings.push(
      `${def.label} ${key}: the ${extra.join(', ')} text is not pulled (not in the config languages)`,
    );
  return {
    planned: {
      kind,
      id,
      key,
      title,
      record,
      view,
      languages: languages.filter((language) => language in view.contents),
      overwriting: false,
    },
  };
}

/** A key for a document new here: its name as a slug in its folder, numbered when taken; recorded as taken. */
function newKey(kind: DocumentKind, id: number, name: string, folder: string, keys: KnownKeys): string {
  const base = safePathSegment(slugify(name), `${kind}-${id}`);
  const key = `${folder}/${uniqueName(base, (candidate) => keys.takenKeys.has(foldName(`${folder}/${candidate}`)))}`;
  keys.takenKeys.add(foldName(key));
  keys.keyById.set(`${kind}:${id}`, key);
  return key;
}

/** Whether the files of a document the state owns are other than what the last sync left. */
function editedLocally(run: PullRun, key: string): boolean {
  const entry = run.state.documents[key];
  if (!entry || isUnfinished(entry) || !hasFiles(run.local.files, key, run.languages)) return false;
  return run.localByKey.get(key)?.sourceHash !== entry.sourceHash;
}

/** Step 2. Which documents are written (see `writeDecision`); the others, as they are left. */
function chooseWritable(
  run: PullRun,
  planned: readonly PlannedDocument[],
): { writable: PlannedDocument[]; left: PulledDocument[] } {
  const { local, languages } = run;
  const writable: PlannedDocument[] = [];
  const left: PulledDocument[] = [];
  for (const doc of planned) {
    const entry = run.state.documents[doc.key];
    const present = hasFiles(local.files, doc.key, languages);
    const isEdited = editedLocally(run, doc.key);
    const decision = writeDecision({
      synced: entry !== undefined && present && !isUnfinished(entry),
      remoteChanged: entry?.updatedDt !== (doc.record.updatedDt as number),
      editedLocally: isEdited,
      force: run.options.force === true,
    });
    const summary = { kind: doc.kind, key: doc.key, id: doc.id, title: doc.title };
    if (decision === 'unchanged' || decision === 'keep-local-edits') {
      left.push({
        ...summary,
        outcome: isEdited ? 'kept-local-edits' : 'unchanged',
        files: filesOf(local.files, doc.key, languages),
        reason: isEdited ? 'edited locally; the service has not changed since the last sync' : undefined,
      });
      continue;
    }
    if (decision === 'keep-conflicting-edits') {
      left.push({
        ...summary,
        outcome: 'kept-local-edits',
        files: filesOf(local.files, doc.key, languages),
        conflict: true,
        reason: 'changed both here and on the service since the last sync',
      });
      continue;
    }
    doc.overwriting = decision === 'overwrite';
    writable.push(doc);
  }
  return { writable, left };
}

/** Step 3. The attachments, each downloaded once; one that fails is a warning. */
async function downloadAttachments(
  run: PullRun,
  wanted: ReadonlyMap<string, WantedAttachment>,
): Promise<Map<string, Downloaded>> {
  const { api, concurrency, onProgress } = run.options;
  const downloaded = new Map<string, Downloaded>();
  const limit = pLimit(Math.max(1, concurrency));
  let done = 0;
  await Promise.all(
    [...wanted].map(([key, want]) =>
      limit(async () => {
        try {
          const file = await api.attachments.download(want.store, want.id);
          const bytes = file.bytes;
          downloaded.set(key, {
            store: want.store,
            id: want.id,
            bytes,
            md5: md5(bytes),
            fileName: want.fileName ?? fileNameOf(file.contentDisposition, file.contentType, want.id),
          });
        } catch (error) {
          run.warnings.push(
            `attachment ${want.store}/${want.id} could not be downloaded: ${(error as Error).message}`,
          );
        }
        onProgress?.({ phase: 'attachments', done: ++done, total: wanted.size });
      }),
    ),
  );
  return downloaded;
}

/** What converting the documents reads, and what it gathers as it goes. */
interface Conversion {
  urls: ServiceUrls;
  keyById: ReadonlyMap<string, string>;
  plannedByKey: ReadonlyMap<string, PlannedDocument>;
  downloaded: ReadonlyMap<string, Downloaded>;
  places: PlaceholderTargets;
  stats: ConversionStats;
  /** Content-relative path → the download written there, gathered from every document converted. */
  attachmentSources: Map<string, Downloaded>;
  /** Per document and language: the fingerprint of the HTML its Markdown must render to (checked after reading back). */
  expected: Map<string, Record<string, string>>;
  linkWarnings: Set<string>;
}

function startConversion(
  run: PullRun,
  inputs: {
    urls: ServiceUrls;
    keyById: ReadonlyMap<string, string>;
    planned: readonly PlannedDocument[];
    downloaded: ReadonlyMap<string, Downloaded>;
  },
): Conversion {
  const attachmentSources = new Map<string, Downloaded>();
  return {
    urls: inputs.urls,
    keyById: inputs.keyById,
    plannedByKey: new Map(inputs.planned.map((doc) => [doc.key, doc])),
    downloaded: inputs.downloaded,
    places: placeholderTargets(run.options.targets, inputs.keyById, (target) =>
      attachmentSources.get(target),
    ),
    stats: {
      bodies: 0,
      exact: 0,
      inexact: [],
      blocks: { markdown: 0, 'inline-html': 0, 'wrapper-html': 0, html: 0 },
    },
    attachmentSources,
    expected: new Map(),
    linkWarnings: new Set(),
  };
}

type AttachmentPath = (doc: PlannedDocument, source: Downloaded) => string;

/**
 * Steps 5 and 6. Each document converted and its files written at once (its files in languages the service no
 * longer has removed): a large pull does not hold every converted file until the end.
 */
async function writeDocuments(
  run: PullRun,
  writable: readonly PlannedDocument[],
  conversion: Conversion,
  attachmentPath: AttachmentPath,
): Promise<PulledDocument[]> {
  const written: PulledDocument[] = [];
  for (const doc of writable) {
    const files = convertDocument(run, doc, conversion, attachmentPath);
    written.push(await writeDocumentFiles(run, doc, files));
    releaseBodies(doc);
  }
  run.warnings.push(...conversion.linkWarnings);
  return written;
}

/** A document's files (content-relative path → text), one per language; its expected fingerprints recorded. */
function convertDocument(
  run: PullRun,
  doc: PlannedDocument,
  conversion: Conversion,
  attachmentPath: AttachmentPath,
): Map<string, string> {
  const files = new Map<string, string>();
  const fingerprints: Record<string, string> = {};
  // Languages come in config order, the default first: each translation records the hash of the default file as
  // written here, so right after a pull every translation is up to date.
  let translatedFrom: string | undefined;
  for (const language of doc.languages) {
    const rel = fileOf(doc.key, language, run.defaultLanguage);
    const body = convertBody(run, doc, { language, translatedFrom }, conversion, attachmentPath);
    fingerprints[language] = body.fingerprint;
    files.set(rel, body.text);
    if (language === run.defaultLanguage) translatedFrom = translationHashOfFile(body.text);
  }
  conversion.expected.set(doc.key, fingerprints);
  return files;
}

/** One language of a document: converted, measured against the service's HTML, and given its front matter. */
function convertBody(
  run: PullRun,
  doc: PlannedDocument,
  { language, translatedFrom }: { language: string; translatedFrom?: string },
  conversion: Conversion,
  attachmentPath: AttachmentPath,
): { text: string; fingerprint: string } {
  const { defaultLanguage, languages } = run;
  const { stats } = conversion;
  const content = doc.view.contents[language] as { title: string; html: string };
  const rel = fileOf(doc.key, language, defaultLanguage);
  const linked = new Set<string>();
  const converted = convertHtml(content.html, {
    rewriteUrl: urlRewriter(run, doc, language, conversion, attachmentPath, linked),
    resolveUrl: (url) => resolveLikeContent(rel, url, languages),
  });
  stats.bodies++;
  const reason = bodyDifference(content.html, converted.rendered, conversion.places);
  if (reason === undefined) stats.exact++;
  else stats.inexact.push({ kind: doc.kind, key: doc.key, language, reason });
  for (const form of converted.blocks) stats.blocks[form]++;

  const listedOnly = listedOnlyAttachments(run, doc, language, conversion, attachmentPath, linked);
  const frontMatter =
    language === defaultLanguage
      ? contentOf(doc.kind).toFrontMatter(doc.view, content.title)
      : { title: content.title, translatedFrom };
  if (listedOnly.length) frontMatter.attachments = listedOnly;
  return {
    text: documentText(frontMatter, converted.markdown),
    fingerprint: htmlFingerprint(converted.expected),
  };
}

/**
 * How a URL in a body is written: an attachment as its file, a document link as its .md file, anything else kept
 * as the web URL it is. Attachments it links are added to `linked`.
 */
function urlRewriter(
  run: PullRun,
  doc: PlannedDocument,
  language: string,
  conversion: Conversion,
  attachmentPath: AttachmentPath,
  linked: Set<string>,
): (url: string) => string | undefined {
  const { urls, keyById, downloaded, attachmentSources } = conversion;
  const { targets } = run.options;
  const label = resources[doc.kind].label;
  const attachmentStore = storeOf(doc.kind);
  const folder = path.posix.dirname(doc.key);
  return (url) => {
    const attachment = attachmentStore ? urls.attachment(url) : undefined;
    if (attachment && attachmentStore) {
      const source = downloaded.get(`${attachment.store ?? attachmentStore}:${attachment.id}`);
      if (!source) return undefined;
      const target = attachmentPath(doc, source);
      attachmentSources.set(target, source);
      linked.add(`${source.store}:${source.id}`);
      return `./${path.posix.relative(folder, target)}${attachment.suffix}`;
    }
    const document = urls.document(url);
    const targetKey = document && documentKeyOf(document, keyById);
    if (document && targetKey && document.form === 'root-relative') {
      // Apply writes the documentUrl form: a .md link would change this link's href. Kept exactly instead.
      conversion.linkWarnings.add(
        `${label} ${doc.key}: the link ${url} to ${targetKey} is kept as a web URL, since apply writes documentUrl links as ${targets.documentUrl}; set documentUrl: ${rootRelativeTemplate(targets.documentUrl)} for this environment to have these links written as .md links (and migrate point them at the target's ids)`,
      );
      return undefined;
    }
    if (document && targetKey) {
      const targetFile = languageFile(
        targetKey,
        language,
        run.defaultLanguage,
        conversion.plannedByKey,
        run.local.files,
      );
      return `${relativeLink(folder, targetFile)}${document.suffix}`;
    }
    // Content reads a page-relative URL as a file: `web:` keeps it the web URL it is, byte for byte.
    return escapeWebUrl(url);
  };
}

/** The attachments a document lists for a language that its body does not link to: front matter `attachments`. */
function listedOnlyAttachments(
  run: PullRun,
  doc: PlannedDocument,
  language: string,
  conversion: Conversion,
  attachmentPath: AttachmentPath,
  linked: ReadonlySet<string>,
): string[] {
  const attachmentStore = storeOf(doc.kind);
  if (!attachmentStore) return [];
  const folder = path.posix.dirname(doc.key);
  const listedOnly: string[] = [];
  for (const info of attachmentInfos(doc.record, language, run.defaultLanguage)) {
    const source = conversion.downloaded.get(`${attachmentStore}:${info.attachmentId}`);
    if (!source || linked.has(`${attachmentStore}:${info.attachmentId}`)) continue;
    const target = attachmentPath(doc, source);
    conversion.attachmentSources.set(target, source);
    listedOnly.push(path.posix.relative(folder, target));
  }
  return listedOnly;
}

/** A converted document's files written, its old files in other languages removed, and how that went. */
async function writeDocumentFiles(
  run: PullRun,
  doc: PlannedDocument,
  files: ReadonlyMap<string, string>,
): Promise<PulledDocument> {
  const { store, writer, local, languages } = run;
  const own = filesOf(files, doc.key, languages);
  const owner = `${resources[doc.kind].label} ${doc.key} (id ${doc.id})`;
  // A document already owned is marked before its files change (they will no longer match its source hash); a
  // new one after they are all written, so an entry never points at files that were not written.
  if (run.state.documents[doc.key]) store.setDocument(doc.key, unfinishedEntry(doc));
  const outcomes = await writer.writeDocument(
    new Map(own.map((rel) => [rel, files.get(rel) as string])),
    owner,
  );
  for (const rel of filesOf(local.files, doc.key, languages))
    if (!own.includes(rel)) await writer.remove(rel, owner);
  store.setDocument(doc.key, unfinishedEntry(doc));
  const changed =
    outcomes.some((o) => o !== 'unchanged') || own.length !== filesOf(local.files, doc.key, languages).length;
  const isNew = !hasFiles(local.files, doc.key, languages);
  return {
    kind: doc.kind,
    key: doc.key,
    id: doc.id,
    title: doc.title,
    outcome: doc.overwriting
      ? 'overwrote-local-edits'
      : isNew
        ? 'created'
        : changed
          ? 'updated'
          : 'unchanged',
    files: own,
  };
}

async function writeAttachments(
  writer: ContentWriter,
  attachmentSources: ReadonlyMap<string, Downloaded>,
): Promise<PullResult['attachments']> {
  const counts = { written: 0, unchanged: 0 };
  for (const [rel, source] of attachmentSources) {
    const outcome = await writer.write(rel, source.bytes, `attachment ${source.store}/${source.id}`);
    counts[outcome === 'unchanged' ? 'unchanged' : 'written']++;
  }
  return counts;
}

/** Step 7. Documents deleted on the service: their unedited files go, edited ones stay. */
async function removeDeletedDocuments(
  run: PullRun,
  pulledKinds: readonly DocumentKind[],
  seen: ReadonlySet<string>,
): Promise<PulledDocument[]> {
  const { local, languages, localByKey, defaultLanguage } = run;
  const results: PulledDocument[] = [];
  for (const [key, entry] of Object.entries(run.state.documents)) {
    if (!pulledKinds.includes(entry.kind) || seen.has(`${entry.kind}:${entry.id}`)) continue;
    const existing = filesOf(local.files, key, languages);
    const label = resources[entry.kind].label;
    const title = localByKey.get(key)?.contents[defaultLanguage]?.title ?? key;
    if (editedLocally(run, key) && !run.options.force) {
      results.push({
        kind: entry.kind,
        key,
        id: entry.id,
        title,
        outcome: 'kept-deleted-remotely',
        files: existing,
        reason: 'deleted on the service, but edited locally',
      });
      run.warnings.push(`${label} ${key} was deleted on the service but has local edits: kept`);
      continue;
    }
    for (const rel of existing) await run.writer.remove(rel);
    run.store.setDocument(key, null);
    results.push({ kind: entry.kind, key, id: entry.id, title, outcome: 'removed', files: existing });
  }
  return results;
}

/** Step 8. The YAML lists, merged with what the files hold (`mergeListEntries`). */
async function writeLists(
  run: PullRun,
  kinds: ReadonlySet<ResourceKind>,
  lists: Record<ListKind, ListInfo>,
): Promise<PulledList[]> {
  const pulledLists: PulledList[] = [];
  for (const kind of listKinds) {
    if (!kinds.has(kind)) continue;
    const pulled = await writeList(run, kind, lists[kind].entries, desiredListOf(run.local.desired, kind));
    if (pulled) pulledLists.push(pulled);
  }
  return pulledLists;
}

async function writeList(
  run: PullRun,
  kind: ListKind,
  remote: readonly ListEntry[],
  localEntries: readonly ListEntry[],
): Promise<PulledList | undefined> {
  const { local, languages, warnings } = run;
  const list = resourceOf(kind).list as ListContent;
  const file = list.file;
  const { merged, keptLocal } = mergeListEntries(remote, localEntries);
  const exists = local.files.has(file);
  if (!exists && merged.length === 0) return undefined;
  // A file the reader cannot read would lose what is in it: leave it for the person to fix.
  if (local.diagnostics.some((d) => d.severity === 'error' && d.file.endsWith(file))) {
    warnings.push(`${file} has problems (oc-sync validate lists them), so pull did not rewrite it`);
    return undefined;
  }
  const keptCodes = keptLocal.map((e) => e.code);
  if (exists && sameEntries(merged, localEntries, languages))
    return { file, outcome: 'unchanged', keptLocal: keptCodes };
  const outcome = await run.writer.write(file, listYaml(list, merged, languages));
  if (keptLocal.length)
    warnings.push(
      `${file}: kept ${keptCodes.join(', ')}, which the service does not have (apply creates them; delete them from the file if they were deleted on the service)`,
    );
  return { file, outcome, keptLocal: keptCodes };
}

interface PulledContent {
  snapshot: ServiceSnapshot;
  pulledKinds: readonly DocumentKind[];
  writable: readonly PlannedDocument[];
  /** Every document's result, in order; written ones get `exact` here. */
  documents: readonly PulledDocument[];
  conversion: Conversion;
  lists: Record<ListKind, ListInfo>;
}

/**
 * Step 9. The state, from the content as the reader now sees it: exactly what the next plan will compute. Returns
 * the problems the reader finds in the written documents.
 */
async function recordReadBack(run: PullRun, pulled: PulledContent): Promise<Diagnostic[]> {
  const after = await readLocalContent(run.options);
  const diagnostics = readBackDiagnostics(run, after, pulled.writable);
  const writtenKeys = new Set(pulled.writable.map((d) => d.key));
  recordWrittenDocuments(run, after, pulled, writtenKeys);
  recordPulledLists(run.store, pulled.lists, run.languages);
  recordWrittenAttachments(run.store, after, pulled.conversion.attachmentSources, writtenKeys);
  await run.store.flush();
  return diagnostics;
}

/** The errors in written documents; unsafe HTML only warned about (the service holds it, so it is written exactly). */
function readBackDiagnostics(
  run: PullRun,
  after: LocalContent,
  writable: readonly PlannedDocument[],
): Diagnostic[] {
  const diagnostics = after.diagnostics.filter(
    (d) => d.severity === 'error' && writable.some((doc) => d.file.includes(doc.key)),
  );
  // Validate refuses it until the config allows it.
  for (const d of diagnostics.filter((d) => d.rule === 'content/unsafe-html'))
    run.warnings.push(
      `${d.file}:${d.line}:${d.column} ${d.message}; validate and apply will refuse it: ${d.hint}`,
    );
  return diagnostics.filter((d) => d.rule !== 'content/unsafe-html');
}

function recordWrittenDocuments(
  run: PullRun,
  after: LocalContent,
  pulled: PulledContent,
  writtenKeys: ReadonlySet<string>,
): void {
  const { conversion } = pulled;
  const afterByKey = new Map(after.desired.documents.map((doc) => [doc.key, doc]));
  const identityByPath = identityByPathOf(after.desired);
  const remoteById = new Map(
    pulled.pulledKinds.flatMap((kind) =>
      (pulled.snapshot.documents[kind] as Record<string, unknown>[]).map((r) => [
        `${kind}:${r[resources[kind].idField]}`,
        r,
      ]),
    ),
  );
  for (const result of pulled.documents) {
    // Documents left as they were keep their state entry as it was (it may record an unfinished apply).
    if (!writtenKeys.has(result.key)) continue;
    const doc = afterByKey.get(result.key);
    const remote = remoteById.get(`${result.kind}:${result.id}`) as Record<string, unknown>;
    if (!doc) {
      run.warnings.push(
        `${resources[result.kind].label} ${result.key} was written but does not read back cleanly`,
      );
      continue;
    }
    result.exact = true;
    for (const [language, fingerprint] of Object.entries(conversion.expected.get(result.key) ?? {})) {
      if (htmlFingerprint(doc.contents[language]?.loadBody() ?? '') === fingerprint) continue;
      result.exact = false;
      noteReadBack(conversion.stats, result, language);
    }
    run.store.setDocument(result.key, {
      kind: result.kind,
      id: result.id,
      payloadHash: hashView(desiredDocumentView(doc, identityByPath, after.desired.languages)),
      sourceHash: doc.sourceHash,
      updatedDt: remote.updatedDt as number,
    });
  }
}

function recordWrittenAttachments(
  store: StateStore,
  after: LocalContent,
  attachmentSources: ReadonlyMap<string, Downloaded>,
  writtenKeys: ReadonlySet<string>,
): void {
  for (const attachment of after.desired.attachments) {
    const source = attachmentSources.get(attachment.path);
    if (!source || source.store !== attachment.store || source.md5 !== attachment.md5) continue;
    if (!usedBy(after.desired.documents, attachment.path, writtenKeys)) continue;
    // Keyed by the file as content/ now holds it: the name the service has, unless another file in the folder
    // took it (see `attachmentNamer`).
    store.setAttachment(attachmentStateKey(attachment.store, attachment.identity), {
      id: source.id,
      fileName: attachment.fileName,
      md5: attachment.md5,
      size: source.bytes.byteLength,
    });
  }
}

/** What the placeholders of a pulled body stand for on the service it came from (`fidelity.ts`). */
function placeholderTargets(
  targets: LinkTargets,
  keyById: ReadonlyMap<string, string>,
  attachmentSource: (target: string) => Downloaded | undefined,
): PlaceholderTargets {
  let byKey: Map<string, { kind: string; id: number }> | undefined;
  return {
    targets,
    attachment: (target) => attachmentSource(target),
    document(key) {
      byKey ??= new Map(
        [...keyById].map(([kindId, k]) => {
          const [kind, id] = kindId.split(':') as [string, string];
          return [k, { kind, id: Number(id) }];
        }),
      );
      return byKey.get(key);
    },
  };
}

/** A file that reads back otherwise than it was converted: not exact, whatever the conversion found. */
function noteReadBack(stats: ConversionStats, doc: PulledDocument, language: string): void {
  const known = stats.inexact.findIndex((b) => b.key === doc.key && b.language === language);
  if (known !== -1) return;
  stats.exact--;
  stats.inexact.push({
    kind: doc.kind,
    key: doc.key,
    language,
    reason:
      'the written file reads back as other HTML than it was converted to (its front matter or links changed it)',
  });
}

/**
 * A written document's bodies are not read again (only its ids and dates are): dropping them as the pull goes keeps
 * a large pull from holding every body it fetched until the end.
 */
function releaseBodies(doc: PlannedDocument): void {
  for (const content of Object.values(doc.view.contents)) content.html = '';
  const record = doc.record as { content?: unknown; contents?: Record<string, { content?: unknown } | null> };
  if (typeof record.content === 'string') record.content = '';
  for (const content of Object.values(record.contents ?? {})) if (content) content.content = '';
}

function usedBy(documents: readonly DesiredDocument[], rel: string, keys: ReadonlySet<string>): boolean {
  return documents.some(
    (doc) => keys.has(doc.key) && Object.values(doc.contents).some((c) => c.attachments.includes(rel)),
  );
}

/** Why a document cannot be written as content, if it cannot. */
function unwritable(kind: DocumentKind, view: DocumentView, defaultLanguage: string): string | undefined {
  if (!view.contents[defaultLanguage])
    return `it has no ${defaultLanguage} text, and the default-language file is the one that must exist`;
  for (const { field, frontMatter, many } of contentOf(kind).references) {
    const codes = view.fields[field] as string | undefined | (string | undefined)[];
    if (many && ((codes as (string | undefined)[] | undefined) ?? []).some((c) => !c))
      return `one of its ${frontMatter} is not on the service`;
    if (!many && !codes) return `its ${frontMatter} is not on the service`;
  }
  return undefined;
}

/** The folder of a new document: its category path, the year it starts, or the kind's folder. */
function folderOf(
  kind: DocumentKind,
  view: DocumentView,
  categoryPaths: ReadonlyMap<string, string>,
): string {
  const { folder, filedBy } = contentOf(kind);
  if (filedBy?.as === 'list-path') {
    const code = view.fields[filedBy.field] as string;
    // Codes are the service's data: `..`, `con` or a NUL in one must not become a path segment as it is.
    const codePath = (categoryPaths.get(code) ?? code).split('/');
    return [folder, ...codePath.map((segment) => safePathSegment(segment, 'category'))].join('/');
  }
  if (filedBy?.as === 'year') {
    const year = /^\d{4}/.exec(String(view.fields[filedBy.field] ?? ''))?.[0];
    return year ? `${folder}/${year}` : folder;
  }
  return folder;
}

/**
 * Every list item pulled is owned from now on, by the code content/ uses for it — one made in the web console
 * without a code included, so the next plan knows it instead of creating a second one.
 */
function recordPulledLists(
  store: StateStore,
  lists: Record<ListKind, ListInfo>,
  languages: readonly string[],
): void {
  for (const kind of listKinds) {
    const idByCode = new Map([...lists[kind].codes].map(([id, code]) => [code, id]));
    for (const entry of lists[kind].entries) {
      const id = idByCode.get(entry.code);
      if (id === undefined) continue;
      store.setList(listStateKey(kind, entry.code), {
        id,
        payloadHash: hashView(listViewOf(entry, languages)),
      });
    }
  }
}

interface ListInfo {
  entries: ListEntry[];
  /** Remote id → the code content uses for it. */
  codes: Map<number, string>;
  /** Category code → its code path (`billing/refunds`), for folders. */
  paths: Map<string, string>;
}

/**
 * The list kinds as entries with codes. An item without a usable code takes the code the state records for its id
 * (pull or apply gave it one before: a console-made tag renamed since keeps the code content/ knows it by), and only
 * then one made from its name.
 */
function listEntries(
  snapshot: ServiceSnapshot,
  languages: readonly string[],
  recorded: Record<ListKind, ReadonlyMap<number, readonly string[]>>,
  warnings: string[],
): Record<ListKind, ListInfo> {
  const result = {} as Record<ListKind, ListInfo>;
  for (const kind of listKinds) {
    const def = resources[kind];
    const records = [...snapshot.lists[kind]].sort(
      (a, b) => (a[def.idField] as number) - (b[def.idField] as number),
    );
    const named = records.map((record) => {
      const flat = (record.name ?? record.tag) as string | null | undefined;
      return { record, names: namesOf(record, flat, languages) };
    });
    const codes = listCodes(kind, named, recorded[kind], warnings);
    const entries: ListEntry[] = named.map(({ record, names }) => {
      const id = record[def.idField] as number;
      const view = resourceOf(kind).list?.fromRecord(record, {
        languages,
        // A list item refers only to items of its own kind (a category's parent).
        code: (of, parent) => (of !== kind || parent == null ? undefined : codes.get(parent)),
        attachmentIdentity: (x) => x,
        html: (x) => x,
      });
      return {
        code: codes.get(id) as string,
        names,
        // Tags have no order: their views carry none.
        order: view?.order,
        parentCode: view?.parentCode,
      };
    });
    const paths = new Map<string, string>();
    const byCode = new Map(entries.map((e) => [e.code, e]));
    for (const entry of entries) {
      const chain = [entry.code];
      for (let parent = entry.parentCode; parent && chain.length < 5; parent = byCode.get(parent)?.parentCode)
        chain.unshift(parent);
      paths.set(entry.code, chain.join('/'));
    }
    result[kind] = { entries, codes, paths };
  }
  return result;
}

type NamedRecord = { record: Record<string, unknown>; names: Record<string, string> };

/** Remote id → the code content/ uses for it: the service's own, else the state's, else one made from the name. */
function listCodes(
  kind: ListKind,
  named: readonly NamedRecord[],
  recorded: ReadonlyMap<number, readonly string[]>,
  warnings: string[],
): Map<number, string> {
  const def = resources[kind];
  const codes = new Map<number, string>();
  const used = new Set<string>();
  const usable = (code: unknown): code is string =>
    typeof code === 'string' && codeSchema.safeParse(code).success && !used.has(code);
  const give = (id: number, code: string) => {
    codes.set(id, code);
    used.add(code);
  };
  for (const { record } of named) {
    const code = record[def.codeField as string];
    if (usable(code)) give(record[def.idField] as number, code);
  }
  for (const { record } of named) {
    const id = record[def.idField] as number;
    const code = codes.has(id) ? undefined : recorded.get(id)?.find(usable);
    if (code) give(id, code);
  }
  for (const { record, names } of named) {
    const id = record[def.idField] as number;
    if (codes.has(id)) continue;
    const base = slugify(Object.values(names)[0] ?? '', 40) || `${(def.list as ListContent).noun}-${id}`;
    const made = uniqueName(/^\d+$/.test(base) ? `${kind}-${base}` : base, (c) => used.has(c));
    give(id, made);
    const had = record[def.codeField as string];
    warnings.push(
      `${def.label} ${JSON.stringify(Object.values(names)[0] ?? id)} (id ${id}) has ${had ? `the code ${JSON.stringify(had)}, which content/ cannot use` : 'no code'} on the service; pull calls it ${made} and the state records it${(resourceOf(kind).list as ListContent).codeOnCreateOnly ? '' : ': the next apply gives it that code'}.`,
    );
  }
  return codes;
}

/**
 * The codes the state records for each list item, those content/'s YAML lists use first: a state left by an older
 * pull may record a renamed console item under its old and its made-up code.
 */
function recordedCodes(state: SyncState, local: LocalContent): Record<ListKind, Map<number, string[]>> {
  const result = {} as Record<ListKind, Map<number, string[]>>;
  for (const kind of listKinds) {
    const inContent = new Set(desiredListOf(local.desired, kind).map((entry) => entry.code));
    const codes = recordedListCodes(state, kind);
    for (const [id, list] of codes)
      codes.set(id, [...list.filter((c) => inContent.has(c)), ...list.filter((c) => !inContent.has(c))]);
    result[kind] = codes;
  }
  return result;
}

/** A file name for a download that no document lists: from Content-Disposition, else the id and a type extension. */
export function fileNameOf(disposition: string | null, contentType: string, id: string): string {
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition ?? '')?.[1];
  if (star) {
    try {
      return decodeURIComponent(star.trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition ?? '')?.[1];
  if (plain) return plain.trim();
  const extension = mime.extension(contentType.split(';')[0]?.trim() ?? '');
  return extension ? `${id}.${extension}` : id;
}

/** The key of the pulled document a document URL points at, if pull knows it. */
function documentKeyOf(document: DocumentUrl, keyById: ReadonlyMap<string, string>): string | undefined {
  const kinds = document.kind === undefined ? documentKinds : documentKindsOfUrl(document.kind);
  for (const kind of kinds) {
    const key = keyById.get(`${kind}:${document.id}`);
    if (key) return key;
  }
  return undefined;
}

/** How the content reader resolves a link in the file `rel` (see `parseDocument`): to a placeholder, or not at all. */
function resolveLikeContent(rel: string, url: string, languages: readonly string[]): string | undefined {
  const escaped = unescapeWebUrl(url);
  if (escaped.kind === 'web') return escaped.url;
  const trimmed = url.trim();
  if (escaped.kind === 'refused' || isWebUrl(trimmed)) return undefined;
  const cut = trimmed.search(/[?#]/);
  const rawPath = cut === -1 ? trimmed : trimmed.slice(0, cut);
  const suffix = cut === -1 ? '' : trimmed.slice(cut);
  let decoded = rawPath;
  try {
    decoded = decodeURI(rawPath);
  } catch {
    // kept as written, as the reader does
  }
  const target = resolveInside(rel, decoded);
  if (target === undefined) return undefined;
  if (target.endsWith('.md')) return `${DOCUMENT_PLACEHOLDER}${linkedKey(rel, decoded, languages)}${suffix}`;
  return `${ATTACHMENT_PLACEHOLDER}${target}${suffix}`;
}

function fileOf(key: string, language: string, defaultLanguage: string): string {
  return language === defaultLanguage ? `${key}.md` : `${key}.${language}.md`;
}

/** The file a link in `language` should point at: the same language when the target has it, else its default. */
function languageFile(
  key: string,
  language: string,
  defaultLanguage: string,
  planned: ReadonlyMap<string, PlannedDocument>,
  files: ReadonlySet<string>,
): string {
  const translated = `${key}.${language}.md`;
  if (language === defaultLanguage) return `${key}.md`;
  const doc = planned.get(key);
  if (doc ? doc.languages.includes(language) : files.has(translated)) return translated;
  return `${key}.md`;
}

function keyOfFile(rel: string): string {
  return rel.replace(/(?:\.[A-Za-z_-]{2,8})?\.md$/, '');
}

function filesOf(files: { has(rel: string): boolean }, key: string, languages: readonly string[]): string[] {
  return [`${key}.md`, ...languages.map((l) => `${key}.${l}.md`)].filter((rel) => files.has(rel));
}

function hasFiles(files: ReadonlySet<string>, key: string, languages: readonly string[]): boolean {
  return filesOf(files, key, languages).length > 0;
}

/**
 * Attachment file names, per folder: an existing file is reused when it holds the same bytes, replaced when only
 * the document being rewritten used it, and otherwise left alone under another name. A name that another file or
 * folder holds in another case or Unicode form (NFC/NFD) counts as taken: on macOS and Windows it is the same file.
 */
async function attachmentNamer(
  local: LocalContent,
  writable: readonly PlannedDocument[],
  planned: readonly PlannedDocument[],
  contentDir: string,
): Promise<(doc: PlannedDocument, source: Downloaded) => string> {
  const usersOfPath = new Map<string, Set<string>>();
  for (const doc of local.desired.documents)
    for (const content of Object.values(doc.contents))
      for (const attachment of content.attachments)
        usersOfPath.set(attachment, (usersOfPath.get(attachment) ?? new Set()).add(doc.key));
  const folders = new Set(writable.map((doc) => path.posix.dirname(doc.key)));
  const diskMd5 = new Map<string, string | undefined>();
  await Promise.all(
    [...local.files]
      .filter((rel) => folders.has(path.posix.dirname(rel)) && !rel.endsWith('.md'))
      .map(async (rel) => diskMd5.set(rel, await md5OfFile(contentDir, rel))),
  );
  const existing = foldedPaths([...local.files, ...planned.map((doc) => `${doc.key}.md`)]);
  const namesInFolder = new Map<string, Map<string, string>>();
  const assignedPaths = new Set<string>();
  return (doc, source) => {
    const folder = path.posix.dirname(doc.key);
    const byId = namesInFolder.get(folder) ?? new Map<string, string>();
    namesInFolder.set(folder, byId);
    const sourceKey = `${source.store}:${source.id}`;
    const known = byId.get(sourceKey);
    if (known) return known;
    const replaceable = (rel: string) => {
      const users = usersOfPath.get(rel);
      return users !== undefined && [...users].every((user) => user === doc.key);
    };
    const name = uniqueFileName(safeFileName(source.fileName), (candidate) => {
      const rel = `${folder}/${candidate}`;
      if (assignedPaths.has(foldName(rel))) return true;
      const held = existing.get(foldName(rel));
      if (held === undefined) return false;
      if (held !== rel || !local.files.has(rel)) return true;
      return diskMd5.get(rel) !== source.md5 && !replaceable(rel);
    });
    const rel = `${folder}/${name}`;
    assignedPaths.add(foldName(rel));
    byId.set(sourceKey, rel);
    return rel;
  };
}

/** Every file and every folder above it, by its folded name (`foldName`). */
function foldedPaths(files: readonly string[]): Map<string, string> {
  const paths = new Map<string, string>();
  for (const rel of files) {
    paths.set(foldName(rel), rel);
    for (let cut = rel.lastIndexOf('/'); cut > 0; cut = rel.lastIndexOf('/', cut - 1))
      paths.set(foldName(rel.slice(0, cut)), rel.slice(0, cut));
  }
  return paths;
}

/** Names that one file system may hold apart and another cannot (case, NFC/NFD), folded for collision checks. */
function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * What a pull records for a document as soon as its files are written, before the read-back that gives the real
 * hashes: a pull that stops after it (an error, a kill) has the entry in its journal, so the next pull rewrites
 * the same files under the same key instead of taking them for someone else's and writing `-2.md` copies.
 */
const UNFINISHED_PULL = 'unfinished-pull';

function unfinishedEntry(doc: PlannedDocument): DocumentState {
  return {
    kind: doc.kind,
    id: doc.id,
    payloadHash: UNFINISHED_PULL,
    sourceHash: UNFINISHED_PULL,
    updatedDt: doc.record.updatedDt as number,
  };
}

function isUnfinished(entry: DocumentState): boolean {
  return entry.sourceHash === UNFINISHED_PULL;
}
