import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * The one atomic file write (the state and plan files, pull's content files, the render cache's index, the
 * emulator's snapshot and attachments, the apply lock's heartbeat; the two locks use its exclusive form): the bytes
 * go to a temporary file in the same folder, are synced to the disk, and the temporary file is renamed over the
 * target. A crash, a kill or a full disk leaves the old file or the new one, whole, never a part of one; on any
 * failure the temporary file is removed again.
 *
 * Never through a link: the temporary file is created exclusively (`wx`, which does not follow a link either), and
 * a rename replaces a link at the target instead of writing where it points.
 */
export interface AtomicWriteOptions {
  /**
   * Create the file only if it does not exist (the apply lock, the emulator's lock): fails with `EEXIST` otherwise.
   * Written in place (`wx`, which does not follow a link) instead of renamed, so no other file is ever made: a reader
   * may find it empty for a moment, and on failure the file is removed again.
   */
  exclusive?: boolean;
  /**
   * Sync the bytes to the disk before the rename (the default). Off for files whose loss on a power cut costs only
   * a rerun — pull's content files (git has them, the next pull writes them again) and the render cache's index —
   * where a sync per file would make pulling 2,000 documents about a quarter slower. Still whole or old after a
   * crash or kill of oc-sync itself.
   */
  durable?: boolean;
}

let sequence = 0;

/**
 * Short and hidden, so it fits next to any long file name and is skipped by the content reader and watch; `.tmp`
 * at the end, which `.gitignore` and the workflows leave out of commits.
 */
function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.oc-sync-${process.pid}-${++sequence}.tmp`);
}

const isEexist = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'EEXIST';

export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const { temporary, handle } = options.exclusive
    ? { temporary: file, handle: await open(file, 'wx') }
    : await openTemporary(file);
  try {
    try {
      await handle.writeFile(data);
      if (options.durable !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    if (temporary !== file) await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

async function openTemporary(file: string) {
  for (;;) {
    const temporary = temporaryName(file);
    try {
      return { temporary, handle: await open(temporary, 'wx') };
    } catch (error) {
      // One left by a killed process that had this pid: take the next name.
      if (!isEexist(error)) throw error;
    }
  }
}

/** The same, for synchronous callers (the emulator answers only once its data is on disk). */
export function writeFileAtomicSync(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const { temporary, fd } = options.exclusive
    ? { temporary: file, fd: openSync(file, 'wx') }
    : openTemporarySync(file);
  try {
    try {
      writeFileSync(fd, data);
      if (options.durable !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (temporary !== file) renameSync(temporary, file);
  } catch (error) {
    removeQuietly(temporary);
    throw error;
  }
}

function openTemporarySync(file: string) {
  for (;;) {
    const temporary = temporaryName(file);
    try {
      return { temporary, fd: openSync(temporary, 'wx') };
    } catch (error) {
      if (!isEexist(error)) throw error;
    }
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Best effort: the error that made us clean up is the one to report.
  }
}
