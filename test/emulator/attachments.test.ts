import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { type Dependencies, sampleFor, seedDependencies } from './fixtures.js';
import { type Loose, type SignedClient, signedClient } from './signed-request.js';

/** oc-api.md §5.5, §5.8 and §7 item 11: uploads keep bytes, name and type; downloads; deletes detach. */

describe('attachments', () => {
  let emulator: Emulator;
  let api: SignedClient;
  let deps: Dependencies;
  beforeAll(async () => {
    emulator = await createEmulator();
    api = signedClient(emulator);
    deps = seedDependencies(emulator.service());
  });
  afterAll(() => emulator.close());

  const upload = async (
    store: 'notice' | 'help',
    bytes: Uint8Array,
    fileName: string,
    contentType: string,
  ) => {
    const call = await api.service('POST', `v1/attachments/${store}/upload.json`, {
      file: { bytes, fileName, contentType },
    });
    expect(call.resultMessage).toBe('');
    return call.result.content as {
      attachmentId: string;
      fileName: string;
      contentType: string;
      size: number;
    };
  };

  it('returns the upload as attachmentId, fileName, contentType and size', async () => {
    const bytes = new Uint8Array(randomBytes(70_000));
    const uploaded = await upload('notice', bytes, '점검 안내 (v2).pdf', 'application/pdf');
    expect(uploaded).toEqual({
      attachmentId: expect.stringMatching(/^[0-9a-f]{32}$/),
      fileName: '점검 안내 (v2).pdf',
      contentType: 'application/pdf',
      size: 70_000,
    });
  });

  it('serves the bytes back exactly, inline by default and as a download with type=download', async () => {
    const bytes = new Uint8Array(randomBytes(4096));
    const { attachmentId } = await upload('help', bytes, '가이드 "final".png', 'image/png');
    const open = await api.service('GET', `v2/attachments/help/${attachmentId}`);
    expect(open.status).toBe(200);
    expect(Buffer.from(open.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(open.headers.get('content-type')).toBe('image/png');
    expect(open.headers.get('content-length')).toBe('4096');
    const encoded = encodeURIComponent('가이드 "final".png');
    expect(open.headers.get('content-disposition')).toBe(
      `inline; filename="___ _final_.png"; filename*=UTF-8''${encoded}`,
    );
    const explicit = await api.service('GET', `v2/attachments/help/${attachmentId}`, {
      query: { type: 'open' },
    });
    expect(explicit.headers.get('content-disposition')).toMatch(/^inline;/);
    const download = await api.service('GET', `v2/attachments/help/${attachmentId}`, {
      query: { type: 'download' },
    });
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename=".*"; filename\*=UTF-8''/,
    );
    expect(emulator.service().attachment(attachmentId)?.bytes).toEqual(bytes);
  });

  it('keeps the notice and help stores apart', async () => {
    const { attachmentId } = await upload('notice', new Uint8Array([1]), 'a.txt', 'text/plain');
    expect((await api.service('GET', `v2/attachments/help/${attachmentId}`)).resultCode).toBe(404);
    expect((await api.service('DELETE', `v1/attachments/help/${attachmentId}.json`)).resultCode).toBe(404);
  });

  it('lists attachments on the documents that reference them, per language', async () => {
    const file = await upload('notice', new Uint8Array([1, 2]), 'ko.txt', 'text/plain');
    const top = await upload('notice', new Uint8Array([3]), 'top.txt', 'text/plain');
    const body = sampleFor('notice', deps).create;
    body.contents.ko.attachments = [{ attachmentId: file.attachmentId }];
    body.attachments = [{ attachmentId: top.attachmentId }];
    const created = await api.service('POST', 'v1/multilanguage/notice.json', { json: body });
    const content = created.result.content;
    expect(content.attachmentYn).toBe('Y');
    expect(content.contents.ko.attachments.map((a: { fileName: string }) => a.fileName)).toEqual([
      'ko.txt',
      'top.txt',
    ]);
    expect(content.contents.en.attachments).toEqual([]);
    expect(content.contents.ko.attachments[0]).toEqual({ ...file });
  });

  it('removes a deleted upload from every document, leaving the rest of it alone', async () => {
    const keep = await upload('help', new Uint8Array([1]), 'keep.txt', 'text/plain');
    const drop = await upload('help', new Uint8Array([2]), 'drop.txt', 'text/plain');
    const faq = emulator.service().create('faq', {
      ...sampleFor('faq', deps).create,
      contents: {
        ko: {
          title: 't',
          content: 'c',
          attachments: [{ attachmentId: keep.attachmentId }, { attachmentId: drop.attachmentId }],
        },
        en: { title: 't', content: 'c', attachments: [{ attachmentId: drop.attachmentId }] },
      },
    });
    const removed = await api.service('DELETE', `v1/attachments/help/${drop.attachmentId}.json`);
    expect(removed.envelope.result).toBeNull();
    const after = emulator.service().get('faq', faq.helpDocId as number) as Loose;
    expect(after.contents.ko.attachments.map((a: { attachmentId: string }) => a.attachmentId)).toEqual([
      keep.attachmentId,
    ]);
    expect(after.contents.en.attachments).toEqual([]);
    expect(after.updatedDt).toBe(faq.updatedDt);
    expect((await api.service('GET', `v2/attachments/help/${drop.attachmentId}`)).resultCode).toBe(404);
    expect(emulator.service().attachment(drop.attachmentId)).toBeUndefined();
  });

  it('answers 400 for an upload without a multipart body', async () => {
    const call = await api.service('POST', 'v1/attachments/notice/upload.json', { json: { file: 'x' } });
    expect(call.resultCode).toBe(400);
  });
});
