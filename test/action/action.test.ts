import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_LIMIT } from '../../src/action/workflow-files.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeProject, type TempProject } from '../support/project.js';
import { type FakeGithub, startFakeGithub } from './fake-github.js';
import { repoRoot, runActionStep, type StepResult } from './runner.js';

/**
 * The Action as GitHub runs it: the built entry in its own process, the runner's files, a pull-request event, a fake
 * GitHub comments API on 127.0.0.1, and the emulator as the Online Contact service over real HTTP.
 */

const SERVICE_KEY = 'action-SECRET-0c9b2f4e7a1d3856';
const ORG_ID = 'ActionOrg000001';
const PR = 7;
const HEAD_SHA = 'abc1234def5678900000000000000000000000000';

function config(emulator: Emulator, defaultEnvironment = 'staging'): string {
  return [
    'content: content',
    'languages: [ko, en]',
    'timeZone: Asia/Seoul',
    `defaultEnvironment: ${defaultEnvironment}`,
    'environments:',
    '  staging:',
    `    baseUrl: ${emulator.url}`,
    '    serviceId: HelpCenter',
    `    orgId: \${OC_ORG_ID}`,
    `    serviceKey: \${OC_SERVICE_KEY}`,
    '  real:',
    `    baseUrl: ${emulator.url}`,
    '    serviceId: HelpCenter',
    `    orgId: \${OC_ORG_ID}`,
    `    serviceKey: \${OC_SERVICE_KEY}`,
    '    protected: true',
    'sync:',
    '  requestsPerSecond: 1000',
    '',
  ].join('\n');
}

function exampleProject(emulator: Emulator, folder = '', defaultEnvironment?: string): TempProject {
  const project = makeProject({});
  project.write(path.join(folder, 'sync.config.yaml'), config(emulator, defaultEnvironment));
  cpSync(path.join(repoRoot, 'content'), path.join(project.root, folder, 'content'), { recursive: true });
  return project;
}

const pullRequestEvent = (sha = HEAD_SHA) => ({
  action: 'synchronize',
  number: PR,
  pull_request: { number: PR, head: { sha, ref: 'edit-faq' }, base: { ref: 'main' } },
});

/** Nothing a run leaves behind may contain the service key. */
function expectNoSecret(result: StepResult, github?: FakeGithub): void {
  for (const text of [result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs)]) {
    expect(text).not.toContain(SERVICE_KEY);
  }
  for (const comment of github?.comments ?? []) expect(comment.body).not.toContain(SERVICE_KEY);
}

