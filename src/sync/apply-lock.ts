import { mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserInputError } from '../diagnostics/diagnostic.js';
import { writeFileAtomic } from '../system/atomic-write.js';
import { isProcessAlive } from '../system/process-alive.js';
import { stateWriteError } from './state-file.js';

/**
 * One apply per environment at a time: two at once would each write the state and could both create the same
 * document. The lock is a file next to the state file holding who took it and a heartbeat the holder refreshes
 * while it runs. A lock is stale, and taken over, when its process is gone (same host, where that can be asked) or
 * its heartbeat stopped (another host: a cancelled CI job, or a lock committed to git by mistake).
 */

/** How often a running apply says it is alive. */
export const HEARTBEAT_MS = 20_000;
/** A lock whose heartbeat is older than this belongs to an apply that stopped. */
export const STALE_ELSEWHERE_MS = 2 * 60_000;

interface LockOwner {
  pid: number;
  host: string;
  since: number;
  /** Last refresh by the holder; locks written before heartbeats existed have only `since`. */
  heartbeat?: number;
}

export interface ApplyLock {
  release(): Promise<void>;
}

export interface ApplyLockOptions {
  now?: () => number;
  heartbeatMs?: number;
}

export function lockFilePath(stateFile: string): string {
  return stateFile.replace(/\.json$/, '.lock');
}

function lastSeen(owner: LockOwner): number {
  return owner.heartbeat ?? owner.since;
}

function isStale(owner: LockOwner, now: number): boolean {
  const silent = now - lastSeen(owner) > STALE_ELSEWHERE_MS;
  if (owner.host !== os.hostname()) return silent;
  // Same host: a dead pid settles it; a live one with a stopped heartbeat is another process that got the pid
  // (a self-hosted runner checking out a lock committed days ago).
  return !isProcessAlive(owner.pid) || (owner.heartbeat !== undefined && silent);
}

export async function acquireApplyLock(
  stateFile: string,
  environment: string,
  options: ApplyLockOptions = {},
): Promise<ApplyLock> {
  const now = options.now ?? Date.now;
  const file = lockFilePath(stateFile);
  const me: LockOwner = { pid: process.pid, host: os.hostname(), since: now() };
  me.heartbeat = me.since;
  const cannotWrite = (error: unknown) =>
    stateWriteError(
      file,
      error,
      'lock',
      `free disk space or make ${path.dirname(path.relative(process.cwd(), file) || file)} writable, then run apply again; nothing was changed`,
    );
  await mkdir(path.dirname(file), { recursive: true }).catch((error: unknown) => {
    throw cannotWrite(error);
  });
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createLockFile(file, me, cannotWrite)) {
      return heldLock(file, me, now, options.heartbeatMs ?? HEARTBEAT_MS);
    }
    const owner = await readOwner(file);
    if (owner && !isStale(owner, now())) throw lockedError(file, environment, owner, now());
    await rm(file, { force: true });
  }
  throw new Error(`could not take the apply lock ${file}`);
}

/** True when this process created the lock file; false when it exists already. */
async function createLockFile(
  file: string,
  me: LockOwner,
  cannotWrite: (error: unknown) => Error,
): Promise<boolean> {
  try {
    await writeFileAtomic(file, `${JSON.stringify(me)}\n`, { exclusive: true });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(error);
    return false;
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockOwner;
  } catch {
    // Unreadable or half-written: its writer died before finishing it (refreshes are atomic renames).
    return undefined;
  }
}

/** The lock while held: its heartbeat refreshed in the background, and removed on release. */
function heldLock(file: string, me: LockOwner, now: () => number, heartbeatMs: number): ApplyLock {
  let released = false;
  let refreshing: Promise<void> = Promise.resolve();
  const refresh = async () => {
    // Released meanwhile: writing now would bring back a lock nobody holds.
    if (released) return;
    // A missed heartbeat only makes the lock look older; the next one may succeed.
    await writeFileAtomic(file, `${JSON.stringify({ ...me, heartbeat: now() })}\n`).catch(() => undefined);
  };
  const timer = setInterval(() => {
    refreshing = refreshing.then(refresh);
  }, heartbeatMs);
  // The heartbeat must never keep a finished process alive.
  timer.unref();
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await refreshing;
      // A lock that cannot be removed (read-only by now) names a process that is gone: the next run takes it over.
      await rm(file, { force: true }).catch(() => undefined);
    },
  };
}

function lockedError(file: string, environment: string, owner: LockOwner, now: number): UserInputError {
  const seconds = Math.max(0, Math.round((now - lastSeen(owner)) / 1000));
  const message = `another apply to ${environment} is running (process ${owner.pid} on ${owner.host}, since ${new Date(owner.since).toISOString()}, last heartbeat ${seconds} s ago)`;
  const sameHost = owner.host === os.hostname();
  const hint = sameHost
    ? `wait for it to finish; if it is not running any more, delete ${file}`
    : `wait for it to finish; a lock from another host is taken over ${STALE_ELSEWHERE_MS / 60_000} minutes after its last heartbeat, or delete ${file} if that apply surely stopped`;
  return new UserInputError(message, [
    { file, line: 0, column: 0, severity: 'error', rule: 'apply/locked', message, hint },
  ]);
}
