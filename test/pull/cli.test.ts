import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseKinds } from '../../src/cli/commands/pull.js';
import type { UserInputError } from '../../src/diagnostics/diagnostic.js';
import { seedEditorService, seedFaqs, startPullRig } from './support/pull-rig.js';

/** `oc-sync pull` and `oc-sync migrate` as a person runs them: their own process, real HTTP, the printed summary. */

/** The built CLI (`npm test` builds before it runs vitest), as a user runs it. */
const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/oc-sync.js', import.meta.url));

async function oc(cwd: string, ...args: string[]) {
  const env = {
    ...process.env,
    NO_COLOR: '1',
    OC_SYNC_PULL_TEST_KEY_A: 'source-service-key',
    OC_SYNC_PULL_TEST_KEY_B: 'target-service-key',
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, '--cwd', cwd, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('oc-sync pull and migrate', () => {
  it('refuses kinds it does not know, naming them', async () => {
    expect(await parseKinds('faq, notice')).toEqual(['faq', 'notice']);
    await expect(parseKinds('faq,notes')).rejects.toThrow('--kinds faq,notes: unknown kind notes');
    const error = (await parseKinds('faqs').catch((e: unknown) => e)) as UserInputError;
    expect(error.diagnostics[0]?.hint).toBe(
      'did you mean faq? use some of notice, template, tag, heading, faq, faqCategory',
    );
  });

  it('pull, then plan with --detailed-exitcode finds nothing; pull --adopt rebuilds a deleted state', async () => {
    await using rig = await startPullRig();
    seedEditorService(rig.source, { fixtures: 8 });
    const pulled = await oc(rig.project.root, 'pull', '--env', 'source');
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('Pull from source (HelpCenter) into content');
    expect(pulled.stdout).toMatch(/Bodies: 21 converted, 21 render to the same HTML as the service holds/);
    expect(pulled.stdout).toMatch(
      /Pull complete: 14 created, 0 updated, 0 unchanged, 0 kept, 0 removed, 0 skipped; 5 attachment file\(s\) written; state \.oc-sync\/state\/source\.json/,
    );

    const plan = await oc(rig.project.root, 'plan', '--env', 'source', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 0 drifted.');

    rmSync(path.join(rig.project.root, '.oc-sync/state/source.json'));
    const adopted = await oc(rig.project.root, 'pull', '--env', 'source', '--adopt');
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain(
      'Adopt complete: 14 matched (14 in sync), 0 already in the state, 0 local and 0 remote unmatched',
    );
  });

  it('pull counts a body exact only when it renders to what the service holds; adopt names where one differs', async () => {
    await using rig = await startPullRig({ languages: ['ko'] });
    // What pull used to write otherwise (issue #16): the string "+1", a textarea's first newline, newlines between
    // the blocks of a pre-wrap wrapper, a root-relative link.
    const {
      ids: [font],
    } = seedFaqs(rig.source, { code: 'guide', names: { ko: '안내' } }, [
      {
        title: '글자 크기',
        content: '<p><font size="+1">한 단계 크게</font></p><textarea>\n\n양식</textarea>',
      },
      { title: '줄바꿈 보존', content: '<div style="white-space: pre-wrap"><p>a</p><p>b</p></div>' },
      { title: '상대 링크', content: '<p><a href="/hc/ko/faq/12">다른 질문</a></p>' },
    ]);

    const pulled = await oc(rig.project.root, 'pull', '--env', 'source');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('Bodies: 3 converted, 3 render to the same HTML as the service holds;');
    expect(pulled.stdout).not.toContain('≠');
    const file = path.join(rig.project.root, 'content/faq/guide/글자-크기.md');
    expect(readFileSync(file, 'utf8')).toContain('<font size="+1">한 단계 크게</font>');

    // An edit here, then a lost state: adopt says which body differs, and where.
    writeFileSync(file, readFileSync(file, 'utf8').replace('size="+1"', 'size="+2"'));
    rmSync(path.join(rig.project.root, '.oc-sync/state/source.json'));
    const adopted = await oc(rig.project.root, 'pull', '--env', 'source', '--adopt');
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain(`~ faq/guide/글자-크기 ↔ FAQ ${font}: differs (contents.ko.body)`);
    expect(adopted.stdout).toContain(
      `    ≠ faq/guide/글자-크기 (ko): at /p[0]/font[0]: <font size="+1"> in the service's HTML, <font size="+2"> rendered from the file`,
    );
    expect(adopted.stdout).toContain('Adopt complete: 3 matched (2 in sync)');
  });

  it('migrate copies one environment to another and ends with the apply summary', async () => {
    await using rig = await startPullRig();
    seedEditorService(rig.source, { fixtures: 8 });
    const migrated = await oc(rig.project.root, 'migrate', '--from', 'source', '--to', 'target');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('Plan: 26 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(migrated.stdout.indexOf('Pull complete')).toBeLessThan(migrated.stdout.indexOf('Plan: '));
    expect(migrated.stdout).toMatch(
      /Apply complete: 26 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 0 failed; 5 upload\(s\)/,
    );
    const again = await oc(rig.project.root, 'migrate', '--from', 'source', '--to', 'target', '--quiet');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /Apply complete: 0 created, 0 updated, 0 deleted, 26 unchanged, 0 skipped, 0 failed; 0 upload\(s\)/,
    );
  });
});