describe('the Action on a pull request and on main', () => {
  let emulator: Emulator;
  let github: FakeGithub;
  let project: TempProject;
  const marker = '<!-- oc-sync-plan:staging -->';

  beforeAll(async () => {
    emulator = await createEmulator({
      orgId: ORG_ID,
      services: [{ serviceId: 'HelpCenter', serviceKey: SERVICE_KEY, languages: ['ko', 'en'] }],
    });
    // A small page size, so finding the sticky comment has to page.
    github = await startFakeGithub({ pageSize: 30 });
    project = exampleProject(emulator);
  });
  afterAll(async () => {
    project?.[Symbol.dispose]();
    await github?.close();
    await emulator?.close();
  });

  const step = (
    inputs: Record<string, string>,
    extra: { sha?: string; env?: Record<string, string>; inProcess?: boolean } = {},
  ) =>
    runActionStep({
      workspace: project.root,
      inputs,
      inProcess: extra.inProcess,
      event: pullRequestEvent(extra.sha),
      env: {
        OC_ORG_ID: ORG_ID,
        OC_SERVICE_KEY: SERVICE_KEY,
        GITHUB_API_URL: github.url,
        'INPUT_GITHUB-TOKEN': github.token,
        ...extra.env,
      },
    });
  const markedComments = () => github.comments.filter((c) => c.body.includes(marker));

  it('plan: writes the job summary, sets the outputs, saves the plan and creates one sticky comment', async () => {
    // Someone else's comments come first: 40 of them, more than a page.
    for (let i = 0; i < 40; i++)
      github.seedComment(PR, i === 3 ? 'looks good, but see the plan' : `comment ${i}`);
    github.seedComment(PR + 1, `${marker}\nthe plan of another pull request`);

    const result = await step({ command: 'plan', environment: 'staging' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Plan: 21 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(result.stdout).toContain(`created the plan comment on pull request #${PR}`);
    expect(result.stdout).not.toMatch(/^::(error|warning)/m);

    expect(result.outputs).toMatchObject({
      'has-changes': 'true',
      created: '21',
      updated: '0',
      deleted: '0',
      drifted: '0',
      errors: '0',
    });
    const planFile = result.outputs['plan-file'] as string;
    expect(path.isAbsolute(planFile)).toBe(true);

    expect(result.summary).toContain('### oc-sync plan — `staging` (service `HelpCenter`)');
    expect(result.summary).toContain(
      '**Plan: 21 to create, 0 to update, 0 to delete, 0 drifted. 2 uploads (582 bytes).**',
    );
    expect(result.summary).toContain('| + | `faq/account/reset-password` | 비밀번호를 잊어버렸어요 |');
    expect(result.summary).toMatch(/^\| FAQs \| 4 \| 0 \| 0 \| 0 \| 0 \|$/m);

    const comments = markedComments();
    expect(comments.map((c) => c.issue)).toEqual([PR + 1, PR]);
    const comment = comments[1];
    expect(comment?.body.startsWith(`${marker}\n### oc-sync plan — \`staging\``)).toBe(true);
    expect(comment?.body).toContain('Plan: 21 to create');
    expect(comment?.body).toContain('commit abc1234');
    expect(comment?.body).toContain(
      '[workflow run](https://github.com/docs-team/help-center/actions/runs/4242)',
    );
    expect(github.unexpected).toEqual([]);
    expect(github.requests.every((r) => r.authorization === `Bearer ${github.token}`)).toBe(true);

    // A plan writes nothing to the service.
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expectNoSecret(result, github);
  });

  it('plan again on a new push: the same comment is updated, not duplicated', async () => {
    const before = markedComments().find((c) => c.issue === PR);
    github.requests.length = 0;
    const result = await step(
      { command: 'plan', environment: 'staging' },
      { sha: 'beef5678'.padEnd(40, '0') },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`updated the plan comment on pull request #${PR}`);
    const comments = markedComments().filter((c) => c.issue === PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(before?.id);
    expect(comments[0]?.body).toContain('commit beef567');
    // Without OC_SYNC_PREVIEW_ARTIFACT (the plan workflow sets it), no preview line.
    expect(comments[0]?.body).not.toContain('**Preview:**');
    expect(github.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'PATCH']);
    expect(github.comments.filter((c) => c.issue === PR)).toHaveLength(41);
  });

  it("plan in the plan workflow: the comment links the preview artifact among the run's artifacts", async () => {
    const result = await step(
      { command: 'plan', environment: 'staging' },
      { env: { OC_SYNC_PREVIEW_ARTIFACT: 'oc-sync-preview' } },
    );
    expect(result.code, result.stdout).toBe(0);
    const body = markedComments().find((c) => c.issue === PR)?.body ?? '';
    expect(body).toContain(
      '**Preview:** the help center as readers will see it, each document badged by this plan, with a compare page per changed one: the `oc-sync-preview` artifact of [this workflow run](https://github.com/docs-team/help-center/actions/runs/4242#artifacts) (download, unzip, open `index.html`).',
    );
    // Above the footer, which stays last.
    expect(body.indexOf('**Preview:**')).toBeLessThan(body.indexOf('<sub>oc-sync'));
    expect(body.trimEnd().endsWith('</sub>')).toBe(true);
  });

  it('apply: applies, writes the summary and outputs, records the state; a plan after it has no changes', async () => {
    const result = await step({ command: 'apply', environment: 'staging' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Apply complete: 21 created, 0 updated, 0 deleted, 0 unchanged/);
    expect(result.outputs).toMatchObject({
      'has-changes': 'true',
      created: '21',
      updated: '0',
      deleted: '0',
      drifted: '0',
      failed: '0',
    });
    expect(result.summary).toContain('### oc-sync apply — `staging` (service `HelpCenter`)');
    expect(result.summary).toMatch(/✅ \*\*Apply complete: 21 created/);
    expect(result.summary).toContain('<details><summary>The plan that was applied</summary>');
    expect(emulator.service().list('faq')).toHaveLength(4);

    const stateFile = path.join(project.root, '.oc-sync/state/staging.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(Object.keys(state.documents)).toHaveLength(7);
    expect(existsSync(path.join(project.root, '.oc-sync/state/staging.journal'))).toBe(false);
    expect(readFileSync(stateFile, 'utf8')).not.toContain(SERVICE_KEY);
    // No comment from an apply.
    expect(markedComments().filter((c) => c.issue === PR)).toHaveLength(1);
    expectNoSecret(result, github);

    const plan = await step({ command: 'plan', environment: 'staging' });
    expect(plan.code).toBe(0);
    expect(plan.outputs).toMatchObject({ 'has-changes': 'false', created: '0', updated: '0', deleted: '0' });
    expect(markedComments().find((c) => c.issue === PR)?.body).toContain('No changes. The service matches');
  });

  it('apply that fails on the service: exit 1, an error annotation, the failure in the summary', async () => {
    const file = 'content/faq/account/reset-password.md';
    const text = readFileSync(path.join(project.root, file), 'utf8');
    project.write(file, text.replace('30분 동안만', '1시간 동안'));
    emulator.addFault({ type: 'status', status: 400, method: 'PUT', path: '/helpdoc/', times: 1 });
    try {
      const result = await step({ command: 'apply', environment: 'staging' });
      expect(result.code).toBe(1);
      expect(result.outputs).toMatchObject({ 'has-changes': 'false', updated: '0', failed: '1' });
      expect(result.stdout).toMatch(/^::error title=oc-sync apply::faq faq\/account\/reset-password: /m);
      expect(result.summary).toMatch(/❌ \*\*Apply finished with errors: 0 created, 0 updated/);
      expectNoSecret(result, github);
    } finally {
      emulator.clearFaults();
    }
    // What failed is planned again, and goes through once the service takes it.
    const again = await step({ command: 'apply', environment: 'staging' });
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ 'has-changes': 'true', updated: '1' });
  });

  it('a protected environment is applied only when the environment input names it', async () => {
    using protectedProject = exampleProject(emulator, '', 'real');
    emulator.clearRequests();
    const result = await runActionStep({
      workspace: protectedProject.root,
      inputs: { command: 'apply' },
      eventName: 'push',
      inProcess: true,
      env: { OC_ORG_ID: ORG_ID, OC_SERVICE_KEY: SERVICE_KEY, GITHUB_API_URL: github.url },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^::error title=oc-sync apply::environment real is protected: the Action applies to it only when its environment input names it$/m,
    );
    expect(result.summary).toContain('Nothing was applied');
    expect(emulator.requests).toEqual([]);
  });

  it('a PR comment GitHub refuses is a warning; the plan still succeeds', async () => {
    github.failWith(403);
    try {
      const result = await step({ command: 'plan', environment: 'staging' }, { inProcess: true });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /^::warning title=oc-sync::could not post the plan comment: GET \/repos\/docs-team\/help-center\/issues\/7\/comments answered 403: Resource not accessible by integration \(the workflow needs `permissions: pull-requests: write`/m,
      );
      expect(result.summary).toContain('### oc-sync plan');
    } finally {
      github.failWith(undefined);
    }
  });
});

/** Top-level sections of a Markdown plan (a kind's, or the unmanaged items'), by their summaries. */
const sectionsOf = (markdown: string) =>
  [...markdown.matchAll(/^<details(?: open)?><summary>([^<]*)<\/summary>$/gm)].map((m) => m[1]);

/** Every <details> closed, every code fence closed: nothing cut in the middle. */
function expectWellFormed(markdown: string): void {
  expect(markdown.match(/<details[ >]/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
  expect((markdown.match(/^`{3,}/gm)?.length ?? 0) % 2).toBe(0);
}

describe("the plan comment: counts first, a section per kind, within GitHub's limit", () => {
  let emulator: Emulator;
  let github: FakeGithub;
  let project: TempProject;
  const marker = '<!-- oc-sync-plan:staging -->';
  const env = () => ({
    OC_ORG_ID: ORG_ID,
    OC_SERVICE_KEY: SERVICE_KEY,
    GITHUB_API_URL: github.url,
    'INPUT_GITHUB-TOKEN': github.token,
  });
  const plan = () =>
    runActionStep({
      workspace: project.root,
      inputs: { command: 'plan', environment: 'staging' },
      event: pullRequestEvent(),
      inProcess: true,
      env: env(),
    });
  const comment = () => github.comments.filter((c) => c.issue === PR && c.body.includes(marker));

  beforeAll(async () => {
    emulator = await createEmulator({
      orgId: ORG_ID,
      services: [{ serviceId: 'HelpCenter', serviceKey: SERVICE_KEY, languages: ['ko', 'en'] }],
    });
    github = await startFakeGithub();
    project = exampleProject(emulator);
    const applied = await runActionStep({
      workspace: project.root,
      inputs: { command: 'apply', environment: 'staging' },
      eventName: 'push',
      inProcess: true,
      env: env(),
    });
    expect(applied.code, applied.stdout).toBe(0);
  });
  afterAll(async () => {
    project?.[Symbol.dispose]();
    await github?.close();
    await emulator?.close();
  });

  it('a plan of three kinds: a counts table, then one folded section per kind', async () => {
    const edit = (file: string, from: string, to: string) =>
      project.write(file, readFileSync(path.join(project.root, file), 'utf8').replace(from, to));
    edit('content/faq/account/reset-password.md', '비밀번호 찾기', '비밀번호 재설정');
    edit('content/notices/2026/app-4-2-release.md', '알려 드립니다', '안내해 드립니다');
    edit(
      'content/notices/_tags.yaml',
      '- code: app',
      '- code: beta\n  name: { ko: 베타, en: Beta }\n- code: app',
    );

    const result = await plan();
    expect(result.code, result.stdout).toBe(0);
    const [posted] = comment();
    expect(comment()).toHaveLength(1);
    const body = posted?.body ?? '';
    expect(body).toContain(
      [
        '| | create | update | move | delete | held |',
        '|---|--:|--:|--:|--:|--:|',
        '| Notices | 0 | 1 | 0 | 0 | 0 |',
        '| Notice tags | 1 | 0 | 0 | 0 | 0 |',
        '| FAQs | 0 | 1 | 0 | 0 | 0 |',
      ].join('\n'),
    );
    expect(sectionsOf(body)).toEqual([
      'Notices: 1 to update',
      'Notice tags: 1 to create',
      'FAQs: 1 to update',
    ]);
    // The counts come before every section; the diffs are folded inside their kind's section.
    expect(body.indexOf('| FAQs |')).toBeLessThan(body.indexOf('<details'));
    expect(body).toContain(
      '<details><summary>~ <code>faq/account/reset-password</code>: body (ko)</summary>',
    );
    expect(body).not.toContain('left out here');
    expectWellFormed(body);
    expect(result.summary).toContain(body.slice(marker.length + 1, body.indexOf('\n\n<sub>')));
  });

  it('a 5,000-change plan: every count, sections left out for the size limit, the same comment updated', async () => {
    const before = comment()[0]?.id;
    const folder = path.join(project.root, 'content/faq/orders/bulk');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 5000; i++) {
      const name = `question-${String(i).padStart(4, '0')}`;
      writeFileSync(
        path.join(folder, `${name}.md`),
        `---\ncategory: orders\n---\n\n# 대량 질문 ${i}\n\n답변 ${i}.\n`,
      );
    }
    github.requests.length = 0;

    const result = await plan();
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain(`updated the plan comment on pull request #${PR}`);
    expect(comment()).toHaveLength(1);
    expect(comment()[0]?.id).toBe(before);
    expect(github.requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);

    const body = comment()[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain(
      '| Notices | 0 | 1 | 0 | 0 | 0 |\n| Notice tags | 1 | 0 | 0 | 0 | 0 |\n| FAQs | 5000 | 1 | 0 | 0 | 0 |',
    );
    expect(body).toContain('| FAQs | 5000 | 1 | 0 | 0 | 0 |');
    // The largest section gave way to a line saying how much is left out and where the rest is.
    expect(body).toMatch(
      /^\*\*FAQs: (1 to update, 5000 to create|5000 to create, 1 to update)\*\* — 5001 left out here to stay under GitHub's size limit; the full plan is in the \[workflow run\]\(https:\/\/github\.com\/docs-team\/help-center\/actions\/runs\/4242\)'s log, /m,
    );
    expect(sectionsOf(body)).toEqual(['Notices: 1 to update', 'Notice tags: 1 to create']);
    expectWellFormed(body);
    // The job summary has room for all of it; the log has every change.
    expect(Buffer.byteLength(result.summary)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(result.summary).toContain('`faq/orders/bulk/question-4999`');
    expect(result.stdout).toContain('faq/orders/bulk/question-4999');
    expect(github.unexpected).toEqual([]);
  }, 120_000);
});

describe('the Action with content that does not validate', () => {
  let emulator: Emulator;
  let github: FakeGithub;
  beforeAll(async () => {
    emulator = await createEmulator({
      orgId: ORG_ID,
      services: [{ serviceId: 'HelpCenter', serviceKey: SERVICE_KEY, languages: ['ko', 'en'] }],
    });
    github = await startFakeGithub();
  });
  afterAll(async () => {
    await github?.close();
    await emulator?.close();
  });

  it('annotates each problem at its path in the repository, fails, and says so in the summary and the comment', async () => {
    // The project lives in docs/ of the repository: annotations must name docs/content/...
    using project = exampleProject(emulator, 'docs');
    project.write(
      'docs/content/notices/2026/bad.md',
      '---\nheading: maintenence\nstart: 2026-02-30\n---\n# 점검\n\n![x](./missing.png)\n',
    );
    const env = {
      OC_ORG_ID: ORG_ID,
      OC_SERVICE_KEY: SERVICE_KEY,
      GITHUB_API_URL: github.url,
      'INPUT_GITHUB-TOKEN': github.token,
    };

    const validate = await runActionStep({
      workspace: project.root,
      inputs: { command: 'validate', 'working-directory': 'docs' },
      env,
    });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(
      '::error title=content/unknown-code,file=docs/content/notices/2026/bad.md,line=2,col=10::heading maintenence is not declared in notices/_headings.yaml%0Adid you mean maintenance?',
    );
    expect(validate.outputs).toEqual({ errors: '3', warnings: '0' });
    expect(validate.summary).toContain('### oc-sync validate — ❌ 3 errors, 0 warnings');
    expect(validate.summary).toContain('`docs/content/notices/2026/bad.md:2:10`');
    expect(github.requests).toEqual([]);

    // The plan step after it (the workflow runs it anyway, to say so on the pull request) does not annotate again.
    expect(validate.exported).toEqual({ OC_SYNC_ANNOTATED: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const plan = await runActionStep({
      workspace: project.root,
      inputs: { command: 'plan', environment: 'staging', 'working-directory': 'docs' },
      event: pullRequestEvent(),
      env: { ...env, ...validate.exported },
    });
    expect(plan.code).toBe(1);
    expect(plan.stdout).not.toMatch(/^::error [^:]*file=/m);
    expect(plan.stdout).toContain('3 errors, 0 warnings: annotated by the validate step before this one');
    expect(plan.stdout).toMatch(
      /^::error title=oc-sync plan::the config or content\/ does not validate \(3 errors, 0 warnings\); nothing was sent to the service$/m,
    );
    expect(plan.outputs).toEqual({ errors: '3', warnings: '0' });
    expect(plan.summary).toContain('❌ **No plan:**');
    const [comment] = github.comments;
    expect(github.comments).toHaveLength(1);
    expect(comment?.body.startsWith('<!-- oc-sync-plan:staging -->\n### oc-sync plan — `staging`')).toBe(
      true,
    );
    expect(comment?.body).toContain('`docs/content/notices/2026/bad.md:2:10`');
    expect(emulator.requests).toEqual([]);
    expectNoSecret(plan, github);
  });

  it('a plan without a validate step before it annotates the problems itself', async () => {
    using project = exampleProject(emulator);
    project.write('content/faq/orders/only.en.md', '# Orphan\n');
    const result = await runActionStep({
      workspace: project.root,
      inputs: { command: 'plan', comment: 'false' },
      env: { OC_SYNC_ANNOTATED: 'from-another-content', GITHUB_API_URL: github.url },
      inProcess: true,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^::error title=content\/orphan-translation,file=content\/faq\/orders\/only\.en\.md::/m,
    );
  });

  it('refuses inputs it does not understand', async () => {
    using project = exampleProject(emulator);
    const result = await runActionStep({
      workspace: project.root,
      inputs: { command: 'deploy', prune: 'yes', args: '--force' },
      inProcess: true,
      env: { GITHUB_API_URL: github.url },
    });
    expect(result.code).toBe(1);
    const errors = result.stdout.trim().split('\n');
    expect(errors).toEqual([
      '::error title=oc-sync::input command must be one of validate, plan, apply, got "deploy"',
      '::error title=oc-sync::input prune must be true or false, got "yes"',
      expect.stringMatching(/^::error title=oc-sync::input args: Unknown option '--force'/),
    ]);
  });

  it('a missing credential is named, never shown', async () => {
    using project = exampleProject(emulator);
    const result = await runActionStep({
      workspace: project.root,
      inputs: { command: 'plan', environment: 'staging', comment: 'false' },
      inProcess: true,
      env: { OC_ORG_ID: ORG_ID, GITHUB_API_URL: github.url },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^::error title=config\/missing-variable,file=sync\.config\.yaml,line=\d+,col=\d+::/m,
    );
    expect(result.stdout).toContain('OC_SERVICE_KEY');
    expect(result.summary).toContain('Cannot use environment');
    expectNoSecret(result);
  });

  it('a plan apply would refuse (too many deletes) fails the pull request check, before the merge', async () => {
    await using own = await createEmulator({
      orgId: ORG_ID,
      services: [{ serviceId: 'HelpCenter', serviceKey: SERVICE_KEY, languages: ['ko', 'en'] }],
    });
    using project = exampleProject(own);
    const env = { OC_ORG_ID: ORG_ID, OC_SERVICE_KEY: SERVICE_KEY, GITHUB_API_URL: github.url };
    const applied = await runActionStep({
      workspace: project.root,
      inputs: { command: 'apply', environment: 'staging' },
      inProcess: true,
      env,
    });
    expect(applied.code, applied.stdout).toBe(0);
    rmSync(path.join(project.root, 'content/faq/account'), { recursive: true });
    const planned = await runActionStep({
      workspace: project.root,
      inputs: {
        command: 'plan',
        environment: 'staging',
        prune: 'true',
        comment: 'false',
        args: '--max-deletes 0',
      },
      inProcess: true,
      env,
    });
    expect(planned.code).toBe(1);
    expect(planned.stdout).toMatch(
      /^::error title=oc-sync plan::apply will refuse this plan: the plan deletes \d+ item\(s\), more than the limit of 0/m,
    );
    expect(planned.summary).toContain('**apply will refuse this plan**');
  });
});
