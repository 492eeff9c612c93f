import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { finished, oc, spawnCli } from './support/cli.js';
import { EXAMPLE, expectConverged } from './support/converged.js';
import { type E2eProject, exampleProject, startEmulator } from './support/project.js';

/**
 * A SIGKILL at every point where apply records something (issue 14 case 4), for a run that renames two FAQs with
 * `previously:` (one also edited, one given a new image: an upload), edits two notices (one of them twice: its links
 * follow the rename), creates a template and prunes a FAQ. Whatever point the
 * kill hits, the next apply finishes the run: every document once, the renamed FAQs keep their ids (nothing is
 * created again), and a plan with nothing to do.
 */

const killPreload = fileURLToPath(new URL('../support/journal-kill.mjs', import.meta.url));

/** The example applied, then the edits of the run under test. Returns the ids the renamed FAQs must keep. */
async function renamingProject(emulator: Emulator): Promise<{ project: E2eProject; ids: number[] }> {
  const project = exampleProject(emulator);
  expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
  const before = project.state().documents;
  const ids = [before['faq/orders/change-address']?.id, before['faq/account/reset-password']?.id] as number[];
  // Renamed with `previously:`, and given a new image (an upload).
  const address = project.read('content/faq/orders/change-address.md');
  project.remove('content/faq/orders/change-address.md');
  project.write('content/faq/orders/map.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  project.write(
    'content/faq/orders/shipping-address.md',
    `${address.replace('---\n', '---\npreviously: faq/orders/change-address\n')}\n![배송지 변경 화면](map.png)\n`,
  );
  // Removed, and pruned.
  project.remove('content/faq/billing/refund-request.md');
  project.remove('content/faq/billing/refund-request.en.md');
  project.move('content/faq/orders/change-address.en.md', 'content/faq/orders/shipping-address.en.md');
  // Renamed with `previously:` and edited.
  const reset = project.read('content/faq/account/reset-password.md');
  project.remove('content/faq/account/reset-password.md');
  project.write(
    'content/faq/account/forgot-password.md',
    reset.replace('---\n', '---\npreviously: faq/account/reset-password\n').replace('30분', '60분'),
  );
  project.move('content/faq/account/reset-password.en.md', 'content/faq/account/forgot-password.en.md');
  // The links to the renamed FAQs follow them, as the validate error asks.
  for (const file of [
    'content/notices/2026/app-4-2-release.md',
    'content/notices/2026/app-4-2-release.en.md',
  ]) {
    project.write(
      file,
      project
        .read(file)
        .replaceAll('change-address.', 'shipping-address.')
        .replaceAll('reset-password.', 'forgot-password.'),
    );
  }
  const notice = 'content/notices/2026/december-maintenance.md';
  project.write(notice, `${project.read(notice)}\n추가 안내: 점검은 예정대로 진행됩니다.\n`);
  project.write(
    'content/templates/outage.md',
    '---\nsubject: 장애 안내\nmemo: 장애가 났을 때\nheading: maintenance\n---\n\n# 서비스 장애 안내\n\n복구 중입니다.\n',
  );
  return { project, ids };
}

async function applyKilledAt(project: E2eProject, point: number, log: string) {
  return finished(
    spawnCli(
      project.root,
      ['apply', '--yes', '--prune'],
      { OC_KILL_AFTER_APPENDS: String(point), OC_KILL_LOG: log },
      ['--import', killPreload],
    ),
  );
}

async function expectFinishedAfterKillAt(point: number, log: string): Promise<void> {
  await using emulator = await startEmulator({ latencyMs: 2 });
  const { project, ids } = await renamingProject(emulator);
  using _ = project;
  const killed = await applyKilledAt(project, point, log);
  expect(killed.signal, `killed at journal record ${point}`).toBe('SIGKILL');
  const next = await oc(project.root, ['apply', '--yes', '--prune']);
  expect(next.code, `after a kill at record ${point}:\n${next.stdout}\n${next.stderr}`).toBe(0);
  await expectConverged(emulator, project, { ...EXAMPLE, faq: EXAMPLE.faq - 1, template: 2 });
  const documents = project.state().documents;
  expect(documents['faq/orders/shipping-address']?.id, `record ${point}: moved`).toBe(ids[0]);
  expect(documents['faq/account/forgot-password']?.id, `record ${point}: moved and edited`).toBe(ids[1]);
  expect(documents).not.toHaveProperty('faq/orders/change-address');
  expect(documents).not.toHaveProperty('faq/account/reset-password');
}

describe('oc-sync apply killed at every journal record', () => {
  it('converges from a kill at each point of a run with renames, edits, a create, an upload and a prune', {
    timeout: 180_000,
  }, async () => {
    // How many points the run has: the same run, not killed.
    const counting = path.join(tmpdir(), `oc-sync-journal-${process.pid}-count.log`);
    {
      await using emulator = await startEmulator({ latencyMs: 2 });
      const { project } = await renamingProject(emulator);
      using _ = project;
      const whole = await applyKilledAt(project, 0, counting);
      expect(whole.code, `${whole.stdout}\n${whole.stderr}`).toBe(0);
    }
    const records = readFileSync(counting, 'utf8').trim().split('\n');
    rmSync(counting, { force: true });
    // Two moves (announce, move, settle), updates (announce, record, settle), a create (pending, record), an upload,
    // a delete, an upload nobody uses any more.
    expect(records.filter((r) => r.includes('"op":"move"'))).toHaveLength(2);
    // The new image uploaded, the pruned FAQ's form deleted as nobody uses it any more.
    expect(records.filter((r) => r.includes('"op":"attachment"'))).toEqual([
      expect.stringMatching(/"value":\{"fileName":"map\.png"|"value":\{.*"fileName":"map\.png"/),
      expect.stringContaining('"value":null'),
    ]);
    expect(
      records.filter((r) => /"op":"document","key":"faq\/billing\/refund-request","value":null/.test(r)),
    ).toHaveLength(1);

    const points = Array.from({ length: records.length }, (_, i) => i + 1);
    for (let i = 0; i < points.length; i += 4) {
      await Promise.all(
        points.slice(i, i + 4).map(async (point) => {
          const log = path.join(tmpdir(), `oc-sync-journal-${process.pid}-${point}.log`);
          try {
            await expectFinishedAfterKillAt(point, log);
            expect(readFileSync(log, 'utf8')).toMatch(/^kill /m);
          } finally {
            rmSync(log, { force: true });
          }
        }),
      );
    }
  });
});
