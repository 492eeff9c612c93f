import { mkdir, open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserInputError } from '../report/diagnostic.js';
import { stateWriteError } from './state-file.js';

/**
 * One apply per environment at a time: two at once would each write the state and could both create the same
 * document. The lock is a file next to the state file holding who took it; a lock whose process is gone (same
 * host) or that is older than a day (another host, which cannot be asked) is stale and taken over.
 */

const STALE_ELSEWHERE_MS = 24 * 60 * 60 * 1000;

interface LockOwner {
  pid: number;
  host: string;
  since: number;
}

export interface ApplyLock {
  release(): Promise<void>;
}

export function lockFilePath(stateFile: string): string {
  return stateFile.replace(/\.json$/, '.lock');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(owner: LockOwner, now: number): boolean {
  if (owner.host === os.hostname()) return !alive(owner.pid);
  return now - owner.since > STALE_ELSEWHERE_MS;
}

export async function acquireApplyLock(
  stateFile: string,
  environment: string,
  now = Date.now,
): Promise<ApplyLock> {
  const file = lockFilePath(stateFile);
  const me: LockOwner = { pid: process.pid, host: os.hostname(), since: now() };
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
    let created = false;
    try {
      const handle = await open(file, 'wx');
      created = true;
      try {
        await handle.writeFile(`${JSON.stringify(me)}\n`);
      } finally {
        await handle.close();
      }
      return {
        async release() {
          // A lock that cannot be removed (read-only by now) names a process that is gone: the next run takes it over.
          await rm(file, { force: true }).catch(() => undefined);
        },
      };
    } catch (error) {
      if (created) {
        await rm(file, { force: true }).catch(() => undefined);
        throw cannotWrite(error);
      }
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(error);
    }
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(await readFile(file, 'utf8')) as LockOwner;
    } catch {
      // Unreadable or half-written: its writer died before finishing it.
      owner = undefined;
    }
    if (owner && !isStale(owner, now())) {
      const message = `another apply to ${environment} is running (process ${owner.pid} on ${owner.host}, since ${new Date(owner.since).toISOString()})`;
      throw new UserInputError(message, [
        {
          file: file,
          line: 0,
          column: 0,
          severity: 'error',
          rule: 'apply/locked',
          message,
          hint: `wait for it to finish; if it is not running any more, delete ${file}`,
        },
      ]);
    }
    await rm(file, { force: true });
  }
  throw new Error(`could not take the apply lock ${file}`);
}
