import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/report/diagnostic.js';
import { acquireApplyLock, lockFilePath } from '../../src/sync/apply-lock.js';
import { makeProject } from '../support/project.js';

describe('apply lock', () => {
  const stateFileIn = (root: string) => path.join(root, '.oc-sync/state/alpha.json');

  it('lets one apply in at a time, says who holds it, and is free again once released', async () => {
    using project = makeProject({ '.oc-sync/state/.keep': '' });
    const stateFile = stateFileIn(project.root);
    const lock = await acquireApplyLock(stateFile, 'alpha');
    const owner = JSON.parse(readFileSync(lockFilePath(stateFile), 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, host: os.hostname() });

    const second = (await acquireApplyLock(stateFile, 'alpha').catch((e: unknown) => e)) as UserInputError;
    expect(second).toBeInstanceOf(UserInputError);
    expect(second.message).toContain(
      `another apply to alpha is running (process ${process.pid} on ${os.hostname()}`,
    );
    expect(second.diagnostics[0]?.hint).toContain(`delete ${lockFilePath(stateFile)}`);

    await lock.release();
    expect(existsSync(lockFilePath(stateFile))).toBe(false);
    await (await acquireApplyLock(stateFile, 'alpha')).release();
  });

  it('works in a project that has no state folder yet', async () => {
    using project = makeProject({});
    await (await acquireApplyLock(stateFileIn(project.root), 'alpha')).release();
  });

  it('takes over a lock whose process is gone', async () => {
    using project = makeProject({ '.oc-sync/state/.keep': '' });
    const stateFile = stateFileIn(project.root);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(
      lockFilePath(stateFile),
      JSON.stringify({ pid: Number(gone.stdout), host: os.hostname(), since: Date.now() }),
    );
    const lock = await acquireApplyLock(stateFile, 'alpha');
    expect(JSON.parse(readFileSync(lockFilePath(stateFile), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a half-written lock, and one from another host only after a day', async () => {
    using project = makeProject({ '.oc-sync/state/.keep': '' });
    const stateFile = stateFileIn(project.root);
    writeFileSync(lockFilePath(stateFile), '{"pid":');
    await (await acquireApplyLock(stateFile, 'alpha')).release();

    const now = Date.now();
    writeFileSync(
      lockFilePath(stateFile),
      JSON.stringify({ pid: 1, host: 'ci-runner-7', since: now - 60_000 }),
    );
    await expect(acquireApplyLock(stateFile, 'alpha')).rejects.toThrow(/process 1 on ci-runner-7/);
    writeFileSync(
      lockFilePath(stateFile),
      JSON.stringify({ pid: 1, host: 'ci-runner-7', since: now - 25 * 3_600_000 }),
    );
    await (await acquireApplyLock(stateFile, 'alpha')).release();
  });
});
