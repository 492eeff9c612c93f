import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { oc, said } from './support/cli.js';
import {
  commitAll,
  environmentsConfig,
  git,
  makeProject,
  seedConsoleFaqs,
  startEmulator,
} from './support/project.js';

/**
 * migrate keys (issue 15 case 9): a team pulls "real" into its repository, renames files (git mv, with and without
 * `previously:`), applies, then copies real to "alpha" with `migrate`. The repository's content/ is then the
 * content of alpha too: `plan --env alpha` from it finds nothing to do, and alpha holds each document once.
 */

/** Content-relative paths of the files in a folder, its `.oc-sync/` left out. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((rel) => !rel.startsWith('.oc-sync'))
    .sort();
}

describe('migrate after renames in the repository', { timeout: 90_000 }, () => {
  it('keeps the keys of content/: plan --env alpha afterwards is a no-op, alpha holds each document once', async () => {
    await using real = await startEmulator();
    await using alpha = await startEmulator();
    seedConsoleFaqs(real);
    using project = makeProject({ 'sync.config.yaml': environmentsConfig({ real, alpha }) });
    const pulled = await oc(project.root, ['pull', '--env', 'real']);
    expect(pulled.code, said(pulled)).toBe(0);
    commitAll(project.root, 'pulled');
    const files = git(project.root, 'ls-files', 'content/faq').trim().split('\n');
    const fileOf = (word: string) => files.find((f) => f.includes(word)) as string;

    // One renamed as git mv does it, one renamed and told where it came from.
    git(project.root, 'mv', fileOf('비밀번호'), 'content/faq/account/forgot-password.md');
    const from = fileOf('이메일');
    const text = project.read(from);
    project.remove(from);
    project.write(
      'content/faq/account/change-email.md',
      text.replace('---\n', `---\npreviously: ${from.replace(/^content\//, '').replace(/\.md$/, '')}\n`),
    );
    const applied = await oc(project.root, ['apply', '--env', 'real', '--yes']);
    expect(applied.code, said(applied)).toBe(0);

    const migrated = await oc(project.root, ['migrate', '--from', 'real', '--to', 'alpha', '--yes']);
    expect(migrated.code, said(migrated)).toBe(0);

    const planned = await oc(project.root, ['plan', '--env', 'alpha']);
    expect(planned.code, said(planned)).toBe(0);
    expect(planned.stdout).toContain('No changes.');
    const titles = alpha
      .service()
      .list('faq')
      .map((record) => String(record.title))
      .sort();
    expect(titles).toEqual(['비밀번호를 잊어버렸어요', '이메일을 바꾸고 싶어요', '탈퇴하고 싶어요'].sort());
    const keys = Object.keys(project.state('alpha').documents).sort();
    expect(keys).toEqual(Object.keys(project.state('real').documents).sort());
    expect(keys).toContain('faq/account/forgot-password');
    expect(keys).toContain('faq/account/change-email');

    // Kept for review, the migrated folder has the repository's file names, and alpha has nothing more to do.
    const kept = await oc(project.root, [
      'migrate',
      '--from',
      'real',
      '--to',
      'alpha',
      '--into',
      'migrated',
      '--yes',
    ]);
    expect(kept.code, said(kept)).toBe(0);
    expect(kept.stdout).toContain('No changes.');
    expect(filesUnder(path.join(project.root, 'migrated'))).toEqual(
      filesUnder(path.join(project.root, 'content')),
    );
    expect(alpha.service().list('faq')).toHaveLength(3);
  });
});
