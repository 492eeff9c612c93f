import { describe, expect, it } from 'vitest';
import type { MalformedVariant } from '../../src/emulator/index.js';
import { oc, said } from './support/cli.js';
import { EXAMPLE, expectConverged } from './support/converged.js';
import { describeRequests, exampleProject, isWrite, startEmulator } from './support/project.js';

/**
 * The built CLI against a service (or a proxy) answering garbage — the emulator's `malformed` fault. A garbled answer
 * to a read stops the run before anything is written, with one line naming the call and what came back; a garbled
 * answer to a write that landed is found again like any lost answer. The state file is never touched by a run that
 * stopped, and the next run without the fault converges.
 */

const FAQ_LIST = '/openapi/v1/helpdoc.json';
const CHANGED = 'content/faq/orders/change-address.md';

/** What the person reads when the FAQ list comes back broken (the other variants: test/contract/malformed.test.ts). */
const READ_MESSAGES: [MalformedVariant, RegExp][] = [
  [
    'html-200',
    /GET \/HelpCenter\/openapi\/v1\/helpdoc\.json failed after 1 attempt\(s\): HTTP 200 answered with an HTML page \("Sign in"\).*check baseUrl/,
  ],
  [
    'truncated',
    /helpdoc\.json failed after 3 attempt\(s\): HTTP 200 answered with JSON cut off after \d+ bytes/,
  ],
  [
    'string-ids',
    /GET v1\/helpdoc\.json: unexpected answer from the service: FAQ list item: helpDocId: .*expected number/,
  ],
  ['huge', /helpdoc\.json failed after 1 attempt\(s\): HTTP 200: the answer is larger than 32 MiB/],
  ['endless-pages', /FAQ list: the service claims 1000000000 items on \d+ pages, more than oc-sync reads/],
];

describe.concurrent('oc-sync apply against malformed answers', { timeout: 90_000 }, () => {
  it('a garbled read stops the run before any write, says which call and what came back, and leaves the state alone', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { sync: { retries: 2 } });
    expect((await oc(project.root, ['apply'])).code).toBe(0);
    project.write(CHANGED, project.read(CHANGED).replace('추가 배송비가', '추가 배송비(3,000원)가'));
    const stateBefore = project.stateText();

    for (const [variant, message] of READ_MESSAGES) {
      emulator.clearRequests();
      emulator.addFault({ type: 'malformed', variant, method: 'GET', path: FAQ_LIST });
      const run = await oc(project.root, ['apply']);
      emulator.clearFaults();
      expect(run.code, variant).toBe(1);
      expect(run.stderr, variant).toMatch(message);
      // One line for a person, no stack trace.
      expect(run.stderr, variant).not.toMatch(/\n\s+at /);
      expect(describeRequests(emulator.requests.filter(isWrite)), variant).toEqual([]);
      expect(project.stateText(), variant).toBe(stateBefore);
      expect(project.exists('.oc-sync/state/e2e.journal')).toBe(false);
      expect(project.exists('.oc-sync/state/e2e.lock'), 'the lock was released').toBe(false);
    }

    const after = await oc(project.root, ['apply']);
    expect(after.stdout, said(after)).toContain('Apply complete: 0 created, 1 updated');
    await expectConverged(emulator, project, EXAMPLE);
  });

  it('creates and updates whose answers are garbled after they landed are found again, never made twice', async () => {
    await using emulator = await startEmulator({
      faults: [
        { type: 'malformed', variant: 'html', method: 'POST', path: '/openapi/v1/helpdoc.json', times: 1 },
        {
          type: 'malformed',
          variant: 'truncated',
          method: 'POST',
          path: '/openapi/v1/helpdoc.json',
          times: 1,
        },
        {
          type: 'malformed',
          variant: 'wrong-types',
          method: 'POST',
          path: '/multilanguage/notice.json',
          times: 1,
        },
        { type: 'malformed', variant: 'string-ids', method: 'POST', path: '/notice/template.json', times: 1 },
        {
          type: 'malformed',
          variant: 'no-envelope',
          method: 'POST',
          path: '/helpdoc/category.json',
          times: 1,
        },
        { type: 'malformed', variant: 'not-json', method: 'POST', path: '/notice/tag.json', times: 1 },
      ],
    });
    using project = exampleProject(emulator);
    const first = await oc(project.root, ['apply']);
    expect(emulator.requests.filter((e) => e.fault === 'malformed')).toHaveLength(6);
    expect(first.stdout, said(first)).toContain(
      'Apply complete: 21 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 0 failed',
    );
    expect(first.code).toBe(0);
    await expectConverged(emulator, project, EXAMPLE);

    // An update answered with garbage: retried when it is a proxy page, settled by the next run when it is not.
    emulator.addFault({ type: 'malformed', variant: 'html', method: 'PUT', times: 1 });
    emulator.addFault({ type: 'malformed', variant: 'wrong-types', method: 'PUT', times: 1 });
    project.write(CHANGED, project.read(CHANGED).replace('추가 배송비가', '추가 배송비(3,000원)가'));
    const second = await oc(project.root, ['apply']);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(
      /✗ FAQ faq\/orders\/change-address: PUT v1\/helpdoc\/\d+\.json: unexpected answer from the service: FAQ update result/,
    );
    expect(project.state()).toHaveProperty('updating');
    const third = await oc(project.root, ['apply']);
    expect(third.stderr).toContain('recovered 1 update(s) made by an interrupted run');
    expect(third.code).toBe(0);
    await expectConverged(emulator, project, EXAMPLE);
  });

  it('__proto__ and constructor keys in every answer change nothing', async () => {
    await using emulator = await startEmulator({ faults: [{ type: 'malformed', variant: 'proto-keys' }] });
    using project = exampleProject(emulator);
    const first = await oc(project.root, ['apply']);
    expect(first.stdout, said(first)).toContain('Apply complete: 21 created');
    expect(first.code).toBe(0);
    expect(emulator.requests.every((e) => e.fault === 'malformed' || e.status === 0)).toBe(true);
    await expectConverged(emulator, project, EXAMPLE);
  });
});
