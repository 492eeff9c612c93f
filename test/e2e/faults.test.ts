import { describe, expect, it } from 'vitest';
import { oc } from './support/cli.js';
import { EXAMPLE, expectConverged } from './support/converged.js';
import { describeRequests, exampleProject, remoteTitles, startEmulator } from './support/project.js';

/**
 * The service misbehaving under the built CLI: creates that commit and then answer 500, plain 5xx answers, a
 * storm of 429s. Whatever one run leaves behind, the next one finishes: every document exactly once on the service,
 * owned by the state, and a plan with nothing left to do.
 */

// Each case has its own emulator and project: they run side by side.
describe.concurrent('oc-sync apply under faults', { timeout: 45_000 }, () => {
  it('adopts creates that committed and then answered 500, instead of making them twice', async () => {
    await using emulator = await startEmulator({
      faults: [
        { type: 'commit-then-fail', method: 'POST', path: '/openapi/v1/helpdoc.json', times: 2 },
        { type: 'commit-then-fail', method: 'POST', path: '/openapi/v1/multilanguage/notice.json', times: 1 },
        {
          type: 'commit-then-fail',
          method: 'POST',
          path: '/openapi/v1/multilanguage/notice/template.json',
          times: 1,
        },
        { type: 'commit-then-fail', method: 'POST', path: '/openapi/v1/helpdoc/category.json', times: 2 },
      ],
    });
    using project = exampleProject(emulator);
    const first = await oc(project.root, ['apply']);
    const failedAnswers = emulator.requests.filter((e) => e.fault === 'commit-then-fail');
    expect(describeRequests(failedAnswers)).toHaveLength(6);
    // Every lost answer was found on the service and adopted: nothing failed, nothing is made twice.
    expect(first.stdout).toContain(
      'Apply complete: 21 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 0 failed',
    );
    expect(first.code).toBe(0);
    await expectConverged(emulator, project, EXAMPLE);
  });

  it('finds on the next run a create that committed unheard, when the search for it failed too', async () => {
    await using emulator = await startEmulator({
      latencyMs: 5,
      faults: [
        {
          type: 'commit-then-fail',
          method: 'POST',
          path: '/openapi/v1/multilanguage/notice/template.json',
          times: 1,
        },
      ],
    });
    using project = exampleProject(emulator, { sync: { retries: 1 } });
    // Once writing starts (the plan has listed everything already), listing templates fails: the lost create
    // cannot be looked for in this run.
    const arm = setInterval(() => {
      if (!emulator.requests.some((e) => e.method === 'POST')) return;
      clearInterval(arm);
      emulator.addFault({
        type: 'status',
        status: 503,
        method: 'GET',
        path: '/openapi/v1/multilanguage/notice/template.json',
        times: 2,
      });
    }, 1);
    const first = await oc(project.root, ['apply']).finally(() => clearInterval(arm));
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('✗ notice template templates/maintenance: POST');
    expect(first.stdout).toContain(', 1 failed;');
    // The state file keeps the create as pending, with the title to find it by.
    expect(project.state().pending['templates/maintenance']).toMatchObject({
      kind: 'template',
      title: '정기 점검 안내',
    });
    expect(remoteTitles(emulator, 'template')).toHaveLength(1);

    const second = await oc(project.root, ['apply']);
    expect(second.stderr).toContain('recovered 1 document(s) created by an interrupted run');
    expect(second.stdout).toContain(
      'Apply complete: 0 created, 0 updated, 0 deleted, 21 unchanged, 0 skipped, 0 failed',
    );
    expect(second.code).toBe(0);
    await expectConverged(emulator, project, EXAMPLE);
  });

  it('finishes on the next run what 5xx answers and dropped connections stopped', async () => {
    await using emulator = await startEmulator({
      faults: [
        // Creates and uploads are never repeated blindly: these fail this run.
        { type: 'status', status: 503, method: 'POST', path: '/openapi/v1/helpdoc.json', times: 1 },
        {
          type: 'status',
          status: 500,
          method: 'POST',
          path: '/openapi/v1/multilanguage/notice/template.json',
          times: 1,
        },
        { type: 'drop', method: 'POST', path: '/openapi/v1/multilanguage/notice.json', times: 1 },
        { type: 'status', status: 502, method: 'POST', path: '/attachments/help/upload.json', times: 1 },
        // Reads are retried.
        { type: 'status', status: 503, method: 'GET', times: 2 },
      ],
    });
    using project = exampleProject(emulator);
    const first = await oc(project.root, ['apply']);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(
      'Apply finished with errors: 17 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 5 failed',
    );
    expect(first.stdout).toContain('Run apply again to finish');
    expect(describeRequests(emulator.requests.filter((e) => e.fault)).sort()).toEqual([
      'GET /v1/notice/tags.json 503',
      'GET /v2/notice/categories.json 503',
      'POST /v1/attachments/help/upload.json 502',
      'POST /v1/helpdoc.json 503',
      'POST /v1/multilanguage/notice.json 0',
      'POST /v1/multilanguage/notice/template.json 500',
    ]);

    const second = await oc(project.root, ['apply']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      'Apply complete: 4 created, 0 updated, 0 deleted, 17 unchanged, 0 skipped, 0 failed',
    );
    await expectConverged(emulator, project, EXAMPLE, { plan: false });

    // An update is safe to repeat: 5xx, a dropped connection and a commit-then-fail are retried in the same run.
    emulator.clearRequests();
    emulator.addFault({ type: 'status', status: 504, method: 'PUT', times: 1 });
    emulator.addFault({ type: 'drop', method: 'PUT', times: 1 });
    emulator.addFault({ type: 'commit-then-fail', method: 'PUT', times: 1 });
    const file = 'content/faq/orders/change-address.md';
    project.write(file, project.read(file).replace('추가 배송비가', '추가 배송비(3,000원)가'));
    const third = await oc(project.root, ['apply']);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('Apply complete: 0 created, 1 updated');
    expect(
      describeRequests(emulator.requests.filter((e) => e.method === 'PUT')).map((r) =>
        r.replace(/\/\d+\./, '/ID.'),
      ),
    ).toEqual([
      'PUT /v1/helpdoc/ID.json 504',
      'PUT /v1/helpdoc/ID.json 0',
      'PUT /v1/helpdoc/ID.json 500',
      'PUT /v1/helpdoc/ID.json 200',
    ]);
    await expectConverged(emulator, project, EXAMPLE);
  });

  it('rides out a storm of 429s, honouring Retry-After', async () => {
    await using emulator = await startEmulator({
      faults: [{ type: 'rate-limit', retryAfterSeconds: 1, times: 4 }],
    });
    using project = exampleProject(emulator, { sync: { retries: 6 } });
    const started = performance.now();
    const result = await oc(project.root, ['apply']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Apply complete: 21 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 0 failed',
    );
    expect(emulator.requests.filter((e) => e.status === 429)).toHaveLength(4);
    // Each 429 asked for a second's pause; the client waited at least that long before trying again.
    expect(performance.now() - started).toBeGreaterThan(1_000);
    await expectConverged(emulator, project, EXAMPLE);
  });
});
