import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../content/files.js';
import type { DesiredState } from '../content/model.js';
import { relativePathProblem } from '../content/names.js';
import { readContent } from '../content/read-content.js';
import type { UnsafeHtmlAllowance } from '../content/unsafe-html.js';
import { type Diagnostic, UserInputError } from '../report/diagnostic.js';

/**
 * What is already in the folder a pull writes into: every file (to never write over one the pull does not own),
 * and the content as the reader sees it (to tell documents edited since the last sync from untouched ones).
 */

export interface LocalContent {
  desired: DesiredState;
  diagnostics: Diagnostic[];
  /** Content-relative paths (`/` separators) of every file, folders starting with `.` left out. */
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
  const files = await listFiles(location.contentDir);
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

export async function listFiles(root: string): Promise<Set<string>> {
  const found = new Set<string>();
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const rel = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (rel.split('/').some((part) => part.startsWith('.'))) continue;
    found.add(rel);
  }
  return found;
}

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Writes a file only when its bytes change, so an unchanged pull leaves files (and their mtimes) alone. Every file
 * pull writes goes through here, and through `contentFile`: nothing is written outside `root` or through a link.
 * `owner` names what the file is for (`FAQ faq/refund (id 12)`), for the error.
 */
export async function writeIfChanged(
  root: string,
  rel: string,
  content: string | Uint8Array,
  owner?: string,
): Promise<WriteOutcome> {
  const abs = await contentFile(root, rel, owner);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const existing = await readFile(abs).catch(() => undefined);
  if (existing?.equals(bytes)) return 'unchanged';
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, bytes);
  return existing ? 'updated' : 'created';
}

export async function removeFile(root: string, rel: string, owner?: string): Promise<void> {
  await rm(await contentFile(root, rel, owner), { force: true });
}

/**
 * The absolute path of `rel` under `root`, once it is known to stay there: a plain relative path (no `..`, control
 * characters, backslashes or over-long names), not a symbolic link, and no folder on the way a link that leads out
 * of `root`. Otherwise a `UserInputError` naming the file, the reason and `owner`.
 */
export async function contentFile(root: string, rel: string, owner?: string): Promise<string> {
  const refuse = (reason: string): never => {
    const display = path.relative(process.cwd(), path.resolve(root, rel)) || rel;
    const message = `pull refused to write ${JSON.stringify(display)}${owner ? ` for ${owner}` : ''}: ${reason}`;
    throw new UserInputError(message, [
      {
        file: display,
        line: 0,
        column: 0,
        severity: 'error',
        rule: 'pull/unsafe-path',
        message,
        hint: 'nothing was written there; a link in the content folder: remove it or replace it with the file itself; a name from the state file: fix that entry, or move the state away and run `oc-sync pull --adopt`',
      },
    ]);
  };
  const problem = relativePathProblem(rel);
  if (problem) refuse(problem);
  const abs = path.join(root, ...rel.split('/'));
  if (!isInside(root, abs)) refuse('it is outside the content folder');
  await mkdir(root, { recursive: true });
  const realRoot = await realpath(root);
  let folder = path.dirname(abs);
  while (!(await lstat(folder).catch(() => undefined))) folder = path.dirname(folder);
  if (!isInside(realRoot, await realpath(folder)))
    refuse(`the folder ${path.relative(root, folder)} is a link to a place outside the content folder`);
  const stat = await lstat(abs).catch(() => undefined);
  if (stat?.isSymbolicLink()) refuse('it is a symbolic link, and pull never writes through one');
  if (stat?.isDirectory()) refuse('a folder has that name');
  return abs;
}

export async function md5OfFile(root: string, rel: string): Promise<string | undefined> {
  const bytes = await readFile(path.join(root, ...rel.split('/'))).catch(() => undefined);
  return bytes ? md5(bytes) : undefined;
}

export function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}
