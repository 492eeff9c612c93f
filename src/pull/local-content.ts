import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DesiredState } from '../content/model.js';
import { readContent } from '../content/read-content.js';
import type { UnsafeHtmlAllowance } from '../content/unsafe-html.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * What is already in the folder a pull writes into: every file (to never write over one the pull does not own),
 * and the content as the reader sees it (to tell documents edited since the last sync from untouched ones).
 */

export interface LocalContent {
  desired: DesiredState;
  diagnostics: Diagnostic[];
  /** Content-relative paths (`/` separators) of every file and link, folders starting with `.` left out. */
  files: Set<string>;
}

export interface ContentLocation {
  contentDir: string;
  projectRoot: string;
  languages: readonly string[];
  timeZone: string;
  /** The render cache to read through (bodies then stay on disk until asked for). */
  cacheFile?: string;
  /** Config `allowUnsafeHtml`, so what the config allows is not reported. */
  allowUnsafeHtml?: UnsafeHtmlAllowance;
}

export async function readLocalContent(location: ContentLocation): Promise<LocalContent> {
  const files = await filesUnder(location.contentDir);
  const empty: DesiredState = {
    languages: [...location.languages],
    documents: [],
    categories: [],
    headings: [],
    tags: [],
    attachments: [],
  };
  if (files.size === 0) return { desired: empty, diagnostics: [], files };
  const { state, diagnostics } = await readContent({
    projectRoot: location.projectRoot,
    contentDir: location.contentDir,
    languages: location.languages,
    timeZone: location.timeZone,
    cacheFile: location.cacheFile,
    allowUnsafeHtml: location.allowUnsafeHtml,
  });
  return { desired: state, diagnostics, files };
}

/**
 * Every file and link under `root` (links not followed), as `/`-separated relative paths; names starting with `.`
 * and everything below them left out. Not `findContentFiles` (content/files.ts), which finds documents and lists for the
 * reader: this is every name a pull must not write over.
 */
export async function filesUnder(root: string): Promise<Set<string>> {
  const found = new Set<string>();
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw error;
  }
  for (const entry of entries) {
    // A link holds its name: pull never writes through it, so the name counts as taken.
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const rel = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (rel.split('/').some((part) => part.startsWith('.'))) continue;
    found.add(rel);
  }
  return found;
}

export async function md5OfFile(root: string, rel: string): Promise<string | undefined> {
  const bytes = await readFile(path.join(root, ...rel.split('/'))).catch(() => undefined);
  return bytes ? md5(bytes) : undefined;
}

export function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}
