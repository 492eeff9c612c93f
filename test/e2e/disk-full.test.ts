import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { type CliResult, oc, repoRoot, said } from './support/cli.js';
import { EXAMPLE, expectConverged, orphanUploads } from './support/converged.js';
import { type E2eProject, exampleProject, isWrite, startEmulator } from './support/project.js';

/**
 * The disk full (ENOSPC) or read-only (EROFS) while oc-sync writes its state: the CLI runs with a preload that makes
 * writes under `.oc-sync/state/` fail — all of them, or after N bytes (a write cut short) or N writes — at the apply
 * lock, the journal written during the run, and the final atomic state write. The state file is never half-written
 * (it stays the previous version, valid JSON), no temporary file is left, the person reads which file and what to
 * do, a run that cannot record stops writing to the service, and the next run on a healthy disk converges: every
 * document once, no orphaned upload.
 */

const PRELOAD = path.join(repoRoot, 'test/support/disk-faults.mjs');

interface DiskFault {
  code: 'ENOSPC' | 'EROFS';
  /** Regular expression on the file name; default every file under the state folder. */
  match?: string;
  afterBytes?: number;
  afterWrites?: number;
}

/** `oc-sync apply` with the state folder failing as described; returns the run and how often the fault fired. */
async function applyOnBadDisk(project: E2eProject, fault: DiskFault): Promise<CliResult & { fired: number }> {
  const logDir = mkdtempSync(path.join(tmpdir(), 'oc-sync-disk-'));
  const log = path.join(logDir, 'faults.log');
  try {
    const env: Record<string, string> = {
      OC_DISK_FAULT: fault.code,
      OC_DISK_FAULT_DIR: path.join(project.root, '.oc-sync/state'),
      OC_DISK_FAULT_LOG: log,
      OC_DISK_FAULT_AFTER_BYTES: String(fault.afterBytes ?? 0),
      OC_DISK_FAULT_AFTER_WRITES: String(fault.afterWrites ?? 0),
      ...(fault.match ? { OC_DISK_FAULT_MATCH: fault.match } : {}),
    };
    const result = await oc(project.root, ['apply'], env, ['--import', PRELOAD]);
    const fired = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
    return { ...result, fired };
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

function stateFolder(project: E2eProject): string[] {
  const folder = path.join(project.root, '.oc-sync/state');
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

/** A project with the example applied once, then ten new FAQs to create: the run under test has work to record. */
async function appliedWithMore(emulator: Emulator): Promise<{ project: E2eProject; before: string }> {
  const project = exampleProject(emulator);
  const first = await oc(project.root, ['apply']);
  expect(first.code, said(first)).toBe(0);
  for (let i = 1; i <= 10; i++) {
    project.write(
      `content/faq/orders/extra-${i}.md`,
      `---\ncategory: orders\n---\n\n# 추가 질문 ${i}\n\n답 ${i}.\n`,
    );
  }
  return { project, before: project.stateText() };
}

const MORE = { ...EXAMPLE, faq: EXAMPLE.faq + 10 };

describe.concurrent('oc-sync apply with the disk full or read-only', { timeout: 60_000 }, () => {
  it.each([
    [
      'ENOSPC',
      /could not write the apply lock \.oc-sync\/state\/e2e\.lock: no space left on the device \(ENOSPC\)/,
    ],
    [
      'EROFS',
      /could not write the apply lock \.oc-sync\/state\/e2e\.lock: the file system is read-only \(EROFS\)/,
    ],
  ] as const)('%s from the start: refused before any request, with the file named', async (code, message) => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    const run = await applyOnBadDisk(project, { code });
    expect(run.fired).toBeGreaterThan(0);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('then run apply again; nothing was changed');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(emulator.requests).toEqual([]);
    expect(stateFolder(project)).toEqual([]);

    const next = await oc(project.root, ['apply']);
    expect(next.code, said(next)).toBe(0);
    await expectConverged(emulator, project, EXAMPLE);
  });

  it('ENOSPC part way through the journal, and at the final write: stops, keeps the old state, converges next run', async () => {
    await using emulator = await startEmulator();
    const { project, before } = await appliedWithMore(emulator);
    using _ = project;
    emulator.clearRequests();
    // Room for a few journal lines; the line after them is cut short, and the state file cannot be written either.
    const run = await applyOnBadDisk(project, { code: 'ENOSPC', afterBytes: 700 });
    expect(run.fired).toBeGreaterThanOrEqual(2);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /could not write the state file \.oc-sync\/state\/e2e\.json: no space left on the device \(ENOSPC\)/,
    );
    expect(run.stderr).toMatch(
      /hint: free disk space or make \.oc-sync\/state writable, then run apply again/,
    );
    // The old state, whole; the journal (with its torn last line) beside it; no temporary file.
    expect(project.stateText()).toBe(before);
    expect(stateFolder(project)).toEqual(['e2e.journal', 'e2e.json']);
    const journal = project.read('.oc-sync/state/e2e.journal');
    expect(journal.endsWith('\n'), 'the journal ends with a torn line').toBe(false);
    // Once a line could not be recorded, nothing more was sent: far fewer than the ten creates.
    const creates = emulator.requests.filter((e) => isWrite(e)).length;
    expect(creates).toBeLessThan(10);

    const next = await oc(project.root, ['apply']);
    expect(next.code, said(next)).toBe(0);
    expect(next.stdout).toMatch(
      /Apply complete: \d+ created, 0 updated, 0 deleted, 21 unchanged|Apply complete: \d+ created/,
    );
    await expectConverged(emulator, project, MORE);
  });

  it.each([
    [
      'ENOSPC after 100 bytes',
      { code: 'ENOSPC', match: '\\.tmp$', afterBytes: 100 },
      /no space left on the device \(ENOSPC\)/,
    ],
    ['EROFS', { code: 'EROFS', match: '\\.(tmp|json)$' }, /the file system is read-only \(EROFS\)/],
  ] as const)(
    'the final state write fails (%s): the journal keeps the run, the next run folds it in',
    async (_name, fault, reason) => {
      await using emulator = await startEmulator();
      const { project, before } = await appliedWithMore(emulator);
      using _ = project;
      emulator.clearRequests();
      const run = await applyOnBadDisk(project, fault);
      expect(run.fired).toBeGreaterThan(0);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/could not write the state file \.oc-sync\/state\/e2e\.json: /);
      expect(run.stderr).toMatch(reason);
      // Every create was made and journaled; only the final write failed.
      expect(emulator.requests.filter((e) => e.method === 'POST')).toHaveLength(10);
      expect(project.stateText()).toBe(before);
      expect(stateFolder(project)).toEqual(['e2e.journal', 'e2e.json']);

      const next = await oc(project.root, ['apply']);
      expect(next.code, said(next)).toBe(0);
      expect(next.stdout).toContain('Apply complete: 0 created, 0 updated, 0 deleted, 31 unchanged');
      await expectConverged(emulator, project, MORE);
    },
  );

  it('a read-only journal from the first line: the upload it cannot record is taken back, the run stops, nothing is orphaned', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    // The categories, headings and tags are on the service and owned already: the uploads are the first records.
    const documents = ['content/faq', 'content/notices/2026', 'content/templates'];
    for (const folder of documents) project.move(folder, `parked/${folder}`);
    project.write('content/faq/_categories.yaml', project.read('parked/content/faq/_categories.yaml'));
    expect((await oc(project.root, ['apply'])).code).toBe(0);
    for (const folder of documents) {
      if (project.exists(folder)) project.remove(folder);
      project.move(`parked/${folder}`, folder);
    }
    const listed = emulator.requests.length;
    const run = await applyOnBadDisk(project, { code: 'EROFS', match: '\\.journal$' });
    expect(run.fired).toBeGreaterThan(0);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /could not write the state journal \.oc-sync\/state\/e2e\.journal: the file system is read-only/,
    );
    expect(run.stdout).toContain('not attempted: the state cannot be written');
    // Both uploads were made and, unrecordable, deleted again; no document was sent.
    const writes = emulator.requests
      .slice(listed)
      .filter(isWrite)
      .map((e) => `${e.method} ${e.path.replace(/.*openapi/, '')}`);
    expect(writes.filter((w) => w.startsWith('POST') && w.includes('upload'))).toHaveLength(2);
    expect(writes.filter((w) => w.startsWith('DELETE') && w.includes('attachments'))).toHaveLength(2);
    expect(writes.filter((w) => /helpdoc\.json|notice\.json|template\.json/.test(w))).toEqual([]);
    expect(emulator.service().attachments()).toEqual([]);
    // The state file itself could be written: valid, holding what was recorded in memory.
    expect(project.state().documents).toEqual({});
    expect(orphanUploads(emulator, project)).toEqual([]);

    const next = await oc(project.root, ['apply']);
    expect(next.code, said(next)).toBe(0);
    await expectConverged(emulator, project, EXAMPLE);
  });
});
