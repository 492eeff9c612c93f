import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { markTranslations } from '../../src/sync/mark-translations.js';
import { makeProject } from '../support/project.js';
import { startFakeGithub } from './fake-github.js';
import { repoRoot, runActionStep } from './runner.js';

/**
 * Issue 21's gate in CI: with `translations: { stale: error }` a pull request that changes a Korean document without
 * its English translation fails the plan check — the plan is still shown, with a translations section in the
 * comment — and passes once the translation is updated and marked.
 */

const SERVICE_KEY = 'action-SECRET-7f3a91c2e5b8d046';
const ORG_ID = 'ActionOrg000021';
const PR = 21;

describe('the Action with translations.stale: error', () => {
  it('fails the plan check on a stale translation, shows it in the comment, and passes after mark', async () => {
    await using emulator = await createEmulator({
      orgId: ORG_ID,
      services: [{ serviceId: 'HelpCenter', serviceKey: SERVICE_KEY, languages: ['ko', 'en'] }],
    });
    const github = await startFakeGithub();
    using project = makeProject({
      'sync.config.yaml': [
        'languages: [ko, en]',
        'defaultEnvironment: staging',
        'translations: { stale: error }',
        'environments:',
        '  staging:',
        `    baseUrl: ${emulator.url}`,
        '    serviceId: HelpCenter',
        `    orgId: \${OC_ORG_ID}`,
        `    serviceKey: \${OC_SERVICE_KEY}`,
        'sync: { requestsPerSecond: 1000 }',
        '',
      ].join('\n'),
    });
    cpSync(path.join(repoRoot, 'content'), path.join(project.root, 'content'), { recursive: true });
    const plan = () =>
      runActionStep({
        workspace: project.root,
        inputs: { command: 'plan', environment: 'staging' },
        inProcess: true,
        event: { number: PR, pull_request: { number: PR, head: { sha: 'f'.repeat(40) } } },
        env: {
          OC_ORG_ID: ORG_ID,
          OC_SERVICE_KEY: SERVICE_KEY,
          GITHUB_API_URL: github.url,
          'INPUT_GITHUB-TOKEN': github.token,
        },
      });
    try {
      // The example translations were never marked: the closed gate counts them.
      const unmarked = await plan();
      expect(unmarked.code).toBe(1);
      expect(unmarked.stdout).toMatch(
        /^::error title=translations\/never-marked,file=sync\.config\.yaml::7 en translations were never marked/m,
      );

      await markTranslations({ cwd: project.root, env: {}, files: ['content'] });
      const clean = await plan();
      expect(clean.code, clean.stdout).toBe(0);
      expect(clean.stdout).not.toMatch(/^::error/m);

      const korean = path.join(project.root, 'content/faq/billing/refund-request.md');
      writeFileSync(korean, readFileSync(korean, 'utf8').replace('**7일 이내**', '**14일 이내**'));
      const stale = await plan();
      expect(stale.code).toBe(1);
      expect(stale.stdout).toMatch(
        /^::error title=translations\/stale,file=content\/faq\/billing\/refund-request\.en\.md::the en translation is stale: content\/faq\/billing\/refund-request\.md changed/m,
      );
      expect(stale.stdout).toMatch(
        /^::error title=oc-sync plan::apply will refuse this plan: 1 translation\(s\) are stale or never marked, and translations\.stale is error/m,
      );
      // The plan is still made and shown: the comment has its translations section, open, and the refusal on top.
      const comment = github.comments.at(-1)?.body ?? '';
      expect(comment).toContain(
        '**apply will refuse this plan**: 1 translation(s) are stale or never marked',
      );
      expect(comment).toContain('<details open><summary>Translations: en 6 up to date, 1 stale</summary>');
      expect(comment).toContain(
        '| stale | `content/faq/billing/refund-request.en.md` | `content/faq/billing/refund-request.md` |',
      );
      expect(stale.summary).toContain('Translations: en 6 up to date, 1 stale');

      await markTranslations({
        cwd: project.root,
        env: {},
        files: ['content/faq/billing/refund-request.en.md'],
      });
      const marked = await plan();
      expect(marked.code, marked.stdout).toBe(0);
      expect(github.comments.at(-1)?.body).not.toContain('Translations:');
    } finally {
      await github.close();
    }
  });
});
