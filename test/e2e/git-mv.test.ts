import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { oc, said } from './support/cli.js';
import { expectConverged } from './support/converged.js';
import { makeProject, remoteConfig, startEmulator } from './support/project.js';

/**
 * Renames without `previously:` (issue 15 case 6): a team pulls a help center (Korean titles make Korean file
 * names), renames files with `git mv` — some also edited — and applies. Each renamed document keeps its remote id
 * and its URL: the plan shows a move and says it was detected; nothing is created, nothing left behind.
 */

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'core.quotepath=off', ...args], { cwd, stdio: 'pipe' }).toString();

describe('git mv of pulled files', { timeout: 60_000 }, () => {
  it('is planned and applied as a move: same ids, no create, no orphan', async () => {
    await using emulator = await startEmulator();
    const service = emulator.service();
    const category = service.create('faqCategory', {
      categoryCode: 'account',
      languages: { ko: '계정', en: 'Account' },
    }) as { categoryId: number };
    const faq = (title: string, body: string) =>
      service.create('faq', {
        status: 'O',
        categoryId: category.categoryId,
        isTop: false,
        isRecommend: false,
        contents: { ko: { title, content: `<p>${body}</p>` } },
      }) as { helpDocId: number };
    const password = faq('비밀번호를 잊어버렸어요', '로그인 화면에서 비밀번호 찾기를 누르세요.');
    const email = faq('이메일을 바꾸고 싶어요', '설정에서 이메일을 바꿀 수 있습니다.');
    const other = faq('탈퇴하고 싶어요', '설정 맨 아래에서 탈퇴할 수 있습니다.');
    using project = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });
    expect((await oc(project.root, ['pull'])).code).toBe(0);
    git(project.root, 'init', '-q');
    git(project.root, 'add', '.');
    git(project.root, '-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-qm', 'pulled');
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
    expect(writes.filter((w) => w.endsWith(`/helpdoc/${password.helpDocId}.json`))).toEqual([]);
    expect(writes.filter((w) => w.endsWith(`/helpdoc/${email.helpDocId}.json`))).toHaveLength(1);
    const documents = project.state().documents;
    expect(documents['faq/account/forgot-password']?.id).toBe(password.helpDocId);
    expect(documents['faq/account/change-email']?.id).toBe(email.helpDocId);
    expect(
      Object.values(documents)
        .map((d) => d.id)
        .sort(),
    ).toEqual([password.helpDocId, email.helpDocId, other.helpDocId].sort());
    expect(service.list('faq')).toHaveLength(3);
    expect((service.get('faq', email.helpDocId) as { content: string }).content).toContain('언제든 바꿀 수');
    await expectConverged(emulator, project, { faq: 3, notice: 0, template: 0 });
  });
});
