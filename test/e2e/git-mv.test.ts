import { describe, expect, it } from 'vitest';
import { oc, said } from './support/cli.js';
import { expectConverged } from './support/converged.js';
import {
  commitAll,
  git,
  makeProject,
  remoteConfig,
  seedConsoleFaqs,
  startEmulator,
} from './support/project.js';

/**
 * Renames without `previously:` (issue 15 case 6): a team pulls a help center (Korean titles make Korean file
 * names), renames files with `git mv` — some also edited — and applies. Each renamed document keeps its remote id
 * and its URL: the plan shows a move and says it was detected; nothing is created, nothing left behind.
 */

describe('git mv of pulled files', { timeout: 60_000 }, () => {
  it('is planned and applied as a move: same ids, no create, no orphan', async () => {
    await using emulator = await startEmulator();
    const service = emulator.service();
    const { password, email, leave } = seedConsoleFaqs(emulator);
    using project = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });
    expect((await oc(project.root, ['pull'])).code).toBe(0);
    commitAll(project.root, 'pulled');
    const files = git(project.root, 'ls-files', 'content/faq').trim().split('\n');
    const fileOf = (word: string) => files.find((f) => f.includes(word)) as string;

    // Renamed as is, and renamed and edited (its title kept).
    git(project.root, 'mv', fileOf('비밀번호'), 'content/faq/account/forgot-password.md');
    git(project.root, 'mv', fileOf('이메일'), 'content/faq/account/change-email.md');
    const edited = project.read('content/faq/account/change-email.md').replace('바꿀 수', '언제든 바꿀 수');
    project.write('content/faq/account/change-email.md', edited);

    const planned = await oc(project.root, ['plan']);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 0 drifted. (2 to move)');
    expect(planned.stdout).toMatch(/no previously:, detected by the same content/);
    expect(planned.stdout).toMatch(/no previously:, detected by the same title/);

    emulator.clearRequests();
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code, said(applied)).toBe(0);
    // The file renamed as is was not sent again: the service holds it already (same id, same updatedDt).
    const writes = emulator.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(writes.filter((w) => w.endsWith(`/helpdoc/${password}.json`))).toEqual([]);
    expect(writes.filter((w) => w.endsWith(`/helpdoc/${email}.json`))).toHaveLength(1);
    const documents = project.state().documents;
    expect(documents['faq/account/forgot-password']?.id).toBe(password);
    expect(documents['faq/account/change-email']?.id).toBe(email);
    expect(
      Object.values(documents)
        .map((d) => d.id)
        .sort(),
    ).toEqual([password, email, leave].sort());
    expect(service.list('faq')).toHaveLength(3);
    expect((service.get('faq', email) as { content: string }).content).toContain('언제든 바꿀 수');
    await expectConverged(emulator, project, { faq: 3, notice: 0, template: 0 });
  });
});
