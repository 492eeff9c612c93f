import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedEnvironment } from '../../src/config/load.js';
import { DEFAULT_ATTACHMENT_URL, DEFAULT_DOCUMENT_URL } from '../../src/config/url-template.js';
import type { DesiredAttachment, DesiredState } from '../../src/content/desired-state.js';
import type { Connection } from '../../src/remote/connect.js';
import {
  type ApplyOptions,
  type ApplyRunState,
  applyListUpserts,
  deleteDocuments,
  deleteListItems,
  deleteUnusedUploads,
  patchLinks,
  recordHeld,
  recordUnchanged,
  startApply,
  uploadAttachments,
  wantedUploads,
  writeDocuments,
} from '../../src/sync/apply.js';
import { linkCodecFor } from '../../src/sync/make-plan.js';
import { type Change, planChanges } from '../../src/sync/plan.js';
import { openStateStore, type StateStore } from '../../src/sync/state-store.js';
import { startRig, type TestRig } from '../support/connect.js';
import {
  attachment,
  category,
  desired,
  emptyRemote,
  faqDoc,
  languageContent,
  syncState,
  tag,
} from '../support/plan-fixtures.js';

/**
 * apply's steps one at a time, against the emulator over HTTP: each step is given the run state the steps before it
 * would leave, and checked by the requests it sends and what it records.
 */

interface StepRig extends AsyncDisposable {
  rig: TestRig;
  store: StateStore;
  contentDir: string;
  /** The run state of an apply of `changes`. */
  start(changes: readonly Change[], options?: Partial<ApplyOptions>): ApplyRunState;
  /** The method and path of each request the emulator saw, without the service prefix. */
  requests(): string[];
}

