import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../system/atomic-write.js';
import type { DesiredContent } from './desired-state.js';
import type { AttachmentSite, ParsedDocument } from './documents.js';

/**
 * A local cache of parsed documents (`.oc-sync/cache/`, not committed): rendering Markdown is by far the most
 * expensive part of reading content/, and most files do not change between runs. An entry is reused only when the
 * document's files, the YAML lists, the languages and the time zone are all byte-for-byte the same — and only for
 * documents that had no problems, so `validate` still reports everything.
 *
 * The cache is split so that a large help center costs little when nothing changed: `content.json` is a small
 * index (fields, titles, links, the hash of each document's view), and the rendered bodies live in pack files
 * (`bodies-*.pack`, each run appends to its own), read by offset only when something asks for a body. A document from the cache (or written to
 * it) reads its bodies through `loadBody()`: a plan that does not look at a body never loads it, and a cold run does
 * not keep ten thousand rendered bodies in memory.
 */

// 4: payload hashes of views with attachment identities (MD5 and file name), and the legacy hash beside them.
// 5: the renderer keeps attribute strings and leading newlines (issue #16), so bodies cached before render otherwise.
// 6: each language's textHash and a translation's translatedFrom (issue 21).
const CACHE_VERSION = 6;

type ParsedSkeleton = Omit<ParsedDocument, 'document' | 'diagnostics'> & {
  document: Omit<ParsedDocument['document'], 'contents'> & {
    contents: Record<string, Omit<DesiredContent, 'loadBody'>>;
  };
};

/** The hash of a document's view, for the source it was computed from. */
export interface CachedPayload {
  sourceHash: string;
  payloadHash: string;
  legacyPayloadHash?: string;
}

interface IndexEntry {
  /** Hash of everything the parse depended on. */
  input: string;
  /** Where the rendered bodies are. */
  body?: BodyRef;
  parsed: ParsedSkeleton;
  payload?: CachedPayload;
}

export interface CachedDocument {
  parsed: ParsedDocument;
  payload?: CachedPayload;
}

export interface RenderCache {
  get(key: string, input: string): CachedDocument | undefined;
  /** Stores a parse; returns it with its bodies moved to the cache (read back on demand). */
  set(key: string, input: string, parsed: ParsedDocument): ParsedDocument;
  setPayload(key: string, payload: CachedPayload): void;
  /**
   * Keeps an entry the caller still holds (a long-running reader remembers parses) as if it had been `get`: only
   * entries used since the last save are saved.
   */
  keep(key: string, input: string): void;
  /** Writes the index (and compacts the packs); a cache saved can be used again for the next read. */
  save(): Promise<void>;
}

export function inputHash(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** A cache that remembers nothing: the default for library callers. Bodies stay in memory. */
export const noCache: RenderCache = {
  get: () => undefined,
  set: (_key, _input, parsed) => parsed,
  setPayload: () => {},
  keep: () => {},
  save: async () => {},
};

/** An open cache: the index read, the entries this run used or made, and this run's pack. */
interface CacheState {
  file: string;
  dir: string;
  context: string;
  /** The index as read (empty when it was from another version or config). */
  entries: Record<string, IndexEntry>;
  /** The entries this run used or made: the index that is saved. */
  fresh: Record<string, IndexEntry>;
  changed: boolean;
  existingPacks: Set<string>;
  pack: PackWriter;
}

/**
 * Bodies rendered in this run go to a pack of this run's own (one file, appended to: creating a file per document
 * costs more than rendering it on some file systems).
 */
interface PackWriter {
  dir: string;
  name: string;
  fd?: number;
  size: number;
  /** The cache is optional: a checkout it cannot be written in (read-only, full) is read without one. */
  writable: boolean;
}

/** loadIndex → listPacks → a pack of this run's own; then get / set / setPayload / save on that state. */
export async function openRenderCache(file: string, context: string): Promise<RenderCache> {
  const dir = path.dirname(file);
  const state: CacheState = {
    file,
    dir,
    context,
    entries: loadIndex(file, context),
    fresh: {},
    changed: false,
    existingPacks: listPacks(dir),
    pack: newPack(dir, true),
  };
  return {
    get: (key, input) => getCached(state, key, input),
    set: (key, input, parsed) => setCached(state, key, input, parsed),
    setPayload: (key, payload) => setPayload(state, key, payload),
    keep: (key, input) => {
      const entry = state.entries[key];
      if (entry?.input === input) state.fresh[key] = entry;
    },
    save: async () => {
      saveCache(state);
      startNextRun(state);
    },
  };
}

let packs = 0;

function newPack(dir: string, writable: boolean): PackWriter {
  return { dir, name: `bodies-${process.pid}-${Date.now().toString(36)}-${++packs}.pack`, size: 0, writable };
}

/** After a save, the next read starts from what was saved, with a pack of its own. */
function startNextRun(state: CacheState): void {
  state.entries = state.fresh;
  state.fresh = {};
  state.changed = false;
  state.existingPacks = listPacks(state.dir);
  state.pack = newPack(state.dir, state.pack.writable);
}

/** A cache from another version or another config is simply not used; a missing or damaged one starts empty. */
function loadIndex(file: string, context: string): Record<string, IndexEntry> {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      version: number;
      context: string;
      entries: Record<string, IndexEntry>;
    };
    if (data.version === CACHE_VERSION && data.context === context) return data.entries;
  } catch {
    // Missing or damaged: start empty.
  }
  return {};
}

