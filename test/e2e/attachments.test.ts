import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { attachmentIdentity } from '../../src/resources/attachment.js';
import { oc } from './support/cli.js';
import {
  consoleApi,
  describeRequests,
  type E2eProject,
  isWrite,
  makeProject,
  remoteConfig,
  SERVICE_ID,
  startEmulator,
} from './support/project.js';

/**
 * Attachments through the built CLI: uploaded once per store by content and file name (the MD5 also signs the
 * upload; the same bytes under another name are an upload of their own, so each document keeps its name), linked
 * at the configured attachment URL, listed on the documents, downloaded byte for byte, and deleted from the
 * service once no document uses them.
 */

// Every byte value, so nothing on the way treats the file as text.
const guide = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(20_000)]);
const diagram = randomBytes(3_000);
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const key = (store: string, bytes: Uint8Array, fileName: string) =>
  `${store}:${attachmentIdentity(md5(bytes), fileName)}`;
const FILES = 'https://files.example.com/{serviceId}/{kind}/{id}';

describe('oc-sync apply: attachments', () => {
  let emulator: Emulator;
  let project: E2eProject;
  beforeAll(async () => {
    emulator = await startEmulator();
    project = makeProject({
      'sync.config.yaml': remoteConfig(emulator, { top: `attachmentUrl: ${JSON.stringify(FILES)}` }),
      'content/faq/_categories.yaml': '- code: guides\n  name: { ko: 안내, en: Guides }\n',
      'content/notices/_headings.yaml': '- code: guide\n  name: { ko: 안내, en: Guide }\n',
      'content/notices/_tags.yaml': '- code: app\n  name: { ko: 앱, en: App }\n',
      'content/faq/files/guide.pdf': guide,
      // The same bytes under another name: an upload of its own, offered under that name.
      'content/faq/files/guide-copy.pdf': guide,
      'content/faq/files/diagram.png': diagram,
      'content/faq/first.md':
        '---\ncategory: guides\n---\n# 첫 번째 안내\n\n[설명서](./files/guide.pdf)를 받으세요.\n\n![도표](./files/diagram.png)\n',
      'content/faq/second.md':
        '---\ncategory: guides\n---\n# 두 번째 안내\n\n[설명서 사본](./files/guide-copy.pdf)\n',
      'content/notices/guide.md':
        '---\nheading: guide\nstart: 2026-01-01\n---\n# 설명서 공지\n\n[설명서](../faq/files/guide.pdf)\n',
    });
  });
  afterAll(async () => {
    project?.[Symbol.dispose]();
    await emulator?.close();
  });
  const url = (store: string, id: string | undefined) =>
    `https://files.example.com/${SERVICE_ID}/${store}/${id}`;
  const faqByTitle = (title: string) => {
    const found = emulator
      .service()
      .list('faq')
      .find((r) => r.title === title);
    if (!found) throw new Error(`no FAQ ${title}`);
    return found as {
      content: string;
      contents: { ko: { content: string; attachments: { attachmentId: string }[] } };
    };
  };

  it('shows the uploads in the plan: file, size, the documents that attach it', async () => {
    const plan = await oc(project.root, ['plan']);
    expect(plan.code).toBe(0);
    const uploadLines = plan.stdout.split('\n').filter((line) => line.startsWith('↑ '));
    expect(uploadLines.sort()).toEqual([
      '↑ upload faq/files/diagram.png (2.9 KiB)',
      '↑ upload faq/files/guide-copy.pdf (19.8 KiB)',
      '↑ upload faq/files/guide.pdf (19.8 KiB)',
      // The notice store keeps its own copy.
      '↑ upload faq/files/guide.pdf (19.8 KiB)',
    ]);
    expect(plan.stdout).toContain('    attached by notices/guide');
    expect(plan.stdout).toMatch(/Plan: 6 to create, .*4 uploads \(62\.3 KiB\)/);
    const json = JSON.parse((await oc(project.root, ['plan', '--format', 'json'])).stdout);
    expect(json.uploads).toContainEqual({
      path: 'faq/files/guide.pdf',
      store: 'notice',
      size: guide.length,
      documents: ['notices/guide'],
    });
    expect(json.unusedUploads).toEqual([]);
    expect(emulator.requests.filter(isWrite)).toEqual([]);
  });

  it('uploads each file once per store and name, signed with its MD5, and links it at the attachment URL', async () => {
    const result = await oc(project.root, ['apply']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Apply complete: 6 created');
    expect(result.stdout).toContain('4 upload(s)');

    const uploads = emulator.requests.filter((e) => e.path.endsWith('/upload.json'));
    expect(describeRequests(uploads).sort()).toEqual([
      'POST /v1/attachments/help/upload.json 200',
      'POST /v1/attachments/help/upload.json 200',
      'POST /v1/attachments/help/upload.json 200',
      'POST /v1/attachments/notice/upload.json 200',
    ]);
    expect(uploads.every((e) => e.resultCode === 200)).toBe(true);

    const attachments = project.state().attachments;
    expect(Object.keys(attachments).sort()).toEqual(
      [
        key('help', guide, 'guide.pdf'),
        key('help', guide, 'guide-copy.pdf'),
        key('help', diagram, 'diagram.png'),
        key('notice', guide, 'guide.pdf'),
      ].sort(),
    );
    const helpGuide = attachments[key('help', guide, 'guide.pdf')]?.id;
    const helpCopy = attachments[key('help', guide, 'guide-copy.pdf')]?.id;
    const helpDiagram = attachments[key('help', diagram, 'diagram.png')]?.id;
    const noticeGuide = attachments[key('notice', guide, 'guide.pdf')]?.id;
    expect(emulator.service().attachment(helpCopy as string)?.fileName).toBe('guide-copy.pdf');
    expect(emulator.service().attachment(helpGuide as string)?.fileName).toBe('guide.pdf');

    const first = faqByTitle('첫 번째 안내');
    expect(first.contents.ko.content).toContain(`href="${url('help', helpGuide)}"`);
    expect(first.contents.ko.content).toContain(`src="${url('help', helpDiagram)}"`);
    expect(first.contents.ko.content).not.toContain('oc-sync:');
    expect(first.contents.ko.attachments.map((a) => a.attachmentId).sort()).toEqual(
      [helpGuide, helpDiagram].sort(),
    );
    const second = faqByTitle('두 번째 안내');
    expect(second.contents.ko.content).toContain(`href="${url('help', helpCopy)}"`);
    expect(second.contents.ko.attachments.map((a) => a.attachmentId)).toEqual([helpCopy]);
    const notice = emulator.service().list('notice')[0] as {
      contents: { ko: { content: string; attachments: { attachmentId: string }[] } };
    };
    expect(notice.contents.ko.content).toContain(`href="${url('notice', noticeGuide)}"`);
    expect(notice.contents.ko.attachments.map((a) => a.attachmentId)).toEqual([noticeGuide]);

    // Downloaded over HTTP from the service, byte for byte.
    const api = consoleApi(emulator);
    const files: [string, string | undefined, Buffer][] = [
      ['help', helpGuide, guide],
      ['help', helpCopy, guide],
      ['help', helpDiagram, diagram],
      ['notice', noticeGuide, guide],
    ];
    for (const [store, id, bytes] of files) {
      const downloaded = await api.attachments.download(store as 'help', id as string);
      expect(Buffer.from(downloaded.bytes).equals(bytes)).toBe(true);
    }
  });

  it('reads its own links back: a front matter change is a one-field update, and uploads nothing', async () => {
    emulator.clearRequests();
    const file = 'content/faq/first.md';
    project.write(file, project.read(file).replace('category: guides', 'category: guides\npinned: true'));
    const result = await oc(project.root, ['apply']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('~ FAQ faq/first "첫 번째 안내"\n    pinned: false → true\n');
    expect(result.stdout).not.toContain('contents.ko.body');
    expect(result.stdout).toContain('0 upload(s)');
    expect(describeRequests(emulator.requests.filter(isWrite))).toEqual([
      `PUT /v1/helpdoc/${project.state().documents['faq/first']?.id}.json 200`,
    ]);
  });

  it('deletes an upload from the service after the documents stop using it', async () => {
    emulator.clearRequests();
    const before = project.state().attachments;
    const helpGuide = before[key('help', guide, 'guide.pdf')]?.id as string;
    const helpCopy = before[key('help', guide, 'guide-copy.pdf')]?.id as string;
    const noticeGuide = before[key('notice', guide, 'guide.pdf')]?.id as string;
    const helpDiagram = before[key('help', diagram, 'diagram.png')]?.id as string;
    project.write(
      'content/faq/first.md',
      '---\ncategory: guides\n---\n# 첫 번째 안내\n\n![도표](./files/diagram.png)\n',
    );
    project.write(
      'content/faq/second.md',
      '---\ncategory: guides\n---\n# 두 번째 안내\n\n설명서는 곧 다시 올립니다.\n',
    );
    project.write(
      'content/notices/guide.md',
      '---\nheading: guide\nstart: 2026-01-01\n---\n# 설명서 공지\n\n준비 중입니다.\n',
    );

    const preview = await oc(project.root, ['plan']);
    const deleteLines = preview.stdout.split('\n').filter((line) => line.startsWith('- delete upload'));
    expect(deleteLines.sort()).toEqual([
      '- delete upload guide-copy.pdf (19.8 KiB)',
      '- delete upload guide.pdf (19.8 KiB)',
      '- delete upload guide.pdf (19.8 KiB)',
    ]);
    expect(preview.stdout).toMatch(/3 uploads to delete/);
    // Body diffs name the files as the author wrote them, also the ones no longer in content/.
    expect(preview.stdout).toContain('- [설명서](guide.pdf)를 받으세요.');
    expect(preview.stdout).toContain('attachments (ko): −guide.pdf');
    expect(preview.stdout).not.toContain('oc-sync:attachment/');

    const result = await oc(project.root, ['apply']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Apply complete: 0 created, 3 updated');

    const writes = describeRequests(emulator.requests.filter(isWrite));
    expect(writes).toHaveLength(6);
    // Documents first, then the uploads nobody uses any more.
    expect(writes.slice(0, 3).every((w) => w.startsWith('PUT '))).toBe(true);
    expect(writes.slice(3).sort()).toEqual(
      [
        `DELETE /v1/attachments/help/${helpGuide}.json 200`,
        `DELETE /v1/attachments/help/${helpCopy}.json 200`,
        `DELETE /v1/attachments/notice/${noticeGuide}.json 200`,
      ].sort(),
    );
    expect(emulator.service().attachment(helpGuide)).toBeUndefined();
    expect(emulator.service().attachment(helpCopy)).toBeUndefined();
    expect(emulator.service().attachment(noticeGuide)).toBeUndefined();
    expect(emulator.service().attachment(helpDiagram)?.bytes).toEqual(new Uint8Array(diagram));
    expect(Object.keys(project.state().attachments)).toEqual([key('help', diagram, 'diagram.png')]);
    expect(faqByTitle('첫 번째 안내').contents.ko.attachments.map((a) => a.attachmentId)).toEqual([
      helpDiagram,
    ]);

    const plan = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
  });
});
