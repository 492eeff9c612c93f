import { expect } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.js';
import { oc } from './cli.js';
import { documentKinds, duplicates, type E2eProject, remoteTitles } from './project.js';

/**
 * What "the next run converged" means, checked on the emulator's own store: every document once, the state owning
 * exactly the remote documents, nothing pending, no upload the state does not know (an orphan), and — unless told
 * otherwise — a plan with nothing left to do.
 */

export interface ExpectedCounts {
  faq: number;
  notice: number;
  template: number;
  faqCategory?: number;
  heading?: number;
  tag?: number;
}

/** The repository's example `content/`. */
export const EXAMPLE: ExpectedCounts = { faq: 4, notice: 2, template: 1, faqCategory: 8, heading: 3, tag: 3 };

/** Uploads on the service that the state does not record: nobody can ever find or delete them. */
export function orphanUploads(emulator: Emulator, project: E2eProject): string[] {
  const known = new Set(Object.values(project.state().attachments).map((a) => a.id));
  return emulator
    .service()
    .attachments()
    .filter((a) => !known.has(a.attachmentId))
    .map((a) => `${a.store}:${a.fileName}`);
}

export async function expectConverged(
  emulator: Emulator,
  project: E2eProject,
  expected: ExpectedCounts,
  options: { plan?: boolean; orphans?: boolean } = {},
): Promise<void> {
  expect(project.exists('.oc-sync/state/e2e.journal'), 'a journal was left behind').toBe(false);
  const state = project.state();
  for (const kind of documentKinds) {
    const titles = remoteTitles(emulator, kind);
    expect(duplicates(titles), `duplicate ${kind}s`).toEqual([]);
    expect(titles, `${kind}s on the service`).toHaveLength(expected[kind]);
    const owned = Object.values(state.documents)
      .filter((d) => d.kind === kind)
      .map((d) => d.id)
      .sort((a, b) => a - b);
    const remote = emulator
      .service()
      .list(kind)
      .map((r) => (kind === 'faq' ? r.helpDocId : r.noticeId) as number)
      .sort((a, b) => a - b);
    expect(owned, `${kind}s owned by the state`).toEqual(remote);
  }
  for (const kind of ['faqCategory', 'heading', 'tag'] as const) {
    if (expected[kind] !== undefined)
      expect(emulator.service().list(kind), kind).toHaveLength(expected[kind]);
  }
  expect(state.pending).toEqual({});
  expect(state).not.toHaveProperty('updating');
  const stored = new Set(
    emulator
      .service()
      .attachments()
      .map((a) => a.attachmentId),
  );
  for (const [key, uploaded] of Object.entries(state.attachments))
    expect(stored.has(uploaded.id), `upload ${key} recorded but not on the service`).toBe(true);
  if (options.orphans !== false) expect(orphanUploads(emulator, project), 'orphaned uploads').toEqual([]);
  if (options.plan === false) return;
  const planned = await oc(project.root, ['plan', '--detailed-exitcode']);
  expect(planned.stdout, planned.stderr).toContain('No changes.');
  expect(planned.code).toBe(0);
}
