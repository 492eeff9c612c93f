import type { Hash } from 'node:crypto';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { AttachmentHash } from './attachment-index.js';
import type { DesiredDocument } from './desired-state.js';
import type { DocumentGroup, GroupedFile, OrphanTranslation } from './document-groups.js';
import type { ParsedDocument } from './documents.js';
import type { ContentTree } from './files.js';
import type { parseList } from './lists.js';
import type { CachedPayload, RenderCache } from './render-cache.js';

/**
 * What a long-running reader of content/ (the preview server) keeps between reads, so that a read after a save
 * touches only what changed: the walk, each file's bytes, the lists' parses, the groups, each attachment's hash,
 * each document's parse and hashes, and the render cache, open. The reader (`readContent` with `memory`) still
 * runs every step over every document — keys, links, duplicates, attachments are checked across the whole tree as
 * in a fresh read — but takes from here what the files it was not told about would give again. The watcher says
 * which files changed (`forgetChanged`); anything it cannot place (a folder added or removed) walks the tree again.
 */

export interface ContentMemory {
  /** The last walk; undefined once a file or folder was added or removed. */
  tree?: ContentTree;
  /** The groups made of `tree`, for the languages they were made with. */
  grouped?: RememberedGroups;
  /** `readBytes` answers by absolute path. */
  files: Map<string, FileRead>;
  /** Each list's parse, by its desired-state field, with what it was made from (file, languages, text). */
  lists: Map<string, { source: string; parsed: ReturnType<typeof parseList> }>;
  /** Attachment hashes by content-relative path. */
  attachments: Map<string, Promise<AttachmentHash>>;
  /** Each document's last parse, by key. */
  documents: Map<string, RememberedDocument>;
  /** The render cache, open across reads while its context (lists, languages, time zone) is the same. */
  cache?: { context: string; cache: RenderCache };
  /** Whether the render cache holds changes not yet written (`saveRememberedCache`). */
  unsaved: boolean;
}

export interface FileRead {
  bytes?: Buffer;
  diagnostics: Diagnostic[];
}

export interface RememberedGroups {
  tree: ContentTree;
  languages: string;
  groups: Map<string, DocumentGroup>;
  diagnostics: Diagnostic[];
  keys: Set<string>;
  /** Translations without their default-language file, and their `content/orphan-translation` findings. */
  orphans: OrphanTranslation[];
  orphaned: Diagnostic[];
  /** The documents with a default file, in key order, each with its files in language order. */
  inKeyOrder: { key: string; group: DocumentGroup; ordered: GroupedFile[] }[];
}

export interface RememberedDocument {
  /** The files' bytes it was parsed from: the very buffers `files` holds, so "unchanged" is an identity check. */
  contents: readonly Buffer[];
  /** The render cache's context it was parsed in. */
  context: string;
  /** The render cache's input hash. */
  input: string;
  parsed: ParsedDocument;
  payload?: CachedPayload;
  /** The source hash fed with the files, before the attachments' MD5s: copied for each read. */
  sourceHash: Hash;
  /** The document made last time, and the attachments' MD5s it was made with. */
  finished?: { md5s: string; document: DesiredDocument };
}

export function createContentMemory(): ContentMemory {
  return {
    files: new Map(),
    lists: new Map(),
    attachments: new Map(),
    documents: new Map(),
    unsaved: false,
  };
}

/** What the watcher saw: chokidar's event name and the absolute path. */
export interface ContentChange {
  event: string;
  path: string;
}

/**
 * Drops what the changes make stale: a changed file's bytes and hash; an added or removed file or folder also
 * drops the walk (and everything remembered under a folder).
 */
export function forgetChanged(
  memory: ContentMemory,
  contentDir: string,
  changes: readonly ContentChange[],
): void {
  for (const change of changes) {
    const abs = path.resolve(change.path);
    const rel = path.relative(contentDir, abs).split(path.sep).join('/');
    memory.files.delete(abs);
    memory.attachments.delete(rel);
    if (change.event === 'change') continue;
    memory.tree = undefined;
    if (change.event === 'addDir' || change.event === 'unlinkDir') forgetUnder(memory, abs, rel);
  }
}

function forgetUnder(memory: ContentMemory, abs: string, rel: string): void {
  const absPrefix = `${abs}${path.sep}`;
  for (const file of memory.files.keys()) if (file.startsWith(absPrefix)) memory.files.delete(file);
  for (const file of memory.attachments.keys())
    if (file.startsWith(`${rel}/`)) memory.attachments.delete(file);
}

/** Writes what the reads since the last save put in the render cache. */
export async function saveRememberedCache(memory: ContentMemory): Promise<void> {
  if (!memory.unsaved || !memory.cache) return;
  memory.unsaved = false;
  await memory.cache.cache.save();
}
