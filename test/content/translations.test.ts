import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContent } from '../../src/content/read-content.js';
import { translationHashOfFile } from '../../src/content/translation-hash.js';
import { translationReport } from '../../src/content/translation-status.js';
import { checkProject } from '../../src/sync/check-project.js';
import { translationFindings, translationRefusals } from '../../src/sync/translation-findings.js';
import { makeProject } from '../support/project.js';

/** Issue 21: where each translation stands, read from content/ (no state, no service). */
describe('translation status', () => {
  const source = '---\ntitle: 환불\ncategory: billing\n---\n\n7일 이내\n';
  const hash = translationHashOfFile(source) as string;
  const files = (extra: Record<string, string> = {}) => ({
    'sync.config.yaml': 'languages: [ko, en, ja]\n',
    'content/faq/_categories.yaml': '- code: billing\n  name: 결제\n- code: account\n  name: 계정\n',
    'content/faq/refund.md': source,
    'content/faq/refund.en.md': `---\ntitle: Refund\ntranslatedFrom: ${hash}\n---\n\nWithin 7 days\n`,
    'content/faq/refund.ja.md': '---\ntitle: 返金\ntranslatedFrom: ffffffffffff\n---\n\n7日以内\n',
    'content/faq/login.md': '---\ncategory: account\n---\n# 로그인\n\n본문\n',
    'content/faq/login.en.md': '# Login\n\nBody\n',
    'content/faq/gone.en.md': '# Gone\n',
    ...extra,
  });
  const read = (root: string, cacheFile?: string) =>
    readContent({
      projectRoot: root,
      contentDir: path.join(root, 'content'),
      languages: ['ko', 'en', 'ja'],
      timeZone: 'Asia/Seoul',
      cacheFile,
    });
  const states = (report: ReturnType<typeof translationReport>) =>
    report.entries.map((e) => [e.language, e.key, e.state, e.category ?? null]);

  it('tells up to date, stale, never marked, missing and orphaned apart, per language', async () => {
    using project = makeProject(files());
    const result = await read(project.root);
    const report = translationReport(result.state, result.orphans, ['ko', 'en', 'ja']);
    expect(report.languages).toEqual(['en', 'ja']);
    expect(states(report)).toEqual([
      ['en', 'faq/gone', 'orphaned', null],
      ['en', 'faq/login', 'never-marked', 'account'],
      ['en', 'faq/refund', 'up-to-date', 'billing'],
      ['ja', 'faq/login', 'missing', 'account'],
      ['ja', 'faq/refund', 'stale', 'billing'],
    ]);
    const missing = report.entries.find((e) => e.state === 'missing');
    expect(missing).toMatchObject({ file: 'content/faq/login.ja.md', source: 'content/faq/login.md' });
  });

  it('gives the same hashes from the render cache as from a cold read, and the same as the file alone', async () => {
    using project = makeProject(files());
    const cacheFile = path.join(project.root, '.oc-sync/cache/content.json');
    const cold = await read(project.root, cacheFile);
    const warm = await read(project.root, cacheFile);
    const hashes = (r: typeof cold) =>
      r.state.documents.map((d) => [d.key, d.contents.ko?.textHash, d.contents.en?.translatedFrom]);
    expect(hashes(warm)).toEqual(hashes(cold));
    const login = cold.state.documents.find((d) => d.key === 'faq/login');
    expect(login?.contents.ko?.textHash).toBe(translationHashOfFile(files()['content/faq/login.md']));
    expect(cold.state.documents.find((d) => d.key === 'faq/refund')?.contents.ko?.textHash).toBe(hash);
  });

  it('keeps a document moved with its translations (previously:) up to date: the hash travels with the files', async () => {
    const moved = { ...files() } as Record<string, string>;
    moved['content/faq/money/refund.md'] = source.replace(
      'category: billing',
      'category: billing\npreviously: faq/refund',
    );
    moved['content/faq/money/refund.en.md'] = moved['content/faq/refund.en.md'] as string;
    delete moved['content/faq/refund.md'];
    delete moved['content/faq/refund.en.md'];
    delete moved['content/faq/refund.ja.md'];
    using project = makeProject(moved);
    const result = await read(project.root);
    const report = translationReport(result.state, result.orphans, ['ko', 'en', 'ja']);
    expect(report.entries.find((e) => e.key === 'faq/money/refund' && e.language === 'en')?.state).toBe(
      'up-to-date',
    );
  });

  it('is a warning by default and an error when the config makes it one; missing ones grouped per language', async () => {
    using project = makeProject(files());
    const result = await read(project.root);
    const report = translationReport(result.state, result.orphans, ['ko', 'en', 'ja']);
    const warned = translationFindings(report, { stale: 'warn', missing: 'warn' }, 'sync.config.yaml');
    // login.en.md was never marked: unknown, not stale, so only a closed gate (stale: error) reports it.
    expect(warned.map((d) => [d.file, d.severity, d.rule])).toEqual([
      ['content/faq/refund.ja.md', 'warning', 'translations/stale'],
      ['content/faq/login.md', 'warning', 'translations/missing'],
    ]);
    expect(warned[0]?.message).toContain(`now ${hash}`);
    const gated = translationFindings(report, { stale: 'error', missing: 'off' }, 'sync.config.yaml');
    expect(gated.map((d) => [d.severity, d.rule])).toEqual([
      ['error', 'translations/stale'],
      ['error', 'translations/never-marked'],
    ]);
    expect(translationRefusals(report, { stale: 'error', missing: 'off' })).toHaveLength(1);
    expect(translationRefusals(report, { stale: 'warn', missing: 'warn' })).toEqual([]);
  });

  it('folds many missing translations of a language into one finding on the config', async () => {
    const many: Record<string, string> = { 'sync.config.yaml': 'languages: [ko, en]\n' };
    for (let i = 0; i < 12; i++)
      many[`content/templates/t${String(i).padStart(2, '0')}.md`] =
        `---\nsubject: s${i}\nheading: h\n---\n# T${i}\n`;
    many['content/notices/_headings.yaml'] = '- code: h\n  name: 공지\n';
    using project = makeProject(many);
    const check = await checkProject({ cwd: project.root, env: {} });
    const missing = check.diagnostics.filter((d) => d.rule === 'translations/missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ file: 'sync.config.yaml', severity: 'warning' });
    expect(missing[0]?.message).toBe(
      '12 documents have no en translation: templates/t00, templates/t01, templates/t02, templates/t03, templates/t04 and 7 more',
    );
    expect(check.errors).toBe(0);
  });
});
