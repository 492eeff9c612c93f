import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AttachmentSite, ParsedDocument } from './documents.js';
import type { DesiredContent } from './model.js';

/**
 * A local cache of parsed documents (`.oc-sync/cache/`, not committed): rendering Markdown is by far the most
 * expensive part of reading content/, and most files do not change between runs. An entry is reused only when the
 * document's files, the YAML lists, the languages and the time zone are all byte-for-byte the same — and only for
 * documents that had no problems, so `validate` still reports everything.
 *
 * The cache is split so that a large help center costs little when nothing changed: `content.json` is a small
 * index (fields, titles, links, the hash of each document's view), and the rendered bodies live one file per
 * document under `bodies/`, read only when something asks for a body. A document from the cache (or written to
 * it) carries its bodies as getters: a plan that does not look at a body never loads it, and a cold run does not
 * keep ten thousand rendered bodies in memory.
 */

const CACHE_VERSION = 2;

type ParsedSkeleton = Omit<ParsedDocument, 'document' | 'diagnostics'> & {
  document: Omit<ParsedDocument['document'], 'contents'> & {
    contents: Record<string, Omit<DesiredContent, 'html'>>;
  };
};

/** The hash of a document's view, for the source it was computed from. */
export interface CachedPayload {
  sourceHash: string;
  payloadHash: string;
}

interface IndexEntry {
  /** Hash of everything the parse depended on; also names the bodies file. */
  input: string;
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
  save: async () => {},
};

export async function openRenderCache(file: string, context: string): Promise<RenderCache> {
  const bodiesDir = path.join(path.dirname(file), 'bodies');
  let entries: Record<string, IndexEntry> = {};
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      version: number;
      context: string;
      entries: Record<string, IndexEntry>;
    };
    // A cache from another version or another config is simply not used.
    if (data.version === CACHE_VERSION && data.context === context) entries = data.entries;
  } catch {
    // Missing or damaged: start empty.
  }
  const fresh: Record<string, IndexEntry> = {};
  let changed = false;
  const madeDirs = new Set<string>();

  const bodiesFile = (input: string) => path.join(bodiesDir, input.slice(0, 2), `${input}.json`);
  const readBodies = (input: string): Record<string, string> => {
    try {
      return JSON.parse(readFileSync(bodiesFile(input), 'utf8'));
    } catch (error) {
      throw new Error(
        `the content cache ${path.dirname(file)} changed while oc-sync was reading it (${(error as Error).message}); run the command again`,
      );
    }
  };
  const writeBodies = (input: string, bodies: Record<string, string>) => {
    const target = bodiesFile(input);
    const dir = path.dirname(target);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(bodies));
    renameSync(temporary, target);
  };

  return {
    get(key, input) {
      const entry = entries[key];
      if (entry?.input !== input) return undefined;
      fresh[key] = entry;
      return {
        parsed: withLazyBodies(entry.parsed, () => readBodies(input), []),
        payload: entry.payload,
      };
    },
    set(key, input, parsed) {
      const bodies: Record<string, string> = {};
      const contents: Record<string, Omit<DesiredContent, 'html'>> = {};
      for (const [language, content] of Object.entries(parsed.document.contents)) {
        bodies[language] = content.html;
        contents[language] = { title: content.title, attachments: content.attachments };
      }
      writeBodies(input, bodies);
      const skeleton: ParsedSkeleton = {
        attachmentSites: parsed.attachmentSites,
        document: { ...parsed.document, contents },
      };
      fresh[key] = { input, parsed: skeleton };
      changed = true;
      return withLazyBodies(skeleton, () => readBodies(input), parsed.diagnostics);
    },
    setPayload(key, payload) {
      const entry = fresh[key];
      if (!entry) return;
      if (
        entry.payload?.sourceHash === payload.sourceHash &&
        entry.payload.payloadHash === payload.payloadHash
      )
        return;
      fresh[key] = { ...entry, payload };
      changed = true;
    },
    async save() {
      // Entries (and bodies) of documents that are gone or changed are dropped.
      const kept = new Set(Object.values(fresh).map((e) => e.input));
      const dropped = Object.values(entries).filter((e) => !kept.has(e.input));
      if (!changed && dropped.length === 0) return;
      mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ version: CACHE_VERSION, context, entries: fresh }));
      renameSync(temporary, file);
      for (const entry of dropped) rmSync(bodiesFile(entry.input), { force: true });
      if (Object.keys(entries).length === 0) removeStrayBodies(bodiesDir, kept);
    },
  };
}

/**
 * A language version whose body is read from the cache each time it is asked for (nothing is kept in memory).
 * `html` is a getter, so it is not an own property: `toJSON` gives the plain form.
 */
class CachedContent implements DesiredContent {
  constructor(
    public title: string,
    public attachments: string[],
    private readonly language: string,
    private readonly load: () => Record<string, string>,
  ) {}

  get html(): string {
    return this.load()[this.language] ?? '';
  }

  toJSON(): DesiredContent {
    return { title: this.title, html: this.html, attachments: this.attachments };
  }
}

/** A parse whose bodies are read from the cache on demand. */
function withLazyBodies(
  skeleton: ParsedSkeleton,
  load: () => Record<string, string>,
  diagnostics: ParsedDocument['diagnostics'],
): ParsedDocument {
  const contents: Record<string, DesiredContent> = {};
  for (const language in skeleton.document.contents) {
    const content = skeleton.document.contents[language] as Omit<DesiredContent, 'html'>;
    contents[language] = new CachedContent(content.title, content.attachments, language, load);
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

/** After a cache from another version or config was replaced: bodies nobody refers to any more go. */
function removeStrayBodies(bodiesDir: string, kept: ReadonlySet<string>): void {
  let shards: string[];
  try {
    shards = readdirSync(bodiesDir);
  } catch {
    return;
  }
  for (const shard of shards) {
    for (const name of readdirSync(path.join(bodiesDir, shard))) {
      if (!kept.has(name.replace(/\.json$/, ''))) rmSync(path.join(bodiesDir, shard, name), { force: true });
    }
  }
}
