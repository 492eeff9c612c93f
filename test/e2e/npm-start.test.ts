import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/index.js';
import { EMBEDDED_CREDENTIALS } from '../../src/remote/connect.js';
import { oc, repoRoot } from './support/cli.js';
import { makeProject } from './support/project.js';

/**
 * `npm start` on a fresh clone: the repository's own sync.config.yaml (default environment `local`, the embedded
 * emulator, data under `.oc-sync/emulator/`) and the example content/. The first run creates everything and shows
 * the plan and the summary; the second has nothing to do.
 */
describe('npm start (oc-sync apply --yes on the embedded emulator)', () => {
  it('creates the example help center, then reports no changes', async () => {
    using project = makeProject();
    cpSync(path.join(repoRoot, 'content'), path.join(project.root, 'content'), { recursive: true });
    cpSync(path.join(repoRoot, 'sync.config.yaml'), path.join(project.root, 'sync.config.yaml'));

    const first = await oc(project.root, ['apply', '--yes']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('oc-sync plan — environment local, service HelpCenter');
    expect(first.stdout).toContain('+ FAQ faq/billing/refund-request "환불은 어떻게 신청하나요?"');
    expect(first.stdout).toContain('Plan: 21 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(first.stdout).toMatch(
      /Apply complete: 21 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 0 failed; 2 upload\(s\), \d+ requests in \d+\.\d s\./,
    );
    expect(project.exists('.oc-sync/emulator')).toBe(true);
    expect(Object.keys(project.state('local').documents)).toHaveLength(7);

    const second = await oc(project.root, ['apply', '--yes']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes. The service matches content/.');
    expect(second.stdout).toContain('Apply complete: 0 created, 0 updated, 0 deleted, 21 unchanged');
  });

  it('an edit of one language changes that body only: links stay the same from run to run', async () => {
    using project = makeProject();
    cpSync(path.join(repoRoot, 'content'), path.join(project.root, 'content'), { recursive: true });
    cpSync(path.join(repoRoot, 'sync.config.yaml'), path.join(project.root, 'sync.config.yaml'));
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    const before = await storedFaq(project.root, '환불은 어떻게 신청하나요?');

    // Each run starts the embedded emulator on a new port; the Korean body is edited, the English one is not.
    const file = path.join(project.root, 'content/faq/billing/refund-request.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('**7일 이내**', '**14일 이내**'));
    const plan = await oc(project.root, ['plan', '--format', 'json']);
    const changes = (
      JSON.parse(plan.stdout) as { changes: { action: string; key: string; changedFields: string[] }[] }
    ).changes;
    expect(changes.filter((c) => c.action !== 'noop').map((c) => [c.key, c.changedFields])).toEqual([
      ['faq/billing/refund-request', ['contents.ko.body']],
    ]);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);

    const after = await storedFaq(project.root, '환불은 어떻게 신청하나요?');
    expect(after.en).toBe(before.en);
    expect(after.ko).toBe(before.ko.replace('<strong>7일 이내</strong>', '<strong>14일 이내</strong>'));
    expect(after.ko).toContain('href="http://emulator.localhost/HelpCenter/openapi/v2/attachments/help/');
  });
});

/** A FAQ's bodies as the embedded emulator holds them (read from its data folder once the CLI has exited). */
async function storedFaq(root: string, title: string): Promise<{ ko: string; en: string }> {
  await using emulator = await createEmulator({
    dataDir: path.join(root, '.oc-sync/emulator'),
    orgId: EMBEDDED_CREDENTIALS.orgId,
    orgKey: EMBEDDED_CREDENTIALS.orgKey,
    services: [
      { serviceId: 'HelpCenter', serviceKey: EMBEDDED_CREDENTIALS.serviceKey, languages: ['ko', 'en'] },
    ],
  });
  const record = emulator
    .service()
    .list('faq')
    .find((r) => (r as { title?: string }).title === title) as
    | { contents: Record<string, { content: string }> }
    | undefined;
  if (!record) throw new Error(`no FAQ ${title} in the embedded emulator`);
  return { ko: record.contents.ko?.content ?? '', en: record.contents.en?.content ?? '' };
}
