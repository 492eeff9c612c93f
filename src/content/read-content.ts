import { createHash, type Hash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Diagnostic } from '../report/diagnostic.js';
import { attachmentIdentity } from '../resources/attachment.js';
import { resourceList } from '../resources/registry.js';
import type { ResourceDef } from '../resources/resource.js';
import { readTextBytes } from '../source/text-file.js';
import { desiredDocumentView, hashView } from './document-view.js';
import { type DocumentFile, type ParsedDocument, parseDocument } from './documents.js';
import { findContentFiles, isInside, type ListKind, toPosix } from './files.js';
import { parseCategories, parseHeadings, parseTags } from './lists.js';
import type { DesiredAttachment, DesiredDocument, DesiredState } from './model.js';
import { parseDocumentName } from './names.js';
import { type CachedPayload, inputHash, noCache, openRenderCache } from './render-cache.js';
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
  /** Told before each document that is parsed (not read from the cache), with how many documents there are. */
  onParse?: (file: string, documents: number) => void;
}

export interface ContentResult {
  state: DesiredState;
  diagnostics: Diagnostic[];
}

interface ParsedEntry {
  key: string;
  def: ResourceDef;
  parsed: ParsedDocument;
  payload?: CachedPayload;
  /** Fed the document's files so far; the attachments' MD5s follow. */
  sourceHash: Hash;
}

const documentKinds = resourceList.filter(
  (def): def is ResourceDef & { content: NonNullable<ResourceDef['content']> } => Boolean(def.content),
);

