import { describe, expect, it } from 'vitest';
import { oc, said } from './support/cli.js';
import { EXAMPLE, expectConverged, orphanUploads } from './support/converged.js';
import { describeRequests, exampleProject, startEmulator } from './support/project.js';

/**
 * Answers slower than the request timeout during apply (the emulator's `slow` fault: the request is handled, then
 * the answer waits). A read is asked again; a create that timed out may have landed, so it is never sent twice —
 * the service is searched for it; an update is a full replacement and is repeated. The run finishes, or the next
 * one does, with every document once.
 */
async function settled(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe.concurrent('oc-sync apply with answers slower than the timeout', { timeout: 60_000 }, () => {
  it('creates that time out after landing are found, reads and updates are repeated, nothing is made twice', async () => {
    await using emulator = await startEmulator({
      faults: [
        { type: 'slow', delayMs: 1_500, method: 'POST', path: '/openapi/v1/helpdoc.json', times: 2 },
        { type: 'slow', delayMs: 1_500, method: 'POST', path: '/multilanguage/notice.json', times: 1 },
        { type: 'slow', delayMs: 1_500, method: 'POST', path: '/attachments/help/upload.json', times: 1 },
        { type: 'slow', delayMs: 1_500, method: 'GET', path: '/notice/tags.json', times: 1 },
      ],
    });
    using project = exampleProject(emulator, { sync: { timeoutMs: 400, retries: 3 } });
    const first = await oc(project.root, ['apply']);
    // A late answer is logged when it is finally sent, after the CLI gave up on it.
    await settled(() => emulator.requests.filter((e) => e.fault === 'slow').length >= 5);
    const slow = emulator.requests.filter((e) => e.fault === 'slow');
    expect(describeRequests(slow).sort()).toEqual([
      'GET /v1/notice/tags.json 200',
      'POST /v1/attachments/help/upload.json 200',
      'POST /v1/helpdoc.json 200',
      'POST /v1/helpdoc.json 200',
      'POST /v1/multilanguage/notice.json 200',
    ]);
    // The timed-out creates were found on the service; the upload whose answer never came cannot be (see README,
    // Reliability): its document fails this run and gets a fresh upload next run.
    expect(first.stdout, said(first)).toMatch(/no response within 400 ms/);
    // Four FAQs, one waiting for that upload: three creates, the two late ones adopted, none sent twice.
    expect(
      emulator.requests.filter((e) => e.method === 'POST' && e.path.endsWith('/helpdoc.json')),
    ).toHaveLength(3);
    expect(first.stdout).toContain('20 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 2 failed');

    const second = await oc(project.root, ['apply']);
    expect(second.code, said(second)).toBe(0);
    await expectConverged(emulator, project, EXAMPLE, { orphans: false });
    // The one thing a late answer leaves behind: the upload nobody heard back from (the API cannot list uploads).
    expect(orphanUploads(emulator, project)).toEqual(['help:refund-form.pdf']);

    // An update whose answer is late is repeated (a full replacement is safe to repeat).
    emulator.clearRequests();
    emulator.addFault({ type: 'slow', delayMs: 1_500, method: 'PUT', times: 1 });
    const file = 'content/faq/orders/change-address.md';
    project.write(file, project.read(file).replace('추가 배송비가', '추가 배송비(3,000원)가'));
    const third = await oc(project.root, ['apply']);
    expect(third.code, said(third)).toBe(0);
    expect(third.stdout).toContain('Apply complete: 0 created, 1 updated');
    // The late answer is logged last, when it is finally sent.
    await settled(() => emulator.requests.some((e) => e.fault === 'slow'));
    expect(emulator.requests.filter((e) => e.method === 'PUT').map((e) => e.fault ?? 'ok')).toEqual([
      'ok',
      'slow',
    ]);
    await expectConverged(emulator, project, EXAMPLE, { orphans: false });
  });
});
