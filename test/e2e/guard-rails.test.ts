import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { attachmentIdentity } from '../../src/resources/attachment.js';
import { oc, repoRoot, SECRET_KEY, said } from './support/cli.js';
import {
  consoleApi,
  describeRequests,
  type E2eProject,
  exampleProject,
  isWrite,
  remoteConfig,
  remoteTitles,
  startEmulator,
} from './support/project.js';

/**
 * Every guard rail of DESIGN §4–5, through the built CLI against an emulator: what is refused, what is held back,
 * and proof on the service (and in its request log) that nothing slipped through. Each block has its own emulator
 * and project, so the blocks run side by side; the steps inside a block build on each other, in order.
 */

const original = (rel: string) => readFileSync(path.join(repoRoot, rel), 'utf8');

async function baseline(emulator: Emulator, project: E2eProject): Promise<void> {
  const result = await oc(project.root, ['apply']);
  expect(result.stdout).toContain('Apply complete: 21 created');
  expect(result.code).toBe(0);
  emulator.clearRequests();
}

describe.concurrent('deletes', { timeout: 45_000 }, () => {
  let emulator: Emulator;
  let project: E2eProject;
  beforeAll(async () => {
    emulator = await startEmulator();
    project = exampleProject(emulator);
    await baseline(emulator, project);
    project.remove('content/faq/account/reset-password.md');
    project.remove('content/faq/account/reset-password.en.md');
    project.remove('content/faq/billing/refund-request.md');
    project.remove('content/faq/billing/refund-request.en.md');
  });
  afterAll(async () => {
    project?.[Symbol.dispose]();
    await emulator?.close();
  });
  const writes = () => describeRequests(emulator.requests.filter(isWrite));

  it.sequential('are off by default: removed files are reported and stay on the service', async () => {
    emulator.clearRequests();
    const result = await oc(project.root, ['apply']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/- FAQ faq\/account\/reset-password .*\n\s+not deleted \(prune is off\)/);
    expect(result.stdout).toMatch(/- FAQ faq\/billing\/refund-request .*\n\s+not deleted \(prune is off\)/);
    expect(result.stdout).toContain(
      'Plan: 0 to create, 0 to update, 0 to delete, 0 drifted. (2 not deleted)',
    );
    expect(writes()).toEqual([]);
    expect(remoteTitles(emulator, 'faq')).toHaveLength(4);
    expect(Object.keys(project.state().documents)).toContain('faq/account/reset-password');
  });

  it.sequential('stop at maxDeletes: exit 1 and nothing deleted', async () => {
    emulator.clearRequests();
    project.write('sync.config.yaml', remoteConfig(emulator, { sync: { maxDeletes: 1 } }));
    const result = await oc(project.root, ['apply', '--prune']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'the plan deletes 2 item(s), more than the limit of 1; nothing was changed',
    );
    expect(result.stderr).toContain('run again with --max-deletes 2');
    expect(writes()).toEqual([]);
    expect(remoteTitles(emulator, 'faq')).toHaveLength(4);
  });

  it.sequential('the plan already says apply will refuse them, and fails (the pull request check)', async () => {
    const planned = await oc(project.root, ['plan', '--prune']);
    expect(planned.code).toBe(1);
    expect(planned.stdout).toContain(
      'apply will refuse this plan: the plan deletes 2 item(s), more than the limit of 1; nothing was changed (check the plan; if it is right, run again with --max-deletes 2)',
    );
    const markdown = await oc(project.root, ['plan', '--prune', '--format', 'markdown']);
    expect(markdown.stdout).toContain('> ⛔ **apply will refuse this plan**: the plan deletes 2 item(s)');
    const allowed = await oc(project.root, ['plan', '--prune', '--max-deletes', '2']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).not.toContain('apply will refuse');
  });

  it.sequential('go through with --max-deletes, and take the upload nobody uses any more along', async () => {
    emulator.clearRequests();
    const gone = ['faq/account/reset-password', 'faq/billing/refund-request'].map(
      (key) => project.state().documents[key]?.id,
    );
    const form =
      project.state().attachments[
        `help:${attachmentIdentity('072696fa6e3a908da043488fdd5d15ed', 'refund-form.pdf')}`
      ]?.id;
    const result = await oc(project.root, ['apply', '--prune', '--max-deletes', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Apply complete: 0 created, 0 updated, 2 deleted');
    expect(writes().sort()).toEqual(
      [
        `DELETE /v1/attachments/help/${form}.json 200`,
        `DELETE /v1/helpdoc/${gone[0]}.json 200`,
        `DELETE /v1/helpdoc/${gone[1]}.json 200`,
      ].sort(),
    );
    expect(remoteTitles(emulator, 'faq').sort()).toEqual([
      '배송지를 바꾸고 싶어요',
      '카드 환불은 언제 처리되나요?',
    ]);
    const state = project.state();
    expect(state.documents['faq/account/reset-password']).toBeUndefined();
    expect(Object.keys(state.attachments)).not.toContain(
      `help:${attachmentIdentity('072696fa6e3a908da043488fdd5d15ed', 'refund-form.pdf')}`,
    );
    expect(Object.values(state.attachments).map((a) => a.id)).not.toContain(form);
  });

  it.sequential('never happen when content does not validate: not a single write is sent', async () => {
    emulator.clearRequests();
    project.remove('content/faq/billing/card-refund-timeline.md');
    project.remove('content/faq/billing/card-refund-timeline.en.md');
    const file = 'content/faq/orders/change-address.md';
    project.write(file, project.read(file).replace('category: orders', 'categroy: orders'));
    const result = await oc(project.root, ['apply', '--prune', '--max-deletes', '10']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('categroy is not a known key');
    expect(result.stderr).toContain('nothing was written to the service');
    // The list pages may have been read while content/ was (plan overlaps them); nothing else is sent.
    expect(describeRequests(emulator.requests.filter((r) => r.method !== 'GET'))).toEqual([]);
    expect(emulator.requests.every((r) => r.method === 'GET' && !/\/\d+\.json$/.test(r.path))).toBe(true);
    expect(remoteTitles(emulator, 'faq')).toHaveLength(2);

    project.write(file, original(file));
    for (const rel of [
      'content/faq/billing/card-refund-timeline.md',
      'content/faq/billing/card-refund-timeline.en.md',
    ])
      project.write(rel, original(rel));
  });

  it.sequential('never empty a kind: with every notice gone locally, none is deleted', async () => {
    emulator.clearRequests();
    project.remove('content/notices/2026/app-4-2-release.md');
    project.remove('content/notices/2026/app-4-2-release.en.md');
    project.remove('content/notices/2026/december-maintenance.md');
    project.remove('content/notices/2026/december-maintenance.en.md');
    const result = await oc(project.root, ['apply', '--prune']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'not deleted: no notice is left under content/: refusing to delete them all',
    );
    expect(result.stdout).toContain('0 deleted');
    expect(writes()).toEqual([]);
    expect(remoteTitles(emulator, 'notice')).toHaveLength(2);
    // The notices keep their image: the upload is still in use.
    const image = project.state().attachments[
      `notice:${attachmentIdentity('dcca05f6990c9aa0f4feac18c9572652', 'maintenance-window.png')}`
    ]?.id as string;
    expect(emulator.service().attachment(image)).toBeDefined();
  });
});

describe.concurrent('drift and saved plans', { timeout: 45_000 }, () => {
  let emulator: Emulator;
  let project: E2eProject;
  beforeAll(async () => {
    emulator = await startEmulator();
    project = exampleProject(emulator);
    await baseline(emulator, project);
  });
  afterAll(async () => {
    project?.[Symbol.dispose]();
    await emulator?.close();
  });

  /** What an editor does in the web console: a signed PUT with a new Korean title. */
  async function editInConsole(id: number, title: string): Promise<void> {
    const api = consoleApi(emulator);
    const record = await api.faq.get(id);
    const contents = Object.fromEntries(
      Object.entries(record.contents ?? {}).map(([language, c]) => [
        language,
        { title: language === 'ko' ? title : c.title, content: c.content, attachments: [] },
      ]),
    );
    await api.faq.update(id, {
      status: record.status,
      categoryId: record.categories?.[0]?.categoryId as number,
      isRecommend: record.isRecommend,
      isTop: record.isTop,
      contents,
    });
  }

  it.sequential('skips a document edited on the service, applies the rest, and says the way out', async () => {
    const id = project.state().documents['faq/account/reset-password']?.id as number;
    await editInConsole(id, '비밀번호 재설정 (상담원 수정)');
    const file = 'content/faq/orders/change-address.md';
    project.write(file, project.read(file).replace('추가 배송비가', '추가 배송비(3,000원)가'));
    emulator.clearRequests();

    const skipped = await oc(project.root, ['apply']);
    expect(skipped.code).toBe(1);
    expect(skipped.stdout).toContain('drifted: changed on the service since the last apply');
    expect(skipped.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete, 1 drifted.');
    expect(skipped.stdout).toContain(
      '1 item(s) changed on the service since the last apply were not touched:\n  ! FAQ faq/account/reset-password',
    );
    expect(skipped.stdout).toContain('To keep the service version: oc-sync pull --env e2e.');
    expect(skipped.stdout).toContain(
      'To replace it with content/: oc-sync apply --env e2e --overwrite-drift.',
    );
    expect(skipped.stdout).toContain(
      'Apply complete: 0 created, 1 updated, 0 deleted, 19 unchanged, 1 skipped',
    );
    expect(describeRequests(emulator.requests.filter(isWrite))).toEqual([
      `PUT /v1/helpdoc/${project.state().documents['faq/orders/change-address']?.id}.json 200`,
    ]);
    expect(emulator.service().detail('faq', id).title).toBe('비밀번호 재설정 (상담원 수정)');

    const overwritten = await oc(project.root, ['apply', '--overwrite-drift']);
    expect(overwritten.code).toBe(0);
    expect(overwritten.stdout).toContain('Apply complete: 0 created, 1 updated');
    expect(emulator.service().detail('faq', id).title).toBe('비밀번호를 잊어버렸어요');
    const plan = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
  });

  it.sequential('refuses a saved plan gone stale, and applies one that is not', async () => {
    const saved = await oc(project.root, ['plan', '--out', 'plan.json']);
    expect(saved.code).toBe(0);
    const file = 'content/faq/account/reset-password.md';
    project.write(file, project.read(file).replace('30분 동안만', '1시간 동안'));
    emulator.clearRequests();

    const stale = await oc(project.root, ['apply', 'plan.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('the saved plan is stale: content/ changed since it was made');
    expect(stale.stderr).toContain('make a new plan (oc-sync plan --out plan.json)');
    expect(emulator.requests.filter(isWrite)).toEqual([]);

    const fresh = await oc(project.root, ['plan', '--out', 'plan.json']);
    expect(fresh.stdout).toContain('Plan: 0 to create, 1 to update');
    const applied = await oc(project.root, ['apply', 'plan.json']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 0 created, 1 updated');
    const id = project.state().documents['faq/account/reset-password']?.id as number;
    expect(String(emulator.service().detail('faq', id).content)).toContain('1시간 동안');
    expect(project.read('plan.json')).not.toContain(SECRET_KEY);
    expect(project.stateText()).not.toContain(SECRET_KEY);
  });
});

describe.concurrent('a protected environment', { timeout: 45_000 }, () => {
  it('is applied to only when --env names it', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { environment: { protected: true } });

    const plain = await oc(project.root, ['apply']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('environment e2e is protected: apply needs it named explicitly');
    expect(plain.stderr).toContain('run oc-sync apply --env e2e');
    const fromVariable = await oc(project.root, ['apply'], { OC_ENV: 'e2e' });
    expect(fromVariable.code).toBe(1);
    expect(fromVariable.stderr).toContain('is protected');
    expect(emulator.requests).toEqual([]);

    const named = await oc(project.root, ['apply', '--env', 'e2e', '--yes']);
    expect(named.code).toBe(0);
    expect(named.stdout).toContain('Apply complete: 21 created');
  });
});

describe.concurrent('the service key', { timeout: 45_000 }, () => {
  it('appears in no output, error or state file, whatever goes wrong', async () => {
    await using emulator = await startEmulator({
      faults: [{ type: 'status', status: 500, method: 'POST', path: '/openapi/v1/helpdoc.json', times: 1 }],
    });
    using project = exampleProject(emulator);
    // Every oc() call fails the test if the key shows in stdout or stderr; these runs print the most.
    const failing = await oc(project.root, ['apply', '--verbose']);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('POST /HelpCenter/openapi/v1/helpdoc.json → 500');

    // A wrong key is a secret too, and so is a malformed one given as an override.
    const wrongKey = `wrong-${SECRET_KEY}`;
    const rejected = await oc(project.root, ['apply', '--verbose'], { OC_E2E_SERVICE_KEY: wrongKey });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain(
      'Authorization is incorrect — check orgId and the key for this environment',
    );
    expect(said(rejected)).not.toContain(wrongKey);
    // (OC_SERVICE_KEY would be ignored here: the environment names its own key variable.)
    const malformed = await oc(project.root, ['apply'], { OC_BASE_URL: `bad ${SECRET_KEY}` });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('OC_BASE_URL must be');

    expect(project.stateText()).not.toContain(SECRET_KEY);
    expect(project.read('sync.config.yaml')).not.toContain(SECRET_KEY);
  });
});
