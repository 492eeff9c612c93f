import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { oc, repoRoot } from './support/cli.js';
import { makeProject } from './support/project.js';

/**
 * `npm start` on a fresh clone: the repository's own sync.config.yaml (default environment `local`, the embedded
 * emulator, data under `.oc-sync/emulator/`) and the example content/. The first run creates everything and shows
 * the plan and the summary; the second has nothing to do.
 */
describe('npm start (oc-sync apply --yes on the embedded emulator)', () => {
  it('creates the example help center, then reports no changes', async () => {
    using project = makeProject();
    cpSync(path.join(repoRoot, 'content'), path.join(project.root, 'content'), { recursive: true });
    cpSync(path.join(repoRoot, 'sync.config.yaml'), path.join(project.root, 'sync.config.yaml'));

    const first = await oc(project.root, ['apply', '--yes']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('oc-sync plan — environment local, service HelpCenter');
    expect(first.stdout).toContain('+ FAQ faq/billing/refund-request "환불은 어떻게 신청하나요?"');
    expect(first.stdout).toContain('Plan: 21 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(first.stdout).toMatch(
      /Apply complete: 21 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 0 failed; 2 upload\(s\), \d+ requests in \d+\.\d s\./,
    );
    expect(project.exists('.oc-sync/emulator')).toBe(true);
    expect(Object.keys(project.state('local').documents)).toHaveLength(7);

    const second = await oc(project.root, ['apply', '--yes']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes. The service matches content/.');
    expect(second.stdout).toContain('Apply complete: 0 created, 0 updated, 0 deleted, 21 unchanged');
  });
});
