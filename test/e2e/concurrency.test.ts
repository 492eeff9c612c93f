import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireApplyLock } from '../../src/sync/apply-lock.js';
import { finished, oc, spawnCli } from './support/cli.js';
import { duplicates, exampleProject, remoteTitles, startEmulator } from './support/project.js';

/** Two applies to one environment at once: one waits its turn (refused with a clear message), nothing doubles. */
describe('two applies at once', { timeout: 60_000 }, () => {
  it('lets one through, refuses the other clearly, and leaves no duplicates', async () => {
    await using emulator = await startEmulator({ latencyMs: 25 });
    using project = exampleProject(emulator);
    const [first, second] = await Promise.all([
      finished(spawnCli(project.root, ['apply', '--yes'])),
      finished(spawnCli(project.root, ['apply', '--yes'])),
    ]);
    // Both may succeed when one starts after the other has finished; never both at once.
    expect([first.code, second.code]).toContain(0);
    expect([first.code, second.code].every((code) => code === 0 || code === 1)).toBe(true);
    for (const result of [first, second]) {
      if (result.code !== 0) expect(result.stderr).toContain('another apply to e2e is running');
    }
    for (const kind of ['faq', 'notice', 'template'] as const) {
      expect(duplicates(remoteTitles(emulator, kind))).toEqual([]);
    }
    expect(remoteTitles(emulator, 'faq')).toHaveLength(4);
    const after = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(after.code).toBe(0);
    expect(Object.keys(project.state().documents)).toHaveLength(7);
  });

  it('refuses while another process holds the lock, before any request', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    const lock = await acquireApplyLock(path.join(project.root, '.oc-sync/state/e2e.json'), 'e2e');
    try {
      const refused = await oc(project.root, ['apply', '--yes']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`another apply to e2e is running (process ${process.pid}`);
      expect(refused.stderr).toContain('wait for it to finish');
      expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    } finally {
      await lock.release();
    }
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
  });
});
