import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { oc, repoRoot, said } from './support/cli.js';
import { makeProject } from './support/project.js';

/**
 * `oc-sync validate` in a checkout it cannot write to (issue 14, case 13: a read-only CI mount, a reviewer's
 * sandbox): the content cache is an optimisation, so validate works without it — with an old cache it can read, and
 * with none at all. We run as root, so the file system is made read-only by the disk-fault preload.
 */

const PRELOAD = path.join(repoRoot, 'test/support/disk-faults.mjs');

function validateReadOnly(root: string) {
  const logDir = mkdtempSync(path.join(tmpdir(), 'oc-sync-ro-'));
  const log = path.join(logDir, 'faults.log');
  const env = { OC_DISK_FAULT: 'EROFS', OC_DISK_FAULT_DIR: root, OC_DISK_FAULT_LOG: log };
  return oc(root, ['validate'], env, ['--import', PRELOAD]).then((result) => {
    const fired = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
    rmSync(logDir, { recursive: true, force: true });
    return { ...result, fired };
  });
}

describe('validate in a read-only checkout', { timeout: 60_000 }, () => {
  it('validates without a cache, and with a cache it may not update', async () => {
    using project = makeProject({
      'sync.config.yaml': 'content: content\nlanguages: [ko, en]\ntimeZone: Asia/Seoul\n',
    });
    cpSync(path.join(repoRoot, 'content'), path.join(project.root, 'content'), { recursive: true });

    const bare = await validateReadOnly(project.root);
    expect(bare.code, said(bare)).toBe(0);
    expect(bare.stdout).toContain('no problems found');
    expect(bare.fired, 'the cache write was refused').toBeGreaterThan(0);
    expect(project.exists('.oc-sync')).toBe(false);

    // A cache from an earlier writable run, then an edit it does not cover.
    expect((await oc(project.root, ['validate'])).code).toBe(0);
    expect(project.exists('.oc-sync/cache/content.json')).toBe(true);
    project.write(
      'content/faq/edited.md',
      '---\ncategory: account\n---\n\n# 새 질문\n\n[없는 파일](./missing.pdf)\n',
    );
    const cached = await validateReadOnly(project.root);
    expect(cached.code).toBe(1);
    expect(cached.stdout).toMatch(/content\/faq\/edited\.md:7:\d+.*missing\.pdf/);
    expect(cached.stdout).not.toMatch(/EROFS|read-only/);
  });
});
