import { createHash, type Hash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import {
  type ListField,
  type ListKind,
  linkStoreOf,
  listFields,
  listKinds,
  listOf,
  resourceList,
} from '../resources/registry.js';
import type { ResourceDef } from '../resources/resource.js';
import { hashView } from '../resources/view.js';
import { readTextBytes } from '../source/text-file.js';
import {
  type AttachmentHash,
  type AttachmentIndex,
  emptyAttachmentIndex,
  recordAttachments,
  sortedAttachments,
} from './attachment-index.js';
import { withBrokenListNotes } from './broken-lists.js';
import type { ContentMemory, FileRead, RememberedDocument, RememberedGroups } from './content-memory.js';
import {
  type DesiredDocument,
  type DesiredListItem,
  type DesiredState,
  emptyDesiredState,
} from './desired-state.js';
import { desiredDocumentView } from './desired-view.js';
import {
  type DocumentGroup,
  documentKeys,
  type GroupedFile,
  groupDocuments,
  type OrphanTranslation,
  orderedFiles,
} from './document-groups.js';
import type { DocumentFile, DocumentLookup, ParsedDocument } from './documents.js';
import { type ContentTree, type FoundFile, findContentFiles, isInside, toPosix } from './files.js';
import { parseList } from './lists.js';
import { type CachedPayload, inputHash, noCache, openRenderCache, type RenderCache } from './render-cache.js';
import { parsedOf, type RenderedJob, type RenderJob, renderJob } from './render-job.js';
import {
  builtWorkerFile,
  type RenderPool,
  type RenderPoolSettings,
  type RenderTicket,
  renderPoolSettings,
  startRenderPool,
} from './render-pool.js';
import { missingFolderFinding, strayFindings } from './tree-findings.js';
import type { UnsafeHtmlAllowance } from './unsafe-html.js';

/**
 * Reads `content/` into the desired state: the only part of the content model that touches the file system.
 * It finds and reads files, then hands text to the pure parsers, and checks and hashes attachments.
 */

export interface ContentOptions {
  /** The project root; diagnostics name files relative to it. */
  projectRoot: string;
  /** Absolute path of the content folder. */
  contentDir: string;
  languages: readonly string[];
  timeZone: string;
  /** Config `allowUnsafeHtml`: the kinds of script-running HTML that are not an error (none when unset). */
  allowUnsafeHtml?: UnsafeHtmlAllowance;
  /** Where to keep parsed documents between runs (`.oc-sync/cache/content.json`); none when unset. */
  cacheFile?: string;
  /**
   * Keep documents whose attached files are missing (the preview shows them, with the missing files marked); their
   * hashes are empty and nothing of them is cached. Plan and apply leave it unset: such a document is not sendable.
   */
  keepIncomplete?: boolean;
  /** Told before each document that is parsed (not read from the cache), with how many documents there are. */
  onParse?: (file: string, documents: number) => void;
  /**
   * What an earlier read remembered (the preview server, between saves; `content-memory.ts`): files the watcher did
   * not report are not read again, unchanged documents not looked up again, and the render cache stays open — its
   * save is left to the owner (`saveRememberedCache`).
   */
  memory?: ContentMemory;
  /**
   * Worker threads and threshold (`render-pool.ts`; by default from `OC_SYNC_WORKERS` / `OC_SYNC_RENDER_THRESHOLD`),
   * and the worker's file (by default the built one next to the module; none when run from the sources).
   */
  renderPool?: Partial<RenderPoolSettings> & {
    workerFile?: URL;
    /** The document needed next, when no worker has started it, is rendered here rather than waited for (default). */
    mainRenders?: boolean;
  };
}

export interface ContentResult {
  state: DesiredState;
  diagnostics: Diagnostic[];
  /** Translations without their default-language file (each also a `content/orphan-translation` finding). */
  orphans: OrphanTranslation[];
}

interface ParsedEntry {
  key: string;
  def: ResourceDef;
  parsed: ParsedDocument;
  payload?: CachedPayload;
  /** Fed the document's files so far; the attachments' MD5s follow. */
  sourceHash: () => Hash;
  /** The memory's record of the document (a long-running reader's). */
  remembered?: RememberedDocument;
  /** Its view's hash, when the render made it (`RenderedJob.viewHash`: no attachment in it). */
  viewHash?: string;
}

const documentResources = resourceList.filter(
  (def): def is ResourceDef & { content: NonNullable<ResourceDef['content']> } => Boolean(def.content),
);
const documentFolders = documentResources.map((d) => d.content.folder);

/**
 * findContentFiles → strayFindings → readLists → groupDocuments → documentKeys → openCache → parseDocuments →
 * finishDocuments (attachments hashed, source and view hashes) → the cache saved, findings sorted.
 */
export async function readContent(options: ContentOptions): Promise<ContentResult> {
  const { languages } = options;
  const state = emptyDesiredState(languages);
  const names = contentNames(options.projectRoot, options.contentDir, options.memory);
  const found = await findTree(options.contentDir, names.contentName, options.memory);
  if (!found.tree) return { state, diagnostics: found.diagnostics, orphans: [] };
  const { tree } = found;

  const strays = strayFindings(tree.strays, documentFolders, names.projectPath);
  // Lists first: documents refer to their codes.
  const lists = readLists(tree.lists, names, languages, options.memory);
  Object.assign(state, lists.items);
  const grouped = groupsOf(tree, names, languages, options.memory);
  const { keys, orphans, orphaned } = grouped;

  const cache = await openCache(options, lists.texts);
  const parsed = await parseDocuments(grouped, {
    options,
    keys,
    cache,
    read: names.read,
    lookup: { ...documentLookup(options, keys, state), brokenLists: new Set(lists.broken.keys()) },
    projectPath: names.projectPath,
  });
  const finished = await finishDocuments(parsed.entries, {
    hashFile: attachmentHasher(options.contentDir, tree.realRoot, options.memory?.attachments),
    cache: cache.cache,
    memory: options.memory,
    languages,
    keepIncomplete: options.keepIncomplete === true,
  });
  if (options.memory) options.memory.unsaved = true;
  else await cache.cache.save();
  state.documents = finished.documents;
  state.attachments = sortedAttachments(finished.index);
  const diagnostics = [
    ...strays,
    ...withBrokenListNotes(lists.diagnostics, lists.broken, finished.documents),
    ...grouped.diagnostics,
    ...orphaned,
    ...parsed.diagnostics,
    ...finished.diagnostics,
  ];
  return { state, diagnostics: sortDiagnostics(diagnostics), orphans };
}

interface ContentNames {
  /** The project-relative name of an absolute path. */
  projectPath: (abs: string) => string;
  /** The content folder's project-relative name. */
  contentName: string;
  /** The project-relative name of a file found under content/. */
  foundPath: (found: FoundFile) => string;
  /** A file's bytes and problems (`readBytes`, or what the memory holds of it). */
  read: (abs: string) => FileRead;
}

function contentNames(projectRoot: string, contentDir: string, memory?: ContentMemory): ContentNames {
  const projectPath = (abs: string) => toPosix(path.relative(projectRoot, abs)) || '.';
  const contentName = projectPath(contentDir);
  const read = (abs: string) => readBytes(abs, projectPath);
  return {
    projectPath,
    contentName,
    // Without asking path.relative twenty thousand times.
    foundPath: (found) => (contentName === '.' ? found.rel : `${contentName}/${found.rel}`),
    read: memory ? rememberedRead(memory.files, read) : read,
  };
}

function rememberedRead(files: Map<string, FileRead>, read: (abs: string) => FileRead) {
  return (abs: string): FileRead => {
    let file = files.get(abs);
    if (!file) {
      file = read(abs);
      files.set(abs, file);
    }
    return file;
  };
}

async function findTree(
  contentDir: string,
  contentName: string,
  memory?: ContentMemory,
): Promise<{ tree?: ContentTree; diagnostics: Diagnostic[] }> {
  if (memory?.tree) return { tree: memory.tree, diagnostics: [] };
  try {
    const tree = await findContentFiles(contentDir, documentFolders);
    if (memory) memory.tree = tree;
    return { tree, diagnostics: [] };
  } catch (error) {
    return { diagnostics: [missingFolderFinding(contentName, error as NodeJS.ErrnoException)] };
  }
}

/** The documents' groups and keys: made from the walk, or remembered with it. */
function groupsOf(
  tree: ContentTree,
  names: ContentNames,
  languages: readonly string[],
  memory?: ContentMemory,
): RememberedGroups {
  const joined = languages.join(',');
  const known = memory?.grouped;
  if (known?.tree === tree && known.languages === joined) return known;
  const grouped = groupDocuments(tree.documents, documentResources, {
    languages,
    foundPath: names.foundPath,
  });
  const { keys, orphans, diagnostics: orphaned } = documentKeys(grouped.groups, languages, names.projectPath);
  const inKeyOrder = [...keys].sort().map((key) => {
    const group = grouped.groups.get(key) as DocumentGroup;
    return { key, group, ordered: orderedFiles(group, languages) };
  });
  const made = { tree, languages: joined, ...grouped, keys, orphans, orphaned, inKeyOrder };
  if (memory) memory.grouped = made;
  return made;
}

/**
 * The bytes of a valid UTF-8 file without its BOM, with its problems. Decoding is left for when a file is parsed:
 * for a document from the cache, hashing the bytes is all that is needed. Synchronous: for thousands of small
 * files it is several times faster than the thread pool.
 */
function readBytes(
  abs: string,
  projectPath: (abs: string) => string,
): { bytes?: Buffer; diagnostics: Diagnostic[] } {
  const read = readTextBytes(abs);
  return {
    bytes: read.bytes,
    diagnostics: read.problems.map((p) => ({ file: projectPath(abs), ...p, rule: `content/${p.rule}` })),
  };
}

/** By desired-state field, alphabetically: the order the lists' texts key the render cache in. */
const listKindsByEntries = [...listKinds].sort((a, b) => listOf(a).entries.localeCompare(listOf(b).entries));

interface ListsRead {
  items: Partial<Record<ListField, DesiredListItem[]>>;
  /** Kind and text of each list read: documents' parses depend on them. */
  texts: string[];
  diagnostics: Diagnostic[];
  /** The lists whose file cannot be read or does not parse, with that file's project-relative name. */
  broken: Map<ListField, string>;
}

function readLists(
  lists: ContentTree['lists'],
  names: ContentNames,
  languages: readonly string[],
  memory?: ContentMemory,
): ListsRead {
  const { projectPath } = names;
  const read: ListsRead = { items: {}, texts: [], diagnostics: [], broken: new Map() };
  for (const kind of listKindsByEntries) {
    const { entries } = listOf(kind);
    const found = lists[entries];
    if (!found) continue;
    const file = names.read(found.abs);
    read.diagnostics.push(...file.diagnostics);
    const text = file.bytes?.toString('utf8');
    if (text === undefined) {
      // Not the same parse as without the file: there, every code a document uses is undeclared.
      read.texts.push(entries, '\u0000unreadable');
      read.broken.set(entries, projectPath(found.abs));
      continue;
    }
    read.texts.push(entries, text);
    const parsed = parseListOnce(kind, text, { file: projectPath(found.abs), languages }, memory);
    read.diagnostics.push(...parsed.diagnostics);
    read.items[entries] = parsed.items;
    if (parsed.broken) read.broken.set(entries, projectPath(found.abs));
  }
  return read;
}

/** `parseList`, or the parse the memory holds of the same file, languages and text. */
function parseListOnce(
  kind: ListKind,
  text: string,
  context: { file: string; languages: readonly string[] },
  memory?: ContentMemory,
): ReturnType<typeof parseList> {
  const { entries } = listOf(kind);
  const source = `${context.file}\u0000${context.languages.join(',')}\u0000${text}`;
  const known = memory?.lists.get(entries);
  if (known?.source === source) return known.parsed;
  const parsed = parseList(kind, text, context);
  memory?.lists.set(entries, { source, parsed });
  return parsed;
}

function itemsByCode(lists: DesiredState): Record<ListField, ReadonlyMap<string, DesiredListItem>> {
  const byCode = {} as Record<ListField, ReadonlyMap<string, DesiredListItem>>;
  for (const entries of listFields)
    byCode[entries] = new Map(lists[entries].map((item) => [item.code, item]));
  return byCode;
}

function documentLookup(
  options: ContentOptions,
  keys: ReadonlySet<string>,
  lists: DesiredState,
): DocumentLookup {
  return {
    languages: options.languages,
    timeZone: options.timeZone,
    keys,
    ...itemsByCode(lists),
    allowUnsafeHtml: options.allowUnsafeHtml,
  };
}

interface OpenCache {
  cache: RenderCache;
  /** Everything a document's parse depends on besides its own files. */
  context: string;
}

/**
 * The render cache for this context (a cached parse is reused only when all of it is equal): the memory's while
 * the context is the same; another context saves the memory's first.
 */
async function openCache(options: ContentOptions, listTexts: readonly string[]): Promise<OpenCache> {
  const allowed = JSON.stringify(options.allowUnsafeHtml ?? false);
  const context = inputHash([options.timeZone, allowed, ...options.languages, ...listTexts]);
  const { memory } = options;
  if (memory?.cache?.context === context) return memory.cache;
  if (memory?.cache && memory.unsaved) await memory.cache.cache.save();
  const cache = options.cacheFile ? await openRenderCache(options.cacheFile, context) : noCache;
  if (memory) memory.cache = { context, cache };
  return { context, cache };
}

interface ParseRun {
  options: ContentOptions;
  keys: ReadonlySet<string>;
  cache: OpenCache;
  lookup: DocumentLookup;
  projectPath: (abs: string) => string;
  read: (abs: string) => FileRead;
}

/** One document on its way, in key order: remembered, from the cache, or a job rendered here or by the pool. */
interface Slot {
  key: string;
  group: DocumentGroup;
  contents: readonly Buffer[];
  /** The cache key: the files alone. */
  input: string;
  sourceHash: Hash;
  /** Remembered by the memory or found in the render cache: nothing to render. */
  done?: ParsedEntry;
  job?: RenderJob;
  ticket?: RenderTicket;
}

/**
 * Each document with a default file, in key order: remembered or from the cache when its files are the same, else
 * parsed — by the render pool once enough documents wait for it (`openRenderer`), else here. Documents are read
 * ahead of the one being finished by at most `window`, so only that many texts and bodies are in memory at once,
 * and each is finished (cached, its findings kept) in key order: the same result, cache and findings as one thread.
 */
async function parseDocuments(
  grouped: RememberedGroups,
  run: ParseRun,
): Promise<{ entries: ParsedEntry[]; diagnostics: Diagnostic[] }> {
  const entries: ParsedEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const renderer = openRenderer(run);
  const ahead: Slot[] = [];
  const finishNext = async () => {
    const finished = await finishSlot(ahead.shift() as Slot, grouped.groups.size, run, renderer);
    if (finished.entry) entries.push(finished.entry);
    diagnostics.push(...finished.diagnostics);
  };
  let sinceYield = 0;
  try {
    for (const { key, group, ordered } of grouped.inKeyOrder) {
      // Give the event loop a turn now and then: a caller may be fetching the remote lists meanwhile.
      if (++sinceYield === 200) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      const slot = readSlot(key, group, ordered, run, diagnostics);
      if (!slot) continue;
      ahead.push(slot);
      if (slot.job) renderer.wanted(slot, ahead);
      if (ahead.length > renderer.window) await finishNext();
    }
    while (ahead.length > 0) await finishNext();
  } finally {
    await renderer.close();
  }
  forgetRemoved(run.options.memory, run.keys);
  return { entries, diagnostics };
}

function forgetRemoved(memory: ContentMemory | undefined, keys: ReadonlySet<string>): void {
  if (!memory) return;
  for (const key of memory.documents.keys()) if (!keys.has(key)) memory.documents.delete(key);
}

/**
 * The document's files read; its remembered or cached parse, or the job that parses it. Undefined when unreadable.
 */
function readSlot(
  key: string,
  group: DocumentGroup,
  ordered: readonly GroupedFile[],
  run: ParseRun,
  diagnostics: Diagnostic[],
): Slot | undefined {
  const read = ordered.map((f) => run.read(f.abs));
  for (const file of read) diagnostics.push(...file.diagnostics);
  if (read.some((file) => file.bytes === undefined)) return undefined;
  const contents = read.map((file) => file.bytes as Buffer);
  const known = rememberedEntry(key, group, contents, run);
  if (known?.remembered) {
    const { input, sourceHash } = known.remembered;
    return { key, group, contents, input, sourceHash, done: known };
  }
  const sourceHash = startSourceHash(ordered, contents);
  const input = sourceHash.copy().digest('hex');
  const slot: Slot = { key, group, contents, input, sourceHash };
  const cached = run.cache.cache.get(key, input);
  // A cached document is only reused while every document it links to still exists.
  if (cached?.parsed.document.links.every((link) => run.keys.has(link))) {
    const entry = { key, def: group.def, parsed: cached.parsed, payload: cached.payload };
    return { ...slot, done: remember({ ...entry, sourceHash: () => sourceHash }, slot, run) };
  }
  const files: DocumentFile[] = ordered.map((f, i) => ({
    rel: f.rel,
    file: f.file,
    language: f.language,
    isDefault: f.isDefault,
    text: (contents[i] as Buffer).toString('utf8'),
  }));
  return { ...slot, job: { kind: group.def.kind, key, files } };
}

/**
 * The memory's parse of a document, when it was made from these very bytes in this context, had no problems (as
 * the render cache: a problem may depend on other documents), and every document it links to still exists.
 */
function rememberedEntry(
  key: string,
  group: DocumentGroup,
  contents: readonly Buffer[],
  run: ParseRun,
): ParsedEntry | undefined {
  const known = run.options.memory?.documents.get(key);
  if (!known || known.context !== run.cache.context || known.parsed.diagnostics.length > 0) return undefined;
  if (known.contents.length !== contents.length || known.contents.some((b, i) => b !== contents[i]))
    return undefined;
  if (!known.parsed.document.links.every((link) => run.keys.has(link))) return undefined;
  run.cache.cache.keep(key, known.input);
  return {
    key,
    def: group.def,
    parsed: known.parsed,
    payload: known.payload,
    sourceHash: () => known.sourceHash.copy(),
    remembered: known,
  };
}

/** The entry, recorded in the memory of a long-running reader (before its source hash is finished). */
function remember(entry: ParsedEntry, slot: Slot, run: ParseRun): ParsedEntry {
  const { memory } = run.options;
  if (!memory) return entry;
  const remembered: RememberedDocument = {
    contents: slot.contents,
    context: run.cache.context,
    input: slot.input,
    parsed: entry.parsed,
    payload: entry.payload,
    sourceHash: slot.sourceHash.copy(),
  };
  memory.documents.set(slot.key, remembered);
  return { ...entry, remembered };
}

/** The slot's parse — remembered, the cache's, the pool's answer, or rendered here — cached when it has no findings. */
async function finishSlot(
  slot: Slot,
  documents: number,
  run: ParseRun,
  renderer: Renderer,
): Promise<{ entry?: ParsedEntry; diagnostics: Diagnostic[] }> {
  if (slot.done || !slot.job) return { entry: slot.done, diagnostics: [] };
  const { key, job } = slot;
  // Validate's progress names the document that is taking long.
  run.options.onParse?.(job.files[0]?.file ?? key, documents);
  const rendered = await renderer.render(slot);
  if (rendered.failed) return { diagnostics: rendered.diagnostics };
  const parsed = parsedOf(rendered);
  const entry: ParsedEntry = {
    key,
    def: slot.group.def,
    parsed: parsed.diagnostics.length === 0 ? run.cache.cache.set(key, slot.input, parsed) : parsed,
    sourceHash: () => slot.sourceHash,
    viewHash: rendered.viewHash,
  };
  return { entry: remember(entry, slot, run), diagnostics: [] };
}

/** Where jobs are rendered: here, until `threshold` of them wait at once; then (also) by a pool of workers. */
interface Renderer {
  /** How many documents are read ahead of the one being finished. */
  window: number;
  wanted(slot: Slot, ahead: readonly Slot[]): void;
  render(slot: Slot): Promise<RenderedJob>;
  close(): Promise<void>;
}

function openRenderer(run: ParseRun): Renderer {
  const chosen = run.options.renderPool ?? {};
  const defaults =
    chosen.workers === undefined || chosen.threshold === undefined ? renderPoolSettings() : undefined;
  const workers = chosen.workers ?? (defaults as RenderPoolSettings).workers;
  const threshold = chosen.threshold ?? (defaults as RenderPoolSettings).threshold;
  const workerFile = chosen.workerFile ?? builtWorkerFile();
  const mainRenders = chosen.mainRenders !== false;
  const usable = workers > 0 && workerFile !== undefined;
  let pool: RenderPool | undefined;
  // Jobs read but not given to a pool: rendered here when they are finished, unless a pool starts first.
  let waiting = 0;
  return {
    window: usable ? Math.max(threshold, 1) + 64 * workers : 1,
    wanted(slot, ahead) {
      if (pool) slot.ticket = pool.submit(slot.job as RenderJob);
      else if (usable && ++waiting >= threshold) {
        pool = startRenderPool({ size: workers, lookup: run.lookup, workerFile });
        for (const s of ahead) if (s.job && !s.ticket) s.ticket = pool.submit(s.job);
      }
    },
    async render(slot) {
      const job = slot.job as RenderJob;
      // The document needed next and no worker has started it: render it here rather than wait.
      if (slot.ticket && (!mainRenders || !slot.ticket.take())) return slot.ticket.result;
      if (!slot.ticket) waiting--;
      return renderJob(job, run.lookup);
    },
    close: async () => pool?.close(),
  };
}

/**
 * One pass over the files' bytes gives both the cache key (the files alone) and the start of the source hash,
 * which ends with the attachments' MD5s once they are hashed. The files themselves are not kept.
 */
function startSourceHash(ordered: readonly GroupedFile[], contents: readonly Buffer[]): Hash {
  const sourceHash = createHash('sha256');
  ordered.forEach((f, i) => {
    sourceHash
      .update(f.rel)
      .update('\u0000')
      .update(contents[i] as Buffer)
      .update('\u0000');
  });
  return sourceHash;
}

/** Every referenced file must exist inside content/; each is hashed once. */
function attachmentHasher(
  contentDir: string,
  realRoot: string,
  remembered?: Map<string, Promise<AttachmentHash>>,
): (rel: string) => Promise<AttachmentHash> {
  const limit = pLimit(64);
  const hashes = remembered ?? new Map<string, Promise<AttachmentHash>>();
  return (rel) => {
    let pending = hashes.get(rel);
    if (!pending) {
      pending = limit(() => hashAttachment(contentDir, realRoot, rel));
      hashes.set(rel, pending);
    }
    return pending;
  };
}

async function hashAttachment(contentDir: string, realRoot: string, rel: string): Promise<AttachmentHash> {
  const abs = path.join(contentDir, ...rel.split('/'));
  try {
    const real = await realpath(abs);
    if (!isInside(realRoot, real)) return 'points outside content/ through a symlink';
    if (!(await stat(real)).isFile()) return 'is not a file';
    const bytes = await readFile(real);
    return { md5: createHash('md5').update(bytes).digest('hex'), size: bytes.length };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (error as Error).message;
  }
}

interface FinishRun {
  hashFile: (rel: string) => Promise<AttachmentHash>;
  cache: RenderCache;
  memory?: ContentMemory;
  languages: readonly string[];
  keepIncomplete: boolean;
}

/** Each parse's findings, its attachments checked and hashed, and — when they all exist — its desired document. */
async function finishDocuments(
  entries: readonly ParsedEntry[],
  run: FinishRun,
): Promise<{ documents: DesiredDocument[]; index: AttachmentIndex; diagnostics: Diagnostic[] }> {
  const index = emptyAttachmentIndex();
  const documents: DesiredDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const entry of entries) {
    diagnostics.push(...entry.parsed.diagnostics);
    const sites = entry.parsed.attachmentSites;
    const hashed: AttachmentHash[] = [];
    for (const site of sites) hashed.push(await run.hashFile(site.path));
    const store = linkStoreOf(entry.def);
    const attached = recordAttachments(sites, hashed, store, index);
    diagnostics.push(...attached.diagnostics);
    if (attached.missing) {
      if (run.keepIncomplete) documents.push({ ...entry.parsed.document, sourceHash: '', payloadHash: '' });
      continue;
    }
    documents.push(finishDocument(entry, attached.md5s, index, run));
  }
  return { documents, index, diagnostics };
}

