import { createHash, type Hash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import {
  type ListField,
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
import { type DocumentFile, type DocumentLookup, type ParsedDocument, parseDocument } from './documents.js';
import { type ContentTree, type FoundFile, findContentFiles, isInside, toPosix } from './files.js';
import { parseList } from './lists.js';
import { type CachedPayload, inputHash, noCache, openRenderCache, type RenderCache } from './render-cache.js';
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
  sourceHash: Hash;
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
  const names = contentNames(options.projectRoot, options.contentDir);
  const found = await findTree(options.contentDir, names.contentName);
  if (!found.tree) return { state, diagnostics: found.diagnostics, orphans: [] };
  const { tree } = found;

  const strays = strayFindings(tree.strays, documentFolders, names.projectPath);
  // Lists first: documents refer to their codes.
  const lists = readLists(tree.lists, names.projectPath, languages);
  Object.assign(state, lists.items);
  const grouped = groupDocuments(tree.documents, documentResources, {
    languages,
    foundPath: names.foundPath,
  });
  const { keys, orphans, diagnostics: orphaned } = documentKeys(grouped.groups, languages, names.projectPath);

  const cache = await openCache(options, lists.texts);
  const parsed = await parseDocuments(grouped.groups, {
    options,
    keys,
    cache,
    lookup: { ...documentLookup(options, keys, state), brokenLists: new Set(lists.broken.keys()) },
    projectPath: names.projectPath,
  });
  const finished = await finishDocuments(parsed.entries, {
    hashFile: attachmentHasher(options.contentDir, tree.realRoot),
    cache,
    languages,
    keepIncomplete: options.keepIncomplete === true,
  });
  await cache.save();
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
}

function contentNames(projectRoot: string, contentDir: string): ContentNames {
  const projectPath = (abs: string) => toPosix(path.relative(projectRoot, abs)) || '.';
  const contentName = projectPath(contentDir);
  return {
    projectPath,
    contentName,
    // Without asking path.relative twenty thousand times.
    foundPath: (found) => (contentName === '.' ? found.rel : `${contentName}/${found.rel}`),
  };
}

async function findTree(
  contentDir: string,
  contentName: string,
): Promise<{ tree?: ContentTree; diagnostics: Diagnostic[] }> {
  try {
    return { tree: await findContentFiles(contentDir, documentFolders), diagnostics: [] };
  } catch (error) {
    return { diagnostics: [missingFolderFinding(contentName, error as NodeJS.ErrnoException)] };
  }
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
  projectPath: (abs: string) => string,
  languages: readonly string[],
): ListsRead {
  const read: ListsRead = { items: {}, texts: [], diagnostics: [], broken: new Map() };
  for (const kind of listKindsByEntries) {
    const { entries } = listOf(kind);
    const found = lists[entries];
    if (!found) continue;
    const file = readBytes(found.abs, projectPath);
    read.diagnostics.push(...file.diagnostics);
    const text = file.bytes?.toString('utf8');
    if (text === undefined) {
      // Not the same parse as without the file: there, every code a document uses is undeclared.
      read.texts.push(entries, '\u0000unreadable');
      read.broken.set(entries, projectPath(found.abs));
      continue;
    }
    read.texts.push(entries, text);
    const parsed = parseList(kind, text, { file: projectPath(found.abs), languages });
    read.diagnostics.push(...parsed.diagnostics);
    read.items[entries] = parsed.items;
    if (parsed.broken) read.broken.set(entries, projectPath(found.abs));
  }
  return read;
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

/** Everything a document's parse depends on besides its own files: a cached parse is reused only when all of it is equal. */
function openCache(options: ContentOptions, listTexts: readonly string[]): Promise<RenderCache> {
  const allowed = JSON.stringify(options.allowUnsafeHtml ?? false);
  const context = inputHash([options.timeZone, allowed, ...options.languages, ...listTexts]);
  return options.cacheFile ? openRenderCache(options.cacheFile, context) : Promise.resolve(noCache);
}

interface ParseRun {
  options: ContentOptions;
  keys: ReadonlySet<string>;
  cache: RenderCache;
  lookup: DocumentLookup;
  projectPath: (abs: string) => string;
}

/** Each document with a default file, in key order: from the cache when its files are the same, else parsed. */
async function parseDocuments(
  groups: ReadonlyMap<string, DocumentGroup>,
  run: ParseRun,
): Promise<{ entries: ParsedEntry[]; diagnostics: Diagnostic[] }> {
  const entries: ParsedEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  let sinceYield = 0;
  for (const key of [...run.keys].sort()) {
    // Give the event loop a turn now and then: a caller may be fetching the remote lists meanwhile.
    if (++sinceYield === 200) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const group = groups.get(key) as DocumentGroup;
    const ordered = orderedFiles(group, run.options.languages);
    const read = ordered.map((f) => readBytes(f.abs, run.projectPath));
    for (const file of read) diagnostics.push(...file.diagnostics);
    const contents = read.map((file) => file.bytes);
    if (contents.some((t) => t === undefined)) continue;
    entries.push(parseGroup(key, group, ordered, contents as Buffer[], groups.size, run));
  }
  return { entries, diagnostics };
}

function parseGroup(
  key: string,
  group: DocumentGroup,
  ordered: readonly GroupedFile[],
  contents: readonly Buffer[],
  documents: number,
  run: ParseRun,
): ParsedEntry {
  const sourceHash = startSourceHash(ordered, contents);
  const input = sourceHash.copy().digest('hex');
  const cached = run.cache.get(key, input);
  // A cached document is only reused while every document it links to still exists.
  if (cached?.parsed.document.links.every((link) => run.keys.has(link))) {
    return { key, def: group.def, parsed: cached.parsed, payload: cached.payload, sourceHash };
  }
  const files: DocumentFile[] = ordered.map((f, i) => ({
    rel: f.rel,
    file: f.file,
    language: f.language,
    isDefault: f.isDefault,
    text: (contents[i] as Buffer).toString('utf8'),
  }));
  const parsed = parseTelling(run.options, documents, group.def, key, files, run.lookup);
  return {
    key,
    def: group.def,
    parsed: parsed.diagnostics.length === 0 ? run.cache.set(key, input, parsed) : parsed,
    sourceHash,
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
function attachmentHasher(contentDir: string, realRoot: string): (rel: string) => Promise<AttachmentHash> {
  const limit = pLimit(64);
  const hashes = new Map<string, Promise<AttachmentHash>>();
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
  const { key, parsed, payload, sourceHash: hash } = entry;
  for (const m of [...new Set(md5s)].sort()) hash.update(`${m}\u0000`);
  const sourceHash = hash.digest('hex');
  // The view's hashes are known from the cache while the source is the same; otherwise they are made once here.
  const hashes =
    payload?.sourceHash === sourceHash
      ? payload
      : payloadHashes(parsed.document, sourceHash, index, run.languages);
  run.cache.setPayload(key, hashes);
  return { ...parsed.document, ...hashes } satisfies DesiredDocument;
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

/** Parses one document, first telling `onParse` (validate's progress names the document that is taking long). */
function parseTelling(
  options: ContentOptions,
  documents: number,
  ...args: Parameters<typeof parseDocument>
): ParsedDocument {
  const [, key, files] = args;
  options.onParse?.(files[0]?.file ?? key, documents);
  return parseDocument(...args);
}
