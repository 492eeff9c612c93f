import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createEmulator,
  DEFAULT_ORG_ID,
  DEFAULT_ORG_KEY,
  DEFAULT_SERVICE,
} from '../../src/emulator/index.js';
import { startCliEmulator } from './cli-process.js';
import { sampleFor, seedDependencies } from './fixtures.js';
import { signedClient } from './signed-request.js';

/** oc-api.md §7 / DESIGN §6: data survives a restart; every write is on disk before its response. */

const defaultTarget = {
  url: '',
  orgId: DEFAULT_ORG_ID,
  orgKey: DEFAULT_ORG_KEY,
  services: [DEFAULT_SERVICE],
};

describe('persistence in a data folder', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'oc-emulator-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps records, attachment bytes and id sequences across close and reopen', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
    let noticeId: number;
    let attachmentId: string;
    {
      await using emulator = await createEmulator({ dataDir });
      const service = emulator.service();
      const deps = seedDependencies(service);
      attachmentId = service.upload('notice', bytes, 'bytes.bin', 'application/octet-stream').attachmentId;
      const body = sampleFor('notice', deps).create;
      body.contents.ko.attachments = [{ attachmentId }];
      noticeId = service.create('notice', body).noticeId as number;
      const extra = service.create('notice', sampleFor('notice', deps).create);
      service.delete('notice', extra.noticeId as number);
    }
    await using reopened = await createEmulator({ dataDir });
    const service = reopened.service();
    expect(service.get('notice', noticeId)?.contents).toMatchObject({
      ko: { attachments: [{ attachmentId }] },
    });
    expect(service.list('notice')).toHaveLength(1);
    const download = await signedClient(reopened).service('GET', `v2/attachments/notice/${attachmentId}`);
    expect(Buffer.from(download.bytes).equals(Buffer.from(bytes))).toBe(true);
    // The deleted id stays used: the next notice gets a fresh one.
    const heading = service.list('heading')[0]?.categoryId as number;
    const tag = service.list('tag')[0]?.tagId as number;
    const next = service.create(
      'notice',
      sampleFor('notice', { headingId: heading, tagId: tag, categoryId: 0 }).create,
    );
    expect(next.noticeId).toBe(noticeId + 2);
  });

  it('loads a store written before the models declared their sequences, its ids continuing where it left off', async () => {
    // What earlier versions wrote: the four sequences by name, a journaled put carrying them too.
    const record = { id: 3, createdDt: 1, updatedDt: 1, data: { tagCode: 'old', languages: { ko: '옛' } } };
    writeFileSync(
      join(dataDir, 'snapshot.json'),
      JSON.stringify({
        version: 1,
        sequences: { document: 1002, tag: 2, category: 101, faq: 5007 },
        services: {},
      }),
    );
    writeFileSync(
      join(dataDir, 'journal.jsonl'),
      `${JSON.stringify({
        op: 'put',
        service: DEFAULT_SERVICE.serviceId,
        kind: 'tag',
        record,
        sequences: { document: 1003, tag: 3, category: 101, faq: 5007 },
      })}\n`,
    );
    await using emulator = await createEmulator({ dataDir });
    const service = emulator.service();
    expect(service.get('tag', 'old')?.tagId).toBe(3);
    const deps = seedDependencies(service);
    expect(deps).toEqual({ headingId: 102, tagId: 4, categoryId: 103 });
    expect(service.create('notice', sampleFor('notice', deps).create).noticeId).toBe(1004);
    expect(service.create('faq', sampleFor('faq', deps).create).helpDocId).toBe(5008);
  });

  it('has every answered write on disk when the process is killed, and ignores a torn last journal line', async () => {
    const cli = await startCliEmulator(['--data', dataDir]);
    const api = signedClient({ ...defaultTarget, url: cli.url });
    const created = await api.service('POST', 'v1/notice/tag.json', {
      json: { tagCode: 'durable', languages: { ko: '내구' } },
    });
    expect(created.resultCode).toBe(200);
    expect(await cli.stop('SIGKILL')).toBe('SIGKILL');
    // A write cut short by the kill leaves half a line.
    appendFileSync(join(dataDir, 'journal.jsonl'), '{"op":"put","service":"HelpCenter","kind":"tag","rec');
    {
      await using reopened = await createEmulator({ dataDir });
      expect(reopened.service().get('tag', 'durable')?.tagId).toBe(created.result.content.tagId);
      reopened.service().create('tag', { tagCode: 'after', languages: { ko: '뒤' } });
    }
    await using third = await createEmulator({ dataDir });
    expect(
      third
        .service()
        .list('tag')
        .map((t) => t.tagCode),
    ).toEqual(['durable', 'after']);
  });

  it('refuses a second emulator on a folder in use', async () => {
    await using first = await createEmulator({ dataDir });
    await expect(createEmulator({ dataDir })).rejects.toThrow(/in use by process/);
    first.service().create('tag', { languages: { ko: '하나' } });
  });

  it('writes the snapshot atomically and leaves no journal after close', async () => {
    {
      await using emulator = await createEmulator({ dataDir });
      emulator.service().create('heading', { languages: { ko: '가', en: 'A' } });
    }
    expect(existsSync(join(dataDir, 'journal.jsonl'))).toBe(false);
    const snapshot = JSON.parse(readFileSync(join(dataDir, 'snapshot.json'), 'utf8'));
    expect(snapshot.version).toBe(1);
    expect(snapshot.services.HelpCenter.records.heading).toHaveLength(1);
  });

  it('stays fast with 10,000 documents: each write appends, nothing is rewritten', async () => {
    const started = performance.now();
    {
      await using emulator = await createEmulator({ dataDir });
      const service = emulator.service();
      const deps = seedDependencies(service);
      const body = sampleFor('notice', deps).create;
      for (let i = 0; i < 10_000; i++) service.create('notice', body);
    }
    await using reopened = await createEmulator({ dataDir });
    expect(reopened.service().list('notice')).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(8_000);
  });
});