function finishDocument(
  entry: ParsedEntry,
  md5s: readonly string[],
  index: AttachmentIndex,
  run: FinishRun,
): DesiredDocument {
  const { key, parsed, payload, remembered } = entry;
  const attached = [...new Set(md5s)].sort();
  // Remembered from the last read with the same attachments: the same document, nothing hashed again.
  const joined = attached.join(',');
  if (remembered?.finished?.md5s === joined) return remembered.finished.document;
  const hash = entry.sourceHash();
  for (const m of attached) hash.update(`${m}\u0000`);
  const sourceHash = hash.digest('hex');
  // The view's hashes are known from the cache while the source is the same; otherwise they are made once here.
  const hashes =
    payload?.sourceHash === sourceHash
      ? payload
      : entry.viewHash !== undefined
        ? { sourceHash, payloadHash: entry.viewHash }
        : payloadHashes(parsed.document, sourceHash, index, run.languages);
  run.cache.setPayload(key, hashes);
  const document = { ...parsed.document, ...hashes } satisfies DesiredDocument;
  if (remembered) {
    remembered.payload = hashes;
    remembered.finished = { md5s: joined, document };
  }
  return document;
}

/** By file, then position; findings at one position keep the order they were made in. */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
}

/**
 * The hash of a document's view, and for one with attachments the hash older versions recorded for the same
 * content (attachments as bare MD5s), so their states upgrade without a change (see `DesiredDocument`).
 */
function payloadHashes(
  document: ParsedDocument['document'],
  sourceHash: string,
  refs: { identityByPath: ReadonlyMap<string, string>; md5ByPath: ReadonlyMap<string, string> },
  languages: readonly string[],
): CachedPayload {
  const payloadHash = hashView(desiredDocumentView(document, refs.identityByPath, languages));
  const attached = Object.values(document.contents).some((content) => content.attachments.length > 0);
  if (!attached) return { sourceHash, payloadHash };
  const legacyPayloadHash = hashView(desiredDocumentView(document, refs.md5ByPath, languages));
  return { sourceHash, payloadHash, legacyPayloadHash };
}
