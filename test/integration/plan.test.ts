import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSyncRig } from '../support/sync-rig.js';

/** Issue #4's integration cases, against the emulator over HTTP, asserting on its request log. */

const isWrite = (method: string) => method !== 'GET';

describe('plan against the emulator', () => {
  it('(a) a fresh service gives all creates', async () => {
    await using rig = await startSyncRig();
    const { plan } = await rig.plan();
    expect(plan.summary).toMatchObject({ create: 21, update: 0, delete: 0, drifted: 0 });
    expect(plan.changes.every((c) => c.action === 'create')).toBe(true);
    expect(rig.emulator.requests.some((r) => isWrite(r.method))).toBe(false);
  });

  it("(b) once applied and recorded, a no-op plan makes only the list calls and reads the service's languages", async () => {
    await using rig = await startSyncRig();
    const applied = await rig.apply();
    expect(applied.counts.created).toBe(21);
    rig.emulator.clearRequests();
    const { plan } = await rig.plan();
    expect(plan.summary).toMatchObject({ create: 0, update: 0, delete: 0, drifted: 0, noop: 21 });
    const paths = rig.emulator.requests
      .map((r) => `${r.method} ${r.path.replace(/^\/HelpCenter\/(openapi\/)?/, '')}`)
      .sort();
    expect(paths).toEqual([
      'GET api/v2/service.json',
      'GET v1/helpdoc.json',
      'GET v1/multilanguage/notice.json',
      'GET v1/multilanguage/notice/template.json',
      'GET v1/notice/tags.json',
      'GET v2/helpdoc/categories.json',
      'GET v2/notice/categories.json',
    ]);
  });

  it('(c) one edited file gives one update with one detail call', async () => {
    await using rig = await startSyncRig();
    await rig.apply();
    const file = path.join(rig.project.root, 'content/faq/account/reset-password.en.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('valid for 30 minutes', 'valid for 60 minutes'));
    rig.emulator.clearRequests();
    const { plan } = await rig.plan();
    expect(plan.summary).toMatchObject({ create: 0, update: 1, delete: 0, drifted: 0 });
    const update = plan.changes.find((c) => c.action === 'update');
    expect(update).toMatchObject({
      kind: 'faq',
      key: 'faq/account/reset-password',
      changedFields: ['contents.en.body'],
    });
    const details = rig.emulator.requests.filter((r) => /helpdoc\/\d+\.json$/.test(r.path));
    expect(details).toHaveLength(1);
    expect(rig.emulator.requests).toHaveLength(8);
  });

  it('(d) an edit made directly on the service shows as drift', async () => {
    await using rig = await startSyncRig();
    await rig.apply();
    const service = rig.emulator.service();
    const notice = service
      .list('notice')
      .find((n) => (n as { contents: { en: { title: string } } }).contents.en.title.startsWith('Scheduled'));
    const record = notice as Record<string, unknown> & {
      noticeId: number;
      contents: Record<string, { title: string; content: string }>;
    };
    service.update('notice', record.noticeId, {
      status: record.status,
      categoryId: record.categoryId,
      isTop: record.isTop,
      startDt: record.startDt,
      endDt: record.endDt,
      displayDt: record.displayDt,
      contents: {
        ko: { title: record.contents.ko?.title, content: record.contents.ko?.content },
        en: { title: 'Maintenance (edited in the console)', content: record.contents.en?.content },
      },
      tags: (record.tags as { tagId: number }[]).map((t) => ({ tagId: t.tagId })),
    });
    const { plan } = await rig.plan();
    expect(plan.summary).toMatchObject({ create: 0, update: 0, delete: 0, drifted: 1 });
    const drifted = plan.changes.find((c) => c.hold === 'drift');
    expect(drifted).toMatchObject({ key: 'notices/2026/december-maintenance', drifted: true });
    expect(drifted?.changedFields).toContain('contents.en.title');
  });

  it('(e) a rename with previously: is a move of the same remote document', async () => {
    await using rig = await startSyncRig();
    await rig.apply();
    const before = JSON.parse(readFileSync(path.join(rig.project.root, '.oc-sync/state/test.json'), 'utf8'));
    const id = before.documents['faq/orders/change-address'].id;
    const dir = path.join(rig.project.root, 'content/faq/orders');
    const ko = readFileSync(path.join(dir, 'change-address.md'), 'utf8').replace(
      'category: orders',
      'category: orders\npreviously: faq/orders/change-address',
    );
    writeFileSync(path.join(dir, 'delivery-address.md'), ko);
    writeFileSync(
      path.join(dir, 'delivery-address.en.md'),
      readFileSync(path.join(dir, 'change-address.en.md')),
    );
    // Remove the old files, and fix the notice that links to them.
    rmSync(path.join(dir, 'change-address.md'));
    rmSync(path.join(dir, 'change-address.en.md'));
    for (const name of ['app-4-2-release.md', 'app-4-2-release.en.md']) {
      const notice = path.join(rig.project.root, 'content/notices/2026', name);
      writeFileSync(notice, readFileSync(notice, 'utf8').replace(/change-address/g, 'delivery-address'));
    }
    const { plan } = await rig.plan();
    const move = plan.changes.find((c) => c.action === 'move');
    expect(move).toMatchObject({
      kind: 'faq',
      key: 'faq/orders/delivery-address',
      previousKey: 'faq/orders/change-address',
      remoteId: id,
    });
    expect(plan.summary).toMatchObject({ create: 0, delete: 0, move: 1 });

    const applied = await rig.apply();
    expect(applied.counts.moved).toBe(1);
    const after = JSON.parse(readFileSync(path.join(rig.project.root, '.oc-sync/state/test.json'), 'utf8'));
    expect(after.documents['faq/orders/delivery-address'].id).toBe(id);
    expect(after.documents['faq/orders/change-address']).toBeUndefined();
    expect((await rig.plan()).plan.summary).toMatchObject({
      create: 0,
      update: 0,
      delete: 0,
      move: 0,
      drifted: 0,
    });
  });
});
