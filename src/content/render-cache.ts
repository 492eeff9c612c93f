import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ParsedDocument } from './documents.js';

/**
 * A local cache of parsed documents (`.oc-sync/cache/content.json`, not committed): rendering Markdown is by far the
 * most expensive part of reading content/, and most files do not change between runs. An entry is reused only when
 * the document's files, the YAML lists, the languages and the time zone are all byte-for-byte the same — and only
 * for documents that had no problems, so `validate` still reports everything.
 */

const CACHE_VERSION = 1;

export interface CachedDocument {
  /** Hash of everything the parse depended on. */
  input: string;
  parsed: ParsedDocument;
}

export interface RenderCache {
  get(key: string, input: string): ParsedDocument | undefined;
  set(key: string, input: string, parsed: ParsedDocument): void;
  save(): Promise<void>;
}

export function inputHash(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** A cache that remembers nothing: the default for library callers. */
export const noCache: RenderCache = { get: () => undefined, set: () => {}, save: async () => {} };

export async function openRenderCache(file: string, context: string): Promise<RenderCache> {
  let entries: Record<string, CachedDocument> = {};
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as {
      version: number;
      context: string;
      entries: Record<string, CachedDocument>;
    };
    // A cache from another version or another config is simply not used.
    if (data.version === CACHE_VERSION && data.context === context) entries = data.entries;
  } catch {
    // Missing or damaged: start empty.
  }
  const fresh: Record<string, CachedDocument> = {};
  let changed = false;
  return {
    get(key, input) {
      const entry = entries[key];
      if (entry?.input !== input) return undefined;
      fresh[key] = entry;
      return entry.parsed;
    },
    set(key, input, parsed) {
      fresh[key] = { input, parsed };
      changed = true;
    },
    async save() {
      // Entries of documents that are gone are dropped.
      if (!changed && Object.keys(fresh).length === Object.keys(entries).length) return;
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify({ version: CACHE_VERSION, context, entries: fresh }));
      await rename(temporary, file);
    },
  };
}
