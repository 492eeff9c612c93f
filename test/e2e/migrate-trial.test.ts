import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { oc, said } from './support/cli.js';
import { environmentsConfig, makeProject, startEmulator } from './support/project.js';

/**
 * Two migrate problems a new team's trial found. A tag made in the web console has no code, and the API never gives
 * it one: pull names it after its name, so once it was renamed in `_tags.yaml` a pull (and a migrate, which pulls)
 * called it by its new name and beta got a second tag. And the hints after a migrate that skipped drift said
 * `oc-sync pull --env beta`, which writes beta's content into the repository that tracks real.
 */

const faqBody = (categoryId: number, title: string, body: string) => ({
  status: 'O',
  categoryId,
  isTop: false,
  isRecommend: false,
  contents: { ko: { title, content: `<p>${body}</p>` } },
});

/** Real as the console leaves it: a heading, a tag made there (no code), a notice with that tag, one FAQ. */
function seedReal(real: Emulator): { tagId: number } {
  const service = real.service();
  const heading = service.create('heading', {
    categoryCode: 'news',
    languages: { ko: '소식', en: 'News' },
  }) as { categoryId: number };
  const tag = service.create('tag', { languages: { ko: '중요', en: 'Important' } }) as { tagId: number };
  service.create('notice', {
    status: 'O',
    categoryId: heading.categoryId,
    isTop: false,
    startDt: '20261201000000',
    endDt: '',
    contents: { ko: { title: '점검 안내', content: '<p>12월 5일에 점검합니다.</p>' } },
    tags: [{ tagId: tag.tagId }],
  });
  const category = service.create('faqCategory', {
    categoryCode: 'account',
    languages: { ko: '계정', en: 'Account' },
  }) as { categoryId: number };
  service.create('faq', faqBody(category.categoryId, '비밀번호를 잊어버렸어요', '비밀번호 찾기를 누르세요.'));
  return tag;
}

const tagNames = (emulator: Emulator) =>
  emulator
    .service()
    .list('tag')
    .map((tag) => (tag.languages as Record<string, string>).ko);

