import { lstat, mkdir, readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../content/files.js';
import { relativePathProblem } from '../content/names.js';
import { type UserInputError, userError } from '../diagnostics/diagnostic.js';
import { describeWriteFailure } from '../sync/state-file.js';
import { writeFileAtomic } from '../system/atomic-write.js';

/**
 * Every file pull writes or removes goes through one writer (issue 14, cases 5 and 6): nothing lands outside the
 * content folder, nothing is written through a symbolic link, names come from the state and the service and are
 * checked as paths, each file is replaced atomically, and a document is on disk whole or not at all.
 */

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface ContentWriter {
  /**
   * Writes a file only when its bytes change, so an unchanged pull leaves files (and their mtimes) alone. `owner`
   * names what the file is for (`FAQ faq/refund (id 12)`), for the error.
   */
  write(rel: string, content: string | Uint8Array, owner?: string): Promise<WriteOutcome>;
  /**
   * One document's files. When one of them fails, the files this call created are removed again before the error
   * goes on, so the next pull gives the document the same name instead of a `-2` one beside a half-written copy.
   */
  writeDocument(files: ReadonlyMap<string, string>, owner: string): Promise<WriteOutcome[]>;
  remove(rel: string, owner?: string): Promise<void>;
}

/** A writer for one pull into `root`; folders it has checked are remembered for the run. */
export function openContentWriter(root: string): ContentWriter {
  const checkedFolders = new Set<string>();
  let realRoot: Promise<string> | undefined;
  const resolve = async (rel: string, owner?: string): Promise<string> => {
    const problem = relativePathProblem(rel);
    if (problem) throw refused(root, rel, owner, problem);
    const abs = path.join(root, ...rel.split('/'));
    if (!isInside(root, abs)) throw refused(root, rel, owner, 'it is outside the content folder');
    realRoot ??= mkdir(root, { recursive: true }).then(() => realpath(root));
    await checkFolder(root, path.dirname(abs), await realRoot, checkedFolders, (reason) =>
      refused(root, rel, owner, reason),
    );
    const stat = await lstat(abs).catch(() => undefined);
    if (stat?.isSymbolicLink())
      throw refused(root, rel, owner, 'it is a symbolic link, and pull never writes through one');
    if (stat?.isDirectory()) throw refused(root, rel, owner, 'a folder has that name');
    return abs;
  };
  const write: ContentWriter['write'] = async (rel, content, owner) => {
    const abs = await resolve(rel, owner);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const existing = await readFile(abs).catch(() => undefined);
    if (existing?.equals(bytes)) return 'unchanged';
    await replaceFile(abs, bytes).catch((error: unknown) => {
      throw writeFailed(root, rel, owner, error);
    });
    return existing ? 'updated' : 'created';
  };
  const remove: ContentWriter['remove'] = async (rel, owner) => {
    await rm(await resolve(rel, owner), { force: true });
  };
  return {
    write,
    remove,
    async writeDocument(files, owner) {
      const rels = [...files.keys()];
      const settled = await Promise.allSettled(
        rels.map((rel) => write(rel, files.get(rel) as string, owner)),
      );
      const failed = settled.find((result) => result.status === 'rejected');
      if (!failed) return settled.map((result) => (result as PromiseFulfilledResult<WriteOutcome>).value);
      await Promise.all(
        settled.map((result, index) =>
          result.status === 'fulfilled' && result.value === 'created'
            ? remove(rels[index] as string, owner).catch(() => undefined)
            : undefined,
        ),
      );
      throw failed.reason;
    },
  };
}

/**
 * The nearest existing folder of `folder` must really be inside the root: no folder on the way is a link out.
 * Folders below it do not exist yet and are made by `mkdir`, so they are real folders.
 */
async function checkFolder(
  root: string,
  folder: string,
  realRoot: string,
  checked: Set<string>,
  refuse: (reason: string) => Error,
): Promise<void> {
  if (checked.has(folder)) return;
  let existing = folder;
  while (!(await lstat(existing).catch(() => undefined))) existing = path.dirname(existing);
  if (!isInside(realRoot, await realpath(existing)))
    throw refuse(
      `the folder ${path.relative(root, existing)} is a link to a place outside the content folder`,
    );
  checked.add(folder);
}

/**
 * Atomically (`writeFileAtomic`; not synced, as git and the next pull have the file): a full disk or a kill leaves
 * the old file or the new one, never a part of one that the next pull would take for someone else's file.
 */
async function replaceFile(abs: string, bytes: Buffer): Promise<void> {
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFileAtomic(abs, bytes, { durable: false });
}

function displayOf(root: string, rel: string): string {
  return path.relative(process.cwd(), path.resolve(root, rel)) || rel;
}

function refused(root: string, rel: string, owner: string | undefined, reason: string): UserInputError {
  const display = displayOf(root, rel);
  const message = `pull refused to write ${JSON.stringify(display)}${owner ? ` for ${owner}` : ''}: ${reason}`;
  return userError(message, display, 'pull/unsafe-path', {
    hint: 'nothing was written there; a link in the content folder: remove it or replace it with the file itself; a name from the state file: fix that entry, or move the state away and run `oc-sync pull --adopt`',
  });
}

function writeFailed(root: string, rel: string, owner: string | undefined, cause: unknown): UserInputError {
  const display = displayOf(root, rel);
  const message = `could not write ${display}${owner ? ` for ${owner}` : ''}: ${describeWriteFailure(cause)}`;
  const error = userError(message, display, 'pull/write-failed', {
    hint: 'free disk space or make the folder writable, then pull again: the documents written so far are recorded in the state, and the next pull continues with the rest (no second copies)',
  });
  error.cause = cause;
  return error;
}