function listPacks(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir).filter((name) => name.endsWith('.pack')));
  } catch {
    return new Set();
  }
}

function readBodies(dir: string, [pack, offset, length]: BodyRef): Record<string, string> {
  try {
    return JSON.parse(readRange(path.join(dir, pack), offset, length).toString('utf8'));
  } catch (error) {
    throw new Error(
      `the content cache ${dir} changed while oc-sync was reading it (${(error as Error).message}); run the command again`,
    );
  }
}

/** Appends bodies to this run's pack; undefined once the pack cannot be written. */
function writeBodies(pack: PackWriter, bodies: Record<string, string>): BodyRef | undefined {
  if (!pack.writable) return undefined;
  const bytes = Buffer.from(JSON.stringify(bodies));
  try {
    if (pack.fd === undefined) {
      mkdirSync(pack.dir, { recursive: true });
      pack.fd = openSync(path.join(pack.dir, pack.name), 'w');
    }
    writeSync(pack.fd, bytes);
  } catch {
    pack.writable = false;
    return undefined;
  }
  const ref: BodyRef = [pack.name, pack.size, bytes.length];
  pack.size += bytes.length;
  return ref;
}

function getCached(state: CacheState, key: string, input: string): CachedDocument | undefined {
  const entry = state.entries[key];
  if (entry?.input !== input || !entry.body) return undefined;
  if (!state.existingPacks.has(entry.body[0])) return undefined;
  state.fresh[key] = entry;
  // Through the entry: compaction at save() moves its bodies to another pack.
  return {
    parsed: withLazyBodies(entry.parsed, () => readBodies(state.dir, entry.body as BodyRef), []),
    payload: entry.payload,
  };
}

/** A parse split into its bodies and the rest (the skeleton the index keeps). */
function splitBodies(parsed: ParsedDocument): {
  bodies: Record<string, string>;
  skeleton: ParsedSkeleton;
} {
  const bodies: Record<string, string> = {};
  const contents: Record<string, Omit<DesiredContent, 'loadBody'>> = {};
  for (const [language, content] of Object.entries(parsed.document.contents)) {
    const { loadBody, ...rest } = content;
    bodies[language] = loadBody();
    contents[language] = rest;
  }
  return {
    bodies,
    skeleton: { attachmentSites: parsed.attachmentSites, document: { ...parsed.document, contents } },
  };
}

function setCached(state: CacheState, key: string, input: string, parsed: ParsedDocument): ParsedDocument {
  const { bodies, skeleton } = splitBodies(parsed);
  const body = writeBodies(state.pack, bodies);
  if (!body) return withLazyBodies(skeleton, () => bodies, parsed.diagnostics);
  const entry: IndexEntry = { input, body, parsed: skeleton };
  state.fresh[key] = entry;
  state.changed = true;
  return withLazyBodies(skeleton, () => readBodies(state.dir, entry.body as BodyRef), parsed.diagnostics);
}

