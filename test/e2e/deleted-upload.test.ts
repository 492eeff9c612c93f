import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { oc, said } from './support/cli.js';
import { type E2eProject, makeProject, remoteConfig, startEmulator } from './support/project.js';

/**
 * An upload deleted in the web console (issue 14, case 11). The service drops it from the documents that listed it
 * without touching their `updatedDt`, and uploads cannot be listed, so the plan cannot see it; every later write
 * that references it was refused with 9005, for good. Apply now finds the deleted upload, uploads it again and
 * sends the write once more.
 */

const PDF = Buffer.from('%PDF-1.4 refund form, three FAQs link it\n');
const faq = (n: number, revision: string) =>
  `---\ncategory: forms\n---\n\n# 환불 문의 ${n}\n\n[신청서](./refund.pdf)를 받으세요. ${revision}\n`;

interface StoredFaq {
  helpDocId: number;
  contents: Record<string, { content: string; attachments?: { attachmentId: string }[] | null }>;
}

const storedFaqs = (emulator: Emulator) => emulator.service().list('faq') as unknown as StoredFaq[];
const uploadIds = (emulator: Emulator) =>
  emulator
    .service()
    .attachments()
    .map((a) => a.attachmentId);

async function syncedThenDeleted(emulator: Emulator, project: E2eProject): Promise<string> {
  const first = await oc(project.root, ['apply', '--yes']);
  expect(first.code, said(first)).toBe(0);
  const [original] = uploadIds(emulator);
  if (!original) throw new Error('nothing was uploaded');
  // In the console: the upload is deleted; the FAQs lose it from their attachment lists, silently.
  emulator.service().deleteAttachment('help', original);
  expect(uploadIds(emulator)).toEqual([]);
  const unchanged = await oc(project.root, ['plan', '--detailed-exitcode']);
  expect(unchanged.code, 'the plan cannot see the deletion').toBe(0);
  return original;
}

/** One new upload, linked and listed by all three FAQs, and recorded in the state. */
function expectRepaired(emulator: Emulator, project: E2eProject, original: string, edited: number[]): void {
  const uploads = uploadIds(emulator);
  expect(uploads).toHaveLength(1);
  const [replacement] = uploads as [string];
  expect(Object.values(project.state().attachments).map((a) => a.id)).toEqual([replacement]);
  const faqs = storedFaqs(emulator);
  expect(faqs).toHaveLength(3);
  for (const stored of faqs) {
    const ko = stored.contents.ko;
    expect(ko?.content).toContain(replacement);
    expect(ko?.content).not.toContain(original);
    expect(ko?.attachments?.map((a) => a.attachmentId)).toEqual([replacement]);
  }
  const revised = faqs.filter((f) => f.contents.ko?.content.includes('(개정)')).map((f) => f.helpDocId);
  expect(revised).toHaveLength(edited.length);
}

const project3 = (emulator: Emulator) =>
  makeProject({
    'sync.config.yaml': remoteConfig(emulator),
    'content/faq/_categories.yaml': '- code: forms\n  name: { ko: 서식, en: Forms }\n',
    'content/faq/forms/refund.pdf': PDF,
    ...Object.fromEntries([1, 2, 3].map((n) => [`content/faq/forms/q${n}.md`, faq(n, '')])),
  });

describe('an upload deleted in the console', { timeout: 60_000 }, () => {
  it('is uploaded again when the documents that link it are written', async () => {
    await using emulator = await startEmulator();
    using project = project3(emulator);
    const original = await syncedThenDeleted(emulator, project);

    for (const n of [1, 2, 3]) project.write(`content/faq/forms/q${n}.md`, faq(n, '(개정)'));
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code, said(applied)).toBe(0);
    expect(applied.stderr).toMatch(
      new RegExp(
        `faq/forms/refund\\.pdf: its upload ${original} was deleted on the service; uploaded again as [0-9a-f]+ for the documents written in this run\\.\n`,
      ),
    );
    expectRepaired(emulator, project, original, [1, 2, 3]);
    const after = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(after.code, said(after)).toBe(0);
  });

  it('when one document is edited, the others that link it are updated by the next apply', async () => {
    await using emulator = await startEmulator();
    using project = project3(emulator);
    const original = await syncedThenDeleted(emulator, project);

    project.write('content/faq/forms/q1.md', faq(1, '(개정)'));
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code, said(applied)).toBe(0);
    expect(applied.stderr).toContain(
      'faq/forms/q2, faq/forms/q3 also link it and were not written in this run: the next apply updates them',
    );
    const plan = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(plan.code, said(plan)).toBe(2);
    const again = await oc(project.root, ['apply', '--yes']);
    expect(again.code, said(again)).toBe(0);
    expectRepaired(emulator, project, original, [1]);
    const after = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(after.code, said(after)).toBe(0);
  });
});
