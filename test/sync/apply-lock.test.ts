import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { UserInputError } from '../../src/diagnostics/diagnostic.js';
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

  it('takes over a half-written lock, and one from another host once its heartbeat stopped', async () => {
    using project = makeProject({ '.oc-sync/state/.keep': '' });
    const stateFile = stateFileIn(project.root);
    writeFileSync(lockFilePath(stateFile), '{"pid":');
    await (await acquireApplyLock(stateFile, 'alpha')).release();

    const now = Date.now();
    const elsewhere = (owner: object) => writeFileSync(lockFilePath(stateFile), JSON.stringify(owner));
    // Running for an hour and still beating: another runner is applying.
    elsewhere({ pid: 1, host: 'ci-runner-7', since: now - 3_600_000, heartbeat: now - 30_000 });
    const refused = (await acquireApplyLock(stateFile, 'alpha').catch((e: unknown) => e)) as UserInputError;
    expect(refused.message).toMatch(/process 1 on ci-runner-7, since .*, last heartbeat 30 s ago/);
    expect(refused.diagnostics[0]?.hint).toContain('taken over 2 minutes after its last heartbeat');
    // A cancelled job's lock, committed to git: its heartbeat stopped three minutes ago, not a day.
    elsewhere({ pid: 1, host: 'ci-runner-7', since: now - 600_000, heartbeat: now - 180_000 });
    await (await acquireApplyLock(stateFile, 'alpha')).release();
    // A lock written before heartbeats existed is judged by when it was taken.
    elsewhere({ pid: 1, host: 'ci-runner-7', since: now - 180_000 });
    await (await acquireApplyLock(stateFile, 'alpha')).release();
  });

  it('takes over a lock of this host whose pid is alive but whose heartbeat stopped (the pid was reused)', async () => {
    using project = makeProject({ '.oc-sync/state/.keep': '' });
    const stateFile = stateFileIn(project.root);
    const now = Date.now();
    // process.ppid is alive: as good as any reused pid.
    const reused = { pid: process.ppid, host: os.hostname(), since: now - 86_400_000 };
    writeFileSync(lockFilePath(stateFile), JSON.stringify({ ...reused, heartbeat: now - 10_000 }));
    await expect(acquireApplyLock(stateFile, 'alpha')).rejects.toThrow(/another apply to alpha is running/);
    writeFileSync(lockFilePath(stateFile), JSON.stringify({ ...reused, heartbeat: now - 180_000 }));
    await (await acquireApplyLock(stateFile, 'alpha')).release();
  });

  it('refreshes its heartbeat while held, and a refresh never brings back a released lock', async () => {
    using project = makeProject({ '.oc-sync/state/.keep': '' });
    const stateFile = stateFileIn(project.root);
    let clock = 1_000_000;
    const lock = await acquireApplyLock(stateFile, 'alpha', { now: () => clock, heartbeatMs: 5 });
    const owner = () => JSON.parse(readFileSync(lockFilePath(stateFile), 'utf8'));
    expect(owner()).toMatchObject({ since: 1_000_000, heartbeat: 1_000_000 });
    clock = 1_090_000;
    await vi.waitFor(() => expect(owner().heartbeat).toBe(1_090_000));
    expect(owner().since).toBe(1_000_000);
    await lock.release();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(existsSync(lockFilePath(stateFile))).toBe(false);
    expect(readdirSync(path.dirname(stateFile))).toEqual(['.keep']);
  });
});