export async function readContent(options: ContentOptions): Promise<ContentResult> {
  const { projectRoot, contentDir, languages } = options;
  const diagnostics: Diagnostic[] = [];
  const state: DesiredState = {
    languages: [...languages],
    documents: [],
    categories: [],
    headings: [],
    tags: [],
    attachments: [],
  };
  const projectPath = (abs: string) => toPosix(path.relative(projectRoot, abs)) || '.';
  const contentName = projectPath(contentDir);
  // The project-relative name of a file found under content/, without asking path.relative twenty thousand times.
  const foundPath = (found: { rel: string }) =>
    contentName === '.' ? found.rel : `${contentName}/${found.rel}`;

  const folders = documentKinds.map((d) => d.content.folder);
  const tree = await findContentFiles(contentDir, folders).catch((error: NodeJS.ErrnoException) => {
    diagnostics.push({
      file: contentName,
      line: 0,
      column: 0,
      severity: 'error',
      rule: 'content/missing-folder',
      message:
        error.code === 'ENOENT'
          ? `the content folder ${contentName} does not exist`
          : `cannot read ${contentName}: ${error.message}`,
      hint: 'create it, or set content: in sync.config.yaml',
    });
    return undefined;
  });
  if (!tree) return { state, diagnostics };

  const limit = pLimit(64);
  // Synchronous reads: for thousands of small files they are several times faster than the thread pool.
  const readText = (abs: string): string | undefined => readUtf8(abs)?.toString('utf8');
  // The bytes of a valid UTF-8 file without its BOM, with its problems reported. Decoding is left for when a file
  // is parsed: for a document from the cache, hashing the bytes is all that is needed.
  const readUtf8 = (abs: string): Buffer | undefined => {
    const read = readTextBytes(abs);
    for (const p of read.problems)
      diagnostics.push({ file: projectPath(abs), ...p, rule: `content/${p.rule}` });
    return read.bytes;
  };

  for (const { file, reason } of tree.strays) {
    diagnostics.push(
      reason === 'symlink-loop'
        ? {
            file: projectPath(file.abs),
            line: 0,
            column: 0,
            severity: 'error',
            rule: 'content/symlink-loop',
            message: 'this symlink points back to a folder that contains it, and is not followed',
            hint: 'remove the symlink: every document below it would be read again under another key',
          }
        : reason === 'symlink-outside'
          ? {
              file: projectPath(file.abs),
              line: 0,
              column: 0,
              severity: 'error',
              rule: 'content/path-outside-content',
              message: 'this symlink points outside content/ and is not read',
              hint: 'copy the file into content/ instead of linking to it',
            }
          : {
              file: projectPath(file.abs),
              line: 0,
              column: 0,
              severity: 'warning',
              rule: 'content/stray-file',
              message: `not inside ${documentKinds.map((d) => `${d.content.folder}/`).join(', ')}, so it is not synced`,
              hint: 'move it into the folder of its kind, or rename it with a leading _ to silence this',
            },
    );
  }

  // Lists first: documents refer to their codes.
  const listParsers = { categories: parseCategories, headings: parseHeadings, tags: parseTags } as const;
  const listTexts: string[] = [];
  for (const kind of Object.keys(listParsers) as ListKind[]) {
    const found = tree.lists[kind];
    if (!found) continue;
    const text = readText(found.abs);
    if (text === undefined) continue;
    listTexts.push(kind, text);
    const parsed = listParsers[kind](text, { file: projectPath(found.abs), languages });
    diagnostics.push(...parsed.diagnostics);
    // biome-ignore lint/suspicious/noExplicitAny: each list goes to its own field
    (state as any)[kind] = parsed.items;
  }

  // Group files into documents by key; catch names that collide or translations without their default file.
  const groups = new Map<
    string,
    {
      def: ResourceDef;
      files: { rel: string; abs: string; file: string; language: string; isDefault: boolean }[];
    }
  >();
  const folded = new Map<string, string>();
  for (const found of tree.documents) {
    const def = documentKinds.find((d) => d.content.folder === found.rel.split('/')[0]);
    if (!def) continue;
    const name = parseDocumentName(found.rel, languages);
    const file = foundPath(found);
    if (name.unknownLanguage) {
      diagnostics.push({
        file,
        line: 0,
        column: 0,
        severity: 'error',
        rule: 'content/unknown-language',
        message: `${path.posix.basename(found.rel)} is a ${name.unknownLanguage} translation, but ${name.unknownLanguage} is not in the config languages (${languages.join(', ')})`,
        hint: `add ${name.unknownLanguage} to languages in sync.config.yaml, or rename the file`,
      });
      continue;
    }
    const other = folded.get(name.key.toLowerCase());
    if (other !== undefined && other !== name.key) {
      diagnostics.push({
        file,
        line: 0,
        column: 0,
        severity: 'error',
        rule: 'content/duplicate-key',
        message: `${name.key} and ${other} differ only in letter case`,
        hint: 'rename one: they would collide on case-insensitive file systems and in URLs',
      });
      continue;
    }
    folded.set(name.key.toLowerCase(), name.key);
    const group = groups.get(name.key) ?? { def, files: [] };
    const clash = group.files.find((f) => f.language === name.language);
    if (clash) {
      diagnostics.push({
        file,
        line: 0,
        column: 0,
        severity: 'error',
        rule: 'content/duplicate-key',
        message: `${path.posix.basename(found.rel)} and ${path.posix.basename(clash.rel)} are both the ${name.language} version of ${name.key}`,
        hint: `keep one; the default language (${languages[0]}) is written without a suffix`,
      });
      continue;
    }
    group.files.push({
      rel: found.rel,
      abs: found.abs,
      file,
      language: name.language,
      isDefault: name.isDefault,
    });
    groups.set(name.key, group);
  }

  const keys = new Set<string>();
  for (const [key, group] of groups) {
    if (group.files.some((f) => f.isDefault)) {
      keys.add(key);
      continue;
    }
    for (const f of group.files) {
      diagnostics.push({
        file: projectPath(f.abs),
        line: 0,
        column: 0,
        severity: 'error',
        rule: 'content/orphan-translation',
        message: `translation without its default-language file ${key}.md`,
        hint: `create ${path.posix.basename(key)}.md (${languages[0]}) next to it, or rename this file`,
      });
    }
  }

  const lookup = {
    languages,
    timeZone: options.timeZone,
    keys,
    categories: new Map(state.categories.map((c) => [c.code, c])),
    headings: new Map(state.headings.map((h) => [h.code, h])),
    tags: new Map(state.tags.map((t) => [t.code, t])),
    allowUnsafeHtml: options.allowUnsafeHtml,
  };

  // Everything a document's parse depends on besides its own files: reuse a cached parse only when all of it is equal.
  const allowed = JSON.stringify(options.allowUnsafeHtml ?? false);
  const context = inputHash([options.timeZone, allowed, ...languages, ...listTexts]);
  const cache = options.cacheFile ? await openRenderCache(options.cacheFile, context) : noCache;
  const parsedDocuments: ParsedEntry[] = [];
  let sinceYield = 0;
  for (const key of [...keys].sort()) {
    // Give the event loop a turn now and then: a caller may be fetching the remote lists meanwhile.
    if (++sinceYield === 200) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const group = groups.get(key) as NonNullable<ReturnType<typeof groups.get>>;
    // Default language first, then translations in config order.
    const ordered = [...group.files].sort(
      (a, b) =>
        Number(b.isDefault) - Number(a.isDefault) ||
        languages.indexOf(a.language) - languages.indexOf(b.language),
    );
    const contents = ordered.map((f) => readUtf8(f.abs));
    if (contents.some((t) => t === undefined)) continue;
    // One pass over the files' bytes gives both the cache key (the files alone) and the start of the source hash,
    // which ends with the attachments' MD5s once they are hashed. The files themselves are not kept.
    const sourceHash = createHash('sha256');
    ordered.forEach((f, i) => {
      sourceHash
        .update(f.rel)
        .update('\u0000')
        .update(contents[i] as Buffer)
        .update('\u0000');
    });
    const input = sourceHash.copy().digest('hex');
    const cached = cache.get(key, input);
    // A cached document is only reused while every document it links to still exists.
    if (cached?.parsed.document.links.every((link) => keys.has(link))) {
      parsedDocuments.push({
        key,
        def: group.def,
        parsed: cached.parsed,
        payload: cached.payload,
        sourceHash,
      });
      continue;
    }
    const files: DocumentFile[] = ordered.map((f, i) => ({
      rel: f.rel,
      file: f.file,
      language: f.language,
      isDefault: f.isDefault,
      text: (contents[i] as Buffer).toString('utf8'),
    }));
    const parsed = parseTelling(options, groups.size, group.def, key, files, lookup);
    parsedDocuments.push({
      key,
      def: group.def,
      parsed: parsed.diagnostics.length === 0 ? cache.set(key, input, parsed) : parsed,
      sourceHash,
    });
  }

  // Attachments: every referenced file must exist inside content/; each is hashed once.
  const hashes = new Map<string, Promise<{ md5: string; size: number } | string>>();
  const hashFile = (rel: string) => {
    let pending = hashes.get(rel);
    if (!pending) {
      pending = limit(async () => {
        const abs = path.join(contentDir, ...rel.split('/'));
        try {
          const real = await realpath(abs);
          if (!isInside(tree.realRoot, real)) return 'points outside content/ through a symlink';
          if (!(await stat(real)).isFile()) return 'is not a file';
          const bytes = await readFile(real);
          return { md5: createHash('md5').update(bytes).digest('hex'), size: bytes.length };
        } catch (error) {
          return (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'does not exist'
            : (error as Error).message;
        }
      });
      hashes.set(rel, pending);
    }
    return pending;
  };

  const attachments = new Map<string, DesiredAttachment>();
  const md5ByPath = new Map<string, string>();
  const identityByPath = new Map<string, string>();
  for (const { key, def, parsed, payload, sourceHash: hash } of parsedDocuments) {
    diagnostics.push(...parsed.diagnostics);
    const md5s: string[] = [];
    let missing = false;
    for (const site of parsed.attachmentSites) {
      const hashed = await hashFile(site.path);
      if (typeof hashed === 'string') {
        missing = true;
        diagnostics.push({
          file: site.file,
          line: site.line,
          column: site.column,
          severity: 'error',
          rule: hashed.includes('outside') ? 'content/path-outside-content' : 'content/missing-attachment',
          message: `attachment ${site.path} ${hashed}`,
          hint: hashed.includes('outside')
            ? 'check the path: it is relative to this file'
            : 'check the path: it is relative to this file; a web URL relative to the page is written web:, e.g. [guide](web:../guide)',
        });
        continue;
      }
      md5s.push(`${site.path}\u0000${hashed.md5}`);
      const fileName = path.posix.basename(site.path);
      const identity = attachmentIdentity(hashed.md5, fileName);
      md5ByPath.set(site.path, hashed.md5);
      identityByPath.set(site.path, identity);
      const store = def.content?.attachmentStore ?? 'notice';
      attachments.set(`${store}\u0000${site.path}`, {
        path: site.path,
        store,
        md5: hashed.md5,
        size: hashed.size,
        fileName,
        identity,
      });
    }
    if (missing) continue;
    for (const m of [...new Set(md5s)].sort()) hash.update(`${m}\u0000`);
    const sourceHash = hash.digest('hex');
    // The view's hashes are known from the cache while the source is the same; otherwise they are made once here.
    const hashes =
      payload?.sourceHash === sourceHash
        ? payload
        : payloadHashes(parsed.document, sourceHash, { identityByPath, md5ByPath }, languages);
    cache.setPayload(key, hashes);
    state.documents.push({ ...parsed.document, ...hashes } satisfies DesiredDocument);
  }
  await cache.save();
  state.attachments = [...attachments.values()].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.store < b.store ? -1 : 1,
  );
  diagnostics.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
  );
  return { state, diagnostics };
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
