import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../content/files.js';
import type { DesiredState } from '../content/model.js';
import { relativePathProblem } from '../content/names.js';
import { readContent } from '../content/read-content.js';
import type { UnsafeHtmlAllowance } from '../content/unsafe-html.js';
import { type Diagnostic, UserInputError } from '../report/diagnostic.js';
import { describeWriteFailure } from '../sync/state-file.js';

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
    // A link holds its name: pull never writes through it, so the name counts as taken.
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
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
  // Through a temporary file and a rename: a full disk or a kill leaves the old file or the new one, never a part
  // of one that the next pull would take for someone else's file. The short name fits next to any long one.
  const temporary = path.join(path.dirname(abs), `.oc-sync-${process.pid}-${++sequence}.tmp`);
  try {
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(temporary, bytes);
    await rename(temporary, abs);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw contentWriteError(root, rel, owner, error);
  }
  return existing ? 'updated' : 'created';
}

let sequence = 0;

function contentWriteError(root: string, rel: string, owner: string | undefined, cause: unknown): UserInputError {
  const display = path.relative(process.cwd(), path.resolve(root, rel)) || rel;
  const message = `could not write ${display}${owner ? ` for ${owner}` : ''}: ${describeWriteFailure(cause)}`;
  const error = new UserInputError(message, [
    {
      file: display,
      line: 0,
      column: 0,
      severity: 'error',
      rule: 'pull/write-failed',
      message,
      hint: 'free disk space or make the folder writable, then pull again: the documents written so far are recorded in the state, and the next pull continues with the rest (no second copies)',
    },
  ]);
  error.cause = cause;
  return error;
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

/**
 * Writes one document's files. When one of them fails, the files this call created are removed again before the
 * error goes on: a document is on disk whole (and then recorded) or not at all, so the next pull gives it the same
 * name instead of a `-2` one beside a half-written copy.
 */
export async function writeDocumentFiles(
  root: string,
  files: ReadonlyMap<string, string>,
  owner: string,
): Promise<WriteOutcome[]> {
  const settled = await Promise.allSettled(
    [...files].map(([rel, text]) => writeIfChanged(root, rel, text, owner)),
  );
  const failed = settled.find((result) => result.status === 'rejected');
  if (!failed) return settled.map((result) => (result as PromiseFulfilledResult<WriteOutcome>).value);
  const rels = [...files.keys()];
  await Promise.all(
    settled.map((result, index) =>
      result.status === 'fulfilled' && result.value === 'created'
        ? removeFile(root, rels[index] as string, owner).catch(() => undefined)
        : undefined,
    ),
  );
  throw failed.reason;
}
