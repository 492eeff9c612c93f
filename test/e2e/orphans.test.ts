import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../../src/emulator/index.js';
import { oc, said } from './support/cli.js';
import { expectConverged, orphanUploads } from './support/converged.js';
import { makeProject, remoteConfig, startEmulator } from './support/project.js';

/**
 * Uploads under faults, checked in the emulator's store. The API cannot list uploads, so an upload that landed but
 * whose answer (its attachmentId) never arrived cannot be found again: it stays on the service, unused. Every other
 * fault class leaves nothing behind — the upload never happened, was retried, or is deleted once nothing uses it.
 * This test pins down exactly which classes orphan one upload, so a change in either direction shows.
 */

const UPLOAD = '/attachments/help/upload.json';

const CASES: [string, FaultRule, number][] = [
  ['5xx before the write', { type: 'status', status: 503, method: 'POST', path: UPLOAD, times: 1 }, 0],
  ['connection dropped before the write', { type: 'drop', method: 'POST', path: UPLOAD, times: 1 }, 0],
  ['429 (retried)', { type: 'rate-limit', retryAfterSeconds: 0, method: 'POST', path: UPLOAD, times: 1 }, 0],
  ['commit then 500', { type: 'commit-then-fail', method: 'POST', path: UPLOAD, times: 1 }, 1],
  ['commit then a cut-off answer', { type: 'malformed', variant: 'truncated', path: UPLOAD, times: 1 }, 1],
  [
    'commit then an answer later than the timeout',
    { type: 'slow', delayMs: 1_500, path: UPLOAD, times: 1 },
    1,
  ],
];

describe.concurrent('uploads under faults', { timeout: 60_000 }, () => {
  it.each(CASES)('%s', async (_name, fault, orphans) => {
    await using emulator = await startEmulator({ faults: [fault] });
    using project = makeProject({
      'sync.config.yaml': remoteConfig(emulator, { sync: { timeoutMs: 500 } }),
      'content/faq/_categories.yaml': '- code: forms\n  name: { ko: 서식, en: Forms }\n',
      'content/faq/forms/refund.md': '---\ncategory: forms\n---\n\n# 환불 신청서\n\n[신청서](./refund.pdf)\n',
      'content/faq/forms/refund.pdf': '%PDF-1.4 refund form\n',
    });
    const first = await oc(project.root, ['apply']);
    const second = first.code === 0 ? first : await oc(project.root, ['apply']);
    expect(second.code, said(second)).toBe(0);
    await expectConverged(
      emulator,
      project,
      { faq: 1, notice: 0, template: 0, faqCategory: 1 },
      // The plan after a converged apply is checked elsewhere; here only the uploads matter.
      { orphans: false, plan: false },
    );
    // Let a late answer finish, so the store holds everything the service will ever hold.
    await new Promise((resolve) => setTimeout(resolve, fault.type === 'slow' ? 1_200 : 0));
    expect(orphanUploads(emulator, project)).toHaveLength(orphans);
    // The document uses the one upload the state knows.
    const [faq] = emulator.service().list('faq') as {
      contents: Record<string, { attachments?: unknown[] }>;
    }[];
    const used = Object.values(faq?.contents ?? {}).flatMap((c) => c.attachments ?? []);
    const recorded = Object.values(project.state().attachments).map((a) => a.id);
    expect(recorded).toHaveLength(1);
    expect(used.map((a) => (a as { attachmentId: string }).attachmentId)).toContain(recorded[0]);
  });
});
