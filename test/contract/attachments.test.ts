import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentStores } from '../../src/resources/attachment.js';
import { startRig, type TestRig } from '../support/connect.js';

describe.each(attachmentStores)('%s attachments', (store) => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.emulator.close());

  // Every byte value, so nothing on the way treats the file as text.
  const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(70_000)]);

  it('uploads with the MD5 in the signature and downloads the same bytes', async () => {
    const uploaded = await rig.api.attachments.upload(store, {
      bytes,
      fileName: '점검 안내서.pdf',
      contentType: 'application/pdf',
    });
    expect(uploaded.attachmentId).toMatch(/^[0-9a-f]{32}$/);
    expect(uploaded).toMatchObject({
      fileName: '점검 안내서.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
    });

    const opened = await rig.api.attachments.download(store, uploaded.attachmentId);
    expect(Buffer.from(opened.bytes).equals(bytes)).toBe(true);
    expect(opened.contentType).toContain('application/pdf');
    expect(opened.contentDisposition).toMatch(/^inline/);

    const downloaded = await rig.api.attachments.download(store, uploaded.attachmentId, 'download');
    expect(Buffer.from(downloaded.bytes).equals(bytes)).toBe(true);
    expect(downloaded.contentDisposition).toMatch(/^attachment/);
    expect(downloaded.contentDisposition).toContain(
      `filename*=UTF-8''${encodeURIComponent('점검 안내서.pdf')}`,
    );
  });

  it('is listed on the document that references it, with name and size', async () => {
    const uploaded = await rig.api.attachments.upload(store, {
      bytes,
      fileName: 'guide.pdf',
      contentType: 'application/pdf',
    });
    const ref = [{ attachmentId: uploaded.attachmentId }];
    let attachments: unknown;
    if (store === 'notice') {
      const heading = await rig.api.heading.create({ categoryCode: 'a', languages: { ko: '첨부' } });
      const notice = await rig.api.notice.create({
        status: 'O',
        categoryId: heading.categoryId,
        isTop: false,
        startDt: '20260101000000',
        endDt: '',
        contents: { ko: { title: '첨부', content: '<p>.</p>', attachments: ref } },
      });
      const detail = await rig.api.notice.get(notice.noticeId);
      expect(detail.attachmentYn).toBe('Y');
      attachments = detail.contents.ko?.attachments;
    } else {
      const category = await rig.api.faqCategory.create({ categoryCode: 'a', languages: { ko: '첨부' } });
      const faq = await rig.api.faq.create({
        status: 'O',
        categoryId: category.categoryId,
        isTop: false,
        isRecommend: false,
        contents: { ko: { title: '첨부', content: '<p>.</p>', attachments: ref } },
      });
      const detail = await rig.api.faq.get(faq.helpDocId);
      attachments = detail.contents?.ko?.attachments;
    }
    expect(attachments).toEqual([
      expect.objectContaining({
        attachmentId: uploaded.attachmentId,
        fileName: 'guide.pdf',
        size: bytes.length,
      }),
    ]);
  });

  it('deletes an upload, after which it is gone', async () => {
    const uploaded = await rig.api.attachments.upload(store, {
      bytes: Buffer.from('x'),
      fileName: 'x.txt',
      contentType: 'text/plain',
    });
    await rig.api.attachments.delete(store, uploaded.attachmentId);
    await expect(rig.api.attachments.download(store, uploaded.attachmentId)).rejects.toMatchObject({
      resultCode: 404,
    });
  });
});