function setPayload(state: CacheState, key: string, payload: CachedPayload): void {
  const entry = state.fresh[key];
  if (!entry) return;
  if (entry.payload?.sourceHash === payload.sourceHash && entry.payload.payloadHash === payload.payloadHash)
    return;
  entry.payload = payload;
  state.changed = true;
}

function saveCache(state: CacheState): void {
  const { pack, dir, fresh } = state;
  if (pack.fd !== undefined) closeSync(pack.fd);
  pack.fd = undefined;
  const dropped = Object.keys(state.entries).some((key) => !fresh[key]);
  if (!pack.writable || (!state.changed && !dropped)) return;
  try {
    compactPacks(dir, fresh, `bodies-${process.pid}-${Date.now().toString(36)}-c.pack`);
  } catch {
    // A pack went missing (another run cleaned up): keep the packs as they are; entries without one re-render.
  }
  if (saveIndex(state.file, { version: CACHE_VERSION, context: state.context, entries: fresh }))
    removeUnusedPacks(dir, fresh);
}

/** Writes the index; a cache that cannot be saved (read-only or full disk) is simply not kept. */
function saveIndex(file: string, index: object): boolean {
  try {
    writeFileAtomicSync(file, JSON.stringify(index), { durable: false });
    return true;
  } catch {
    return false;
  }
}

/** Where a document's bodies are: pack file (in the cache folder), byte offset, byte length. */
type BodyRef = [pack: string, offset: number, length: number];

function readRange(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, offset + read);
      if (n === 0) throw new Error(`${path.basename(file)} is shorter than expected`);
      read += n;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/**
 * When most of the packs' bytes belong to bodies no entry uses any more (documents edited or deleted since), or
 * the bodies are spread over many packs, the bodies still in use are copied into one new pack.
 */
function compactPacks(dir: string, entries: Record<string, IndexEntry>, target: string): void {
  const live = Object.values(entries).filter((e): e is IndexEntry & { body: BodyRef } => Boolean(e.body));
  const liveBytes = live.reduce((sum, e) => sum + e.body[2], 0);
  const packs = new Set(live.map((e) => e.body[0]));
  let total = 0;
  for (const pack of packs) total += statSync(path.join(dir, pack), { throwIfNoEntry: false })?.size ?? 0;
  if (total <= 2 * liveBytes && packs.size <= 8) return;
  const fd = openSync(path.join(dir, target), 'w');
  try {
    let offset = 0;
    live.sort((a, b) => (a.body[0] < b.body[0] ? -1 : a.body[0] > b.body[0] ? 1 : a.body[1] - b.body[1]));
    for (const entry of live) {
      const [pack, from, length] = entry.body;
      writeSync(fd, readRange(path.join(dir, pack), from, length));
      entry.body = [target, offset, length];
      offset += length;
    }
  } finally {
    closeSync(fd);
  }
}

/** Packs no entry points into any more, and the one-file-per-body folder of an older cache version. */
function removeUnusedPacks(dir: string, entries: Record<string, IndexEntry>): void {
  const used = new Set(Object.values(entries).map((e) => e.body?.[0]));
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.pack') && !used.has(name)) rmSync(path.join(dir, name), { force: true });
  }
  rmSync(path.join(dir, 'bodies'), { recursive: true, force: true });
}

/** A parse whose bodies are read from the cache on demand. */
function withLazyBodies(
  skeleton: ParsedSkeleton,
  load: () => Record<string, string>,
  diagnostics: ParsedDocument['diagnostics'],
): ParsedDocument {
  const contents: Record<string, DesiredContent> = {};
  for (const language in skeleton.document.contents) {
    const rest = skeleton.document.contents[language] as Omit<DesiredContent, 'loadBody'>;
    // Read from the pack each time it is asked for: nothing is kept in memory.
    contents[language] = { ...rest, loadBody: () => load()[language] ?? '' };
  }
  const { document } = skeleton;
  return {
    attachmentSites: skeleton.attachmentSites as AttachmentSite[],
    document: {
      kind: document.kind,
      key: document.key,
      files: document.files,
      fields: document.fields,
      contents,
      links: document.links,
      previously: document.previously,
    },
    diagnostics,
  };
}
