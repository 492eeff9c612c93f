import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translationHashOfFile } from '../../src/content/translation-hash.js';
import { oc, said } from './support/cli.js';
import { commitAll, git, makeProject, remoteConfig, startEmulator } from './support/project.js';

/**
 * Issue 21 as a team meets it: a bilingual help center is pulled (every translation records what it was translated
 * from), a writer changes the Korean refund policy, and oc-sync tells the English translation is stale — with
 * what changed — until the translator updates it and marks it.
 */

describe('translations that cannot silently fall behind', { timeout: 90_000 }, () => {
  it('pull marks them, an edit makes one stale with its diff, validate warns, mark clears it', async () => {
    await using emulator = await startEmulator();
    const service = emulator.service();
    const category = service.create('faqCategory', {
      categoryCode: 'billing',
      languages: { ko: '결제', en: 'Billing' },
    }) as { categoryId: number };
    const faq = (contents: Record<string, { title: string; content: string }>) =>
      service.create('faq', {
        status: 'O',
        categoryId: category.categoryId,
        isTop: false,
        isRecommend: false,
        contents,
      });
    faq({
      ko: { title: '환불 정책', content: '<p>환불은 7일 이내에 가능합니다.</p><p>카드로 돌려드립니다.</p>' },
      en: { title: 'Refund policy', content: '<p>Refunds within 7 days.</p><p>Back to your card.</p>' },
    });
    faq({ ko: { title: '영수증', content: '<p>영수증은 메일로 보냅니다.</p>' } });
    using project = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });

    // 1. Pull: the English file records the hash of the Korean file as pulled.
    const pulled = await oc(project.root, ['pull']);
    expect(pulled.code, said(pulled)).toBe(0);
    commitAll(project.root, 'pulled');
    const files = git(project.root, 'ls-files', 'content/faq').trim().split('\n');
    const english = files.find((f) => f.endsWith('.en.md')) as string;
    const korean = english.replace(/\.en\.md$/, '.md');
    const receipt = files.find((f) => f.endsWith('.md') && !f.endsWith('.en.md') && f !== korean) as string;
    expect(project.read(english)).toContain(
      `translatedFrom: ${translationHashOfFile(project.read(korean))}\n`,
    );
    const fresh = JSON.parse((await oc(project.root, ['translations', '--format', 'json'])).stdout);
    expect(fresh.languages.en.counts).toMatchObject({ 'up-to-date': 1, stale: 0, missing: 1 });
    expect(fresh.languages.en.byCategory['faq:billing']).toMatchObject({ 'up-to-date': 1, missing: 1 });

    // 2. The Korean policy changes.
    project.write(korean, project.read(korean).replace('7일 이내에', '14일 이내에'));
    const report = await oc(project.root, ['translations', '--lang', 'en']);
    expect(report.code, said(report)).toBe(0);
    expect(report.stdout).toContain('en: 1 stale, 1 missing');
    expect(report.stdout).toMatch(new RegExp(`stale +${escapeRegExp(english)}\n`));
    expect(report.stdout).toContain(`${korean} changed since`);
    expect(report.stdout).toContain('- 환불은 7일 이내에 가능합니다.');
    expect(report.stdout).toContain('+ 환불은 14일 이내에 가능합니다.');
    expect(report.stdout).toMatch(new RegExp(`missing +${escapeRegExp(receipt.replace(/\.md$/, '.en.md'))}`));

    // 3. validate warns and passes; the warning names the file and the way out.
    const validated = await oc(project.root, ['validate']);
    expect(validated.code, said(validated)).toBe(0);
    expect(validated.stdout).toContain(`${english} warning the en translation is stale: ${korean} changed`);
    expect(validated.stdout).toContain(`run oc-sync translations mark ${english}`);
    expect(validated.stdout).toMatch(/has no en translation .*\[translations\/missing\]/);

    // 4. The translator updates it and marks it: only the translatedFrom line changes.
    project.write(english, project.read(english).replace('within 7 days', 'within 14 days'));
    const before = project.read(english);
    const marked = await oc(project.root, ['translations', 'mark', english]);
    expect(marked.code, said(marked)).toBe(0);
    const hash = translationHashOfFile(project.read(korean)) as string;
    expect(marked.stdout).toContain(`${english}: marked (was `);
    const after = project.read(english);
    expect(after.replace(/^translatedFrom: .*$/m, '')).toBe(before.replace(/^translatedFrom: .*$/m, ''));
    expect(after).toContain(`translatedFrom: ${hash}\n`);
    const cleared = JSON.parse((await oc(project.root, ['translations', '--format', 'json'])).stdout);
    expect(cleared.languages.en.counts).toMatchObject({ 'up-to-date': 1, stale: 0 });
    expect((await oc(project.root, ['validate'])).stdout).not.toContain('translations/stale');

    // 5. Outside a git repository the old text cannot be shown, and that is said.
    project.write(korean, project.read(korean).replace('카드로', '계좌로'));
    rmSync(path.join(project.root, '.git'), { recursive: true, force: true });
    const noGit = await oc(project.root, ['translations', '--lang', 'en']);
    expect(noGit.stdout).toContain(
      `${korean} changed since it was translated (old text not found: not a git repository)`,
    );

    // 6. A translation whose default file is gone is orphaned: listed, an error of content/ (exit 1).
    project.write('content/faq/billing/ghost.en.md', '# Ghost\n');
    const orphaned = await oc(project.root, ['translations', '--lang', 'en']);
    expect(orphaned.code).toBe(1);
    expect(orphaned.stdout).toMatch(/orphaned +content\/faq\/billing\/ghost\.en\.md/);
    expect(orphaned.stderr).toContain('[content/orphan-translation]');
    project.remove('content/faq/billing/ghost.en.md');

    // 7. mark refuses what is not a content file, and writes nothing.
    const refused = await oc(project.root, ['translations', 'mark', 'sync.config.yaml', english]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot mark sync.config.yaml: it is not inside content/');
    expect(project.read(english)).toBe(after);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