async function startStepRig(): Promise<StepRig> {
  const rig = await startRig();
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-sync-apply-steps-'));
  const contentDir = path.join(dir, 'content');
  mkdirSync(contentDir);
  const serviceId = (rig.emulator.services[0] as { serviceId: string }).serviceId;
  const store = await openStateStore(path.join(dir, 'state.json'), 'test', serviceId);
  const links = linkCodecFor(
    { baseUrl: rig.emulator.url, serviceId } as Connection,
    { attachmentUrl: DEFAULT_ATTACHMENT_URL, documentUrl: DEFAULT_DOCUMENT_URL } as ResolvedEnvironment,
    store.state,
  );
  return {
    rig,
    store,
    contentDir,
    start: (changes, options = {}) =>
      startApply({
        changes,
        remote: emptyRemote(),
        documents: [],
        attachments: [],
        languages: ['ko', 'en'],
        store,
        api: rig.api,
        links,
        contentDir,
        overwriteDrift: false,
        concurrency: 1,
        serverNow: () => Date.now(),
        ...options,
      }),
    requests: () =>
      rig.emulator.requests.map(
        (r) => `${r.method} ${r.path.replace(/^\/[^/]+\/(openapi\/)?/, '').replace(/\d+/g, 'N')}`,
      ),
    async [Symbol.asyncDispose]() {
      await rig[Symbol.asyncDispose]();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The plan of `content` against an empty service and an empty state: creates, in dependency order. */
function createsOf(content: DesiredState): Change[] {
  return planChanges({
    desired: content,
    remote: emptyRemote(),
    state: syncState(),
    prune: false,
    readHtml: (html) => html,
  }).changes;
}

describe('apply steps', () => {
  it('applyListUpserts creates parents before children and records each item as owned', async () => {
    await using steps = await startStepRig();
    const content = desired({
      categories: [
        category('plans', { order: 2, level: 2, parentCode: 'billing' }),
        category('billing', { order: 1 }),
      ],
      tags: [tag('app')],
    });
    const phases: string[] = [];
    const run = steps.start(createsOf(content), {
      onProgress: (p) => phases.push(`${p.done}/${p.total} ${p.phase}`),
    });
    await applyListUpserts(run);

    const posts = steps.requests().filter((r) => r.startsWith('POST'));
    expect(posts).toEqual([
      'POST vN/notice/tag.json',
      'POST vN/notice/category.json',
      'POST vN/helpdoc/category.json',
      'POST vN/helpdoc/category.json',
    ]);
    expect(run.results.map((r) => [r.change.key, r.outcome])).toEqual([
      ['app', 'created'],
      ['news', 'created'],
      ['billing', 'created'],
      ['plans', 'created'],
    ]);
    const billing = run.ids.faqCategory.get('billing');
    const plans = steps.rig.emulator
      .service()
      .list('faqCategory')
      .find((c) => (c as { categoryCode?: string }).categoryCode === 'plans') as { parent?: number };
    expect(plans.parent).toBe(billing);
    expect(Object.keys(steps.store.state.lists).sort()).toEqual([
      'faqCategory:billing',
      'faqCategory:plans',
      'heading:news',
      'tag:app',
    ]);
    expect(phases).toEqual(['1/4 lists', '2/4 lists', '3/4 lists', '4/4 lists']);
  });

  it('a document whose category failed to be created fails with the reason, as retryable as that failure', async () => {
    await using steps = await startStepRig();
    steps.rig.emulator.addFault({ type: 'status', status: 400, path: '/helpdoc/category' });
    const content = desired({ documents: [faqDoc('faq/billing/refunds')], tags: [] });
    const run = steps.start(createsOf(content), { documents: content.documents });
    await applyListUpserts(run);
    await writeDocuments(run);

    const document = run.results.find((r) => r.change.key === 'faq/billing/refunds');
    expect(document).toMatchObject({
      outcome: 'failed',
      retryable: false,
      error: 'waits for FAQ category billing, whose create failed (its line says why)',
    });
    expect(steps.requests().filter((r) => r.includes('helpdoc.json'))).toEqual([]);
  });

  it('wantedUploads: files of documents written in this run, once per identity, none the state has', async () => {
    await using steps = await startStepRig();
    const shared = attachment('faq/billing/shared.png', 'a'.repeat(32));
    const copy: DesiredAttachment = { ...shared, path: 'faq/account/shared.png' };
    const known = attachment('faq/billing/known.png', 'b'.repeat(32));
    const ofHeld = attachment('faq/billing/held.png', 'c'.repeat(32));
    const written = faqDoc('faq/billing/refunds', {
      contents: { ko: languageContent('환불', '<p>x</p>', [shared.path, copy.path, known.path]) },
    });
    const held = faqDoc('faq/billing/held', {
      contents: { ko: languageContent('보류', '<p>y</p>', [ofHeld.path]) },
    });
    const content = desired({ documents: [written, held] });
    const changes = createsOf(content).map((c) =>
      c.key === held.key ? { ...c, hold: 'exists-unmanaged' as const } : c,
    );
    steps.store.setAttachment(`help:${known.identity}`, {
      id: 'f'.repeat(32),
      fileName: known.fileName,
      md5: known.md5,
      size: known.size,
      uploaded: true,
    });

    const wanted = wantedUploads(
      steps.start(changes, { documents: content.documents, attachments: [shared, copy, known, ofHeld] })
        .options,
    );
    expect([...wanted.keys()]).toEqual([`help:${shared.identity}`]);
    expect(wanted.get(`help:${shared.identity}`)?.path).toBe(shared.path);
  });

  it('uploadAttachments records each upload; deleteUnusedUploads deletes those nothing uses, only after a complete run', async () => {
    await using steps = await startStepRig();
    const file = attachment('faq/billing/receipt.png', 'd'.repeat(32));
    mkdirSync(path.join(steps.contentDir, 'faq/billing'), { recursive: true });
    writeFileSync(path.join(steps.contentDir, file.path), Buffer.from('png bytes'));
    const key = `help:${file.identity}`;

    const first = steps.start([], { attachments: [file] });
    const uploads = await uploadAttachments(first, new Map([[key, file]]));
    expect(uploads).toEqual({ count: 1, errors: new Map() });
    expect(steps.store.state.attachments[key]).toMatchObject({ fileName: 'receipt.png', uploaded: true });
    expect(await deleteUnusedUploads(first)).toBe(0);

    const incomplete = steps.start([]);
    incomplete.results.push({ change: createsOf(desired())[0] as Change, outcome: 'failed', error: 'x' });
    steps.rig.emulator.clearRequests();
    expect(await deleteUnusedUploads(incomplete)).toBe(0);
    expect(steps.requests()).toEqual([]);

    expect(await deleteUnusedUploads(steps.start([]))).toBe(1);
    expect(steps.requests()).toEqual([expect.stringMatching(/^DELETE .*attachment/)]);
    expect(steps.store.state.attachments[key]).toBeUndefined();
  });

  it('uploadAttachments: a file that cannot be read is a failure of its own, the others go ahead', async () => {
    await using steps = await startStepRig();
    const missing = attachment('faq/billing/missing.png', 'e'.repeat(32));
    const present = attachment('faq/billing/present.png', 'f'.repeat(32));
    mkdirSync(path.join(steps.contentDir, 'faq/billing'), { recursive: true });
    writeFileSync(path.join(steps.contentDir, present.path), Buffer.from('bytes'));
    const uploads = await uploadAttachments(
      steps.start([]),
      new Map([
        [`help:${missing.identity}`, missing],
        [`help:${present.identity}`, present],
      ]),
    );
    expect(uploads.count).toBe(1);
    expect([...uploads.errors.keys()]).toEqual([`help:${missing.identity}`]);
  });

  it('writeDocuments defers a link to a document created in the same run; patchLinks sends the real URL', async () => {
    await using steps = await startStepRig();
    const target = faqDoc('faq/billing/target');
    const linking = faqDoc('faq/billing/linking', {
      contents: {
        ko: languageContent('링크', '<p><a href="oc-sync:document/faq/billing/target">보기</a></p>'),
        en: languageContent('Link', '<p><a href="oc-sync:document/faq/billing/target">see</a></p>'),
      },
    });
    const content = desired({ documents: [linking, target], tags: [] });
    const run = steps.start(createsOf(content), { documents: content.documents });
    await applyListUpserts(run);
    const written = await writeDocuments(run);

    expect(written.lost).toEqual([]);
    expect(written.deferred.map((c) => c.key)).toEqual([linking.key]);
    const stored = () =>
      steps.rig.emulator
        .service()
        .list('faq')
        .find((d) => (d as { contents: { en?: { title: string } } }).contents.en?.title === 'Link') as {
        faqId: number;
        contents: { en: { content: string } };
      };
    expect(stored().contents.en.content).toContain('href="#"');
    expect(steps.store.state.documents[linking.key]?.payloadHash).toMatch(/^links-pending:/);

    await patchLinks(run, written.deferred);
    const targetId = steps.store.state.documents[target.key]?.id;
    expect(stored().contents.en.content).toContain(`/faq/${targetId}"`);
    expect(steps.store.state.documents[linking.key]?.payloadHash).not.toMatch(/^links-pending:/);
    expect(steps.store.state.updating ?? {}).toEqual({});
    expect(run.results.map((r) => [r.change.key, r.outcome])).toEqual([
      ['news', 'created'],
      ['billing', 'created'],
      ['faq/billing/linking', 'created'],
      ['faq/billing/target', 'created'],
    ]);
  });

  it('deletes, held changes and noops: each gets its outcome, and only applicable deletes are sent', async () => {
    await using steps = await startStepRig();
    const content = desired({
      documents: [faqDoc('faq/billing/kept'), faqDoc('faq/billing/gone')],
      categories: [category('billing', { order: 1 }), category('unused', { order: 2 })],
      tags: [],
    });
    const setup = steps.start(createsOf(content), { documents: content.documents });
    await applyListUpserts(setup);
    await writeDocuments(setup);
    const kept = steps.store.state.documents['faq/billing/kept'];
    const gone = steps.store.state.documents['faq/billing/gone'];
    const unused = setup.ids.faqCategory.get('unused');
    if (!kept || !gone || unused === undefined) throw new Error('setup did not apply');
    steps.rig.emulator.clearRequests();

    const changes: Change[] = [
      {
        action: 'noop',
        kind: 'faq',
        key: 'faq/billing/kept',
        remoteId: kept.id,
        changedFields: [],
        refresh: true,
        payloadHash: 'new-payload',
        sourceHash: 'new-source',
        remoteUpdatedDt: 42,
      },
      {
        action: 'update',
        kind: 'faq',
        key: 'faq/billing/drifted',
        remoteId: 1,
        changedFields: [],
        hold: 'drift',
        after: { fields: {}, contents: {} },
        payloadHash: 'drifted-payload',
      },
      {
        action: 'create',
        kind: 'faq',
        key: 'faq/billing/twin',
        changedFields: [],
        hold: 'exists-unmanaged',
        payloadHash: 'twin-payload',
      },
      { action: 'delete', kind: 'faq', key: 'faq/billing/gone', remoteId: gone.id, changedFields: [] },
      {
        action: 'delete',
        kind: 'faq',
        key: 'faq/billing/kept-on',
        remoteId: 9,
        changedFields: [],
        hold: 'prune-off',
      },
      {
        action: 'delete',
        kind: 'faq',
        key: 'faq/billing/edited',
        remoteId: 8,
        changedFields: [],
        hold: 'drift',
      },
      {
        action: 'delete',
        kind: 'faq',
        key: 'faq/billing/vanished',
        remoteId: 7,
        changedFields: [],
        remoteMissing: true,
      },
      { action: 'delete', kind: 'faqCategory', key: 'unused', remoteId: unused, changedFields: [] },
    ];
    const run = steps.start(changes);
    recordUnchanged(run);
    await deleteDocuments(run);
    await deleteListItems(run);
    recordHeld(run);

    expect(run.results.map((r) => [r.change.key, r.outcome])).toEqual([
      ['faq/billing/kept', 'unchanged'],
      ['faq/billing/gone', 'deleted'],
      ['faq/billing/kept-on', 'not-deleted'],
      ['faq/billing/edited', 'skipped-drift'],
      ['faq/billing/vanished', 'deleted'],
      ['unused', 'deleted'],
      ['faq/billing/drifted', 'skipped-drift'],
      ['faq/billing/twin', 'not-created'],
    ]);
    expect(steps.requests()).toEqual(['DELETE vN/helpdoc/N.json', 'DELETE vN/helpdoc/category/N.json']);
    expect(steps.store.state.documents['faq/billing/kept']).toMatchObject({
      payloadHash: 'new-payload',
      sourceHash: 'new-source',
      updatedDt: 42,
    });
    expect(steps.store.state.documents['faq/billing/gone']).toBeUndefined();
    expect(Object.keys(steps.store.state.lists)).not.toContain('faqCategory:unused');
    expect(Object.keys(steps.store.state.lists)).toContain('faqCategory:billing');
  });
});