describe('migrate after a team trial', { timeout: 120_000 }, () => {
  /** Pulls real into the repository, renames the console-made tag in `_tags.yaml` and applies that to real. */
  async function renamedInRepository(real: Emulator, beta: Emulator) {
    const tag = seedReal(real);
    const project = makeProject({ 'sync.config.yaml': environmentsConfig({ real, beta }) });
    const pulled = await oc(project.root, ['pull', '--env', 'real']);
    expect(pulled.code, said(pulled)).toBe(0);
    const tags = project.read('content/notices/_tags.yaml');
    expect(tags).toContain('code: 중요');
    project.write('content/notices/_tags.yaml', tags.replace('ko: 중요', 'ko: 매우 중요'));
    const applied = await oc(project.root, ['apply', '--env', 'real', '--yes']);
    expect(applied.code, said(applied)).toBe(0);
    expect(real.service().get('tag', tag.tagId)?.languages).toMatchObject({ ko: '매우 중요' });
    return { project, tag };
  }

  it('a console-made tag renamed in _tags.yaml: migrate to beta keeps its code, plan --env beta is a no-op', async () => {
    await using real = await startEmulator();
    await using beta = await startEmulator();
    const { project } = await renamedInRepository(real, beta);
    using _project = project;

    const migrated = await oc(project.root, ['migrate', '--from', 'real', '--to', 'beta', '--yes']);
    expect(migrated.code, said(migrated)).toBe(0);
    const planned = await oc(project.root, ['plan', '--env', 'beta']);
    expect(planned.code, said(planned)).toBe(0);
    expect(planned.stdout).toContain('No changes.');
    expect(tagNames(beta)).toEqual(['매우 중요']);
    expect(beta.service().list('tag')[0]?.tagCode).toBe('중요');
    const notice = beta.service().list('notice')[0] as { tags: { tagId: number }[] };
    expect(notice.tags.map((t) => t.tagId)).toEqual([beta.service().list('tag')[0]?.tagId]);
  });

  it('a second pull after a rename (in _tags.yaml, then in the console) keeps the code the state records', async () => {
    await using real = await startEmulator();
    await using beta = await startEmulator();
    const { project, tag } = await renamedInRepository(real, beta);
    using _project = project;
    const renamed = project.read('content/notices/_tags.yaml');

    const again = await oc(project.root, ['pull', '--env', 'real']);
    expect(again.code, said(again)).toBe(0);
    expect(project.read('content/notices/_tags.yaml')).toBe(renamed);
    const noop = await oc(project.root, ['plan', '--env', 'real']);
    expect(noop.stdout, said(noop)).toContain('No changes.');

    real.service().update('tag', tag.tagId, { languages: { ko: '꼭 읽기', en: 'Must read' } });
    const consoleRename = await oc(project.root, ['pull', '--env', 'real']);
    expect(consoleRename.code, said(consoleRename)).toBe(0);
    expect(project.read('content/notices/_tags.yaml')).toBe(
      '# Notice tags. Tags have no order.\n\n- code: 중요\n  name: { ko: 꼭 읽기, en: Must read }\n',
    );
    const planned = await oc(project.root, ['plan', '--env', 'real']);
    expect(planned.stdout, said(planned)).toContain('No changes.');
    expect(real.service().list('tag')).toHaveLength(1);
  });

  it('after drift on beta, the hints name migrate (replace, or leave beta as is), never a pull into content/', async () => {
    await using real = await startEmulator();
    await using beta = await startEmulator();
    seedReal(real);
    using project = makeProject({ 'sync.config.yaml': environmentsConfig({ real, beta }) });
    expect((await oc(project.root, ['pull', '--env', 'real'])).code).toBe(0);
    const first = await oc(project.root, ['migrate', '--from', 'real', '--to', 'beta', '--yes']);
    expect(first.code, said(first)).toBe(0);

    // Beta's FAQ is edited in its console; the team edits the same FAQ in the repository and applies it to real.
    const betaFaq = beta.service().list('faq')[0] as {
      helpDocId: number;
      categories: { categoryId: number }[];
    };
    const categoryId = betaFaq.categories[0]?.categoryId as number;
    beta
      .service()
      .update('faq', betaFaq.helpDocId, faqBody(categoryId, '비밀번호를 잊어버렸어요', '베타에서 고침.'));
    const file = 'content/faq/account/비밀번호를-잊어버렸어요.md';
    const edited = project
      .read(file)
      .replace('비밀번호 찾기를 누르세요.', '로그인 화면에서 비밀번호 찾기를 누르세요.');
    project.write(file, edited);
    expect((await oc(project.root, ['apply', '--env', 'real', '--yes'])).code).toBe(0);

    const migrated = await oc(project.root, ['migrate', '--from', 'real', '--to', 'beta', '--yes']);
    expect(migrated.code).toBe(1);
    expect(migrated.stdout).toContain('were not touched');
    expect(migrated.stdout).toContain(
      "beta's version was left as it is, and the next migrate leaves it again. To replace it with real's: oc-sync migrate --from real --to beta --overwrite-drift.",
    );
    expect(migrated.stdout + migrated.stderr).not.toContain('oc-sync pull');
    expect(migrated.stdout + migrated.stderr).not.toContain('oc-sync apply');
    expect(project.read(file)).toBe(edited);

    // The hint does what it says.
    const hinted = await oc(project.root, [
      'migrate',
      '--from',
      'real',
      '--to',
      'beta',
      '--overwrite-drift',
      '--yes',
    ]);
    expect(hinted.code, said(hinted)).toBe(0);
    expect(JSON.stringify(beta.service().list('faq'))).toContain('로그인 화면에서');
    expect(project.read(file)).toBe(edited);
  });
});
