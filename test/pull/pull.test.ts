import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translationHashOfFile } from '../../src/content/translation-hash.js';
import { filesUnder } from '../../src/pull/local-content.js';
import { attachmentIdentity } from '../../src/resources/attachment.js';
import { attachmentBytes, requestPaths, seedEditorService, startPullRig } from './support/pull-rig.js';

/** Issue #6: pull against the emulator over HTTP — layout, exactness, state, safety, in-place updates. */

/** What a no-op plan reads: the list pages, and the service's description for its languages. */
const LIST_CALLS = [
  'GET api/v2/service.json',
  'GET v1/helpdoc.json',
  'GET v1/multilanguage/notice.json',
  'GET v1/multilanguage/notice/template.json',
  'GET v1/notice/tags.json',
  'GET v2/helpdoc/categories.json',
  'GET v2/notice/categories.json',
];

/** The shared fields of an FAQ detail record, as an update body takes them. */
function faqFlags(record: Record<string, unknown>) {
  return {
    status: record.status,
    categoryId: (record.categories as { categoryId: number }[])[0]?.categoryId,
    isTop: record.isTop,
    isRecommend: record.isRecommend,
  };
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

describe('pull', () => {
  it('writes the DESIGN §1 layout, and a plan right after it finds nothing to do with list calls only', async () => {
    await using rig = await startPullRig();
    const seeded = seedEditorService(rig.source);
    const result = await rig.pull();
    const content = (rel: string) => readFileSync(path.join(rig.project.root, 'content', rel), 'utf8');

    // Every document, every body exact, no problem reading it back.
    const faqs = Object.keys(seeded.faqs).length;
    expect(result.documents.filter((d) => d.outcome === 'created')).toHaveLength(faqs + 4 + 2);
    expect(result.documents.every((d) => d.exact)).toBe(true);
    expect(result.conversion.exact).toBe(result.conversion.bodies);
    expect(result.diagnostics).toEqual([]);
    expect(result.warnings).toEqual([]);

    // Lists: a three-level category tree with names in both languages, headings in order, tags.
    expect(content('faq/_categories.yaml')).toContain(
      [
        '- code: guide',
        '  name: { ko: 이용 안내, en: Guide }',
        '  order: 2',
        '  children:',
        '    - code: account',
        '      name: { ko: 계정, en: Account }',
        '      children:',
        '        - code: sign-in',
        '          name: { ko: 로그인, en: Sign-in }',
        '        - code: password',
        '          name: { ko: 비밀번호, en: Password }',
      ].join('\n'),
    );
    expect(content('notices/_headings.yaml')).toMatch(
      /- code: update\n.*\n- code: maintenance\n.*\n- code: event/,
    );
    expect(content('notices/_tags.yaml')).toContain('- code: payment\n  name: { ko: 결제, en: Payment }');

    // An FAQ under its category code path, with a readable Korean slug, front matter and its translation.
    const faq = 'faq/guide/account/password/smart-editor-paragraphs-안내';
    expect(content(`${faq}.md`)).toMatch(
      /^---\ntitle: smart editor paragraphs 안내\ncategory: password\nstatus: published\npinned: true\nattachments:\n {2}- 부록-0\.pdf\n---\n/,
    );
    // The translation records the hash of its default file as pulled: right after a pull it is up to date.
    expect(content(`${faq}.en.md`)).toMatch(
      new RegExp(
        `^---\ntitle: About smart-editor-paragraphs\ntranslatedFrom: ${translationHashOfFile(content(`${faq}.md`))}\n---\n\nEnglish version of <b>`,
      ),
    );
    // Flags: drafts, closed FAQs, recommendations.
    expect(content('faq/billing/br-soup-no-paragraphs-안내.md')).toContain('status: draft');
    expect(content('faq/guide/code-blocks-안내.md')).toContain('status: done');
    expect(content('faq/guide/account/sign-in/word-paste-안내.md')).toContain('recommended: true');

    // Notices by year of their start, dates in the config time zone, tags and pins; the same title twice.
    const notice = content('notices/2026/12월-정기-점검-안내.md');
    expect(notice).toMatch(
      /^---\ntitle: 12월 정기 점검 안내\nheading: maintenance\ntags: \[app, web\]\nstatus: published\npinned: true\nstart: 2026-12-01 09:00\nend: 2026-12-03 06:00\ndisplay: 2026-12-01 09:00\nattachments:\n {2}- 점검-일정표\.pdf\n---\n/,
    );
    expect(content('notices/2026/12월-정기-점검-안내-2.md')).toContain('tags: [payment]');
    expect(content('notices/2026/봄맞이-이벤트.md')).toContain(
      'status: draft\nstart: 2026-03-01 10:30:15\nend: 2026-03-31 23:59:59\ndisplay: 2026-02-28 12:00\n',
    );
    expect(content('notices/2025/앱-4-2-업데이트-소식.md')).toContain(
      'status: done\nstart: 2025-11-20 00:00\n---',
    );
    // Templates: subject, memo, status.
    expect(content('templates/정기-점검-공지.md')).toMatch(
      /^---\nsubject: 정기 점검 공지\nmemo: 매월 첫째 주 목요일\ntitle: "\[점검\] 정기 점검 공지"\nheading: maintenance\ntags: \[app\]\nstatus: active\n---/,
    );
    expect(content('templates/긴급-장애-공지.md')).toContain('status: inactive');

    // Attachments next to their documents, byte for byte; links to them and to other documents are relative.
    const links = content('faq/guide/account/password/attachment-links-안내.md');
    expect(links).toContain('[환불 신청서](./refund-form.pdf)');
    expect(links).toContain('<img src="./screen.png" width="480">');
    expect(links).toContain('[처리 기간 안내](../../../billing/refunds/gfm-table-clean-안내.md)');
    expect(links).toContain('<a href="./cjk-emphasis-안내.md#section" target="_blank">');
    expect(notice).toContain('<img src="./maintenance-window.png" width="640">');
    expect(notice).toContain('[배송지 변경 FAQ](../../faq/billing/long-korean-article-안내.md)');
    const bytes = readFileSync(
      path.join(rig.project.root, 'content/faq/guide/account/password/refund-form.pdf'),
    );
    expect(md5(bytes)).toBe(md5(attachmentBytes('help:refund form.pdf')));
    expect(md5(readFileSync(path.join(rig.project.root, 'content/notices/2026/점검-일정표.pdf')))).toBe(
      md5(attachmentBytes('notice:점검 일정표.pdf')),
    );

    // The state owns everything pulled, attachments by MD5 and the file name content/ holds.
    const state = JSON.parse(readFileSync(result.stateFile, 'utf8'));
    expect(Object.keys(state.documents)).toHaveLength(faqs + 6);
    expect(state.documents[faq]).toMatchObject({
      kind: 'faq',
      id: seeded.faqs['01-smart-editor-paragraphs'],
    });
    expect(state.attachments[`help:${attachmentIdentity(md5(bytes), 'refund-form.pdf')}`]).toMatchObject({
      id: seeded.attachments['help:refund form.pdf']?.id,
      fileName: 'refund-form.pdf',
    });

    rig.source.clearRequests();
    const { plan } = await rig.plan();
    expect(plan.summary).toEqual({
      create: 0,
      update: 0,
      delete: 0,
      move: 0,
      noop: faqs + 6 + 6 + 3 + 3,
      drifted: 0,
      conflicts: 0,
      notDeleted: 0,
      notCreated: 0,
    });
    expect(plan.unmanaged).toEqual([]);
    expect(requestPaths(rig.source)).toEqual(LIST_CALLS);
  });

  it('a second pull into the same folder changes nothing and duplicates nothing', async () => {
    await using rig = await startPullRig();
    seedEditorService(rig.source);
    await rig.pull();
    const root = path.join(rig.project.root, 'content');
    const before = [...(await filesUnder(root))].sort();
    const stateBefore = readFileSync(path.join(rig.project.root, '.oc-sync/state/source.json'), 'utf8');
    const again = await rig.pull();
    expect(again.documents.every((d) => d.outcome === 'unchanged')).toBe(true);
    expect(again.lists.every((l) => l.outcome === 'unchanged')).toBe(true);
    expect(again.attachments.written).toBe(0);
    expect([...(await filesUnder(root))].sort()).toEqual(before);
    expect(readFileSync(path.join(rig.project.root, '.oc-sync/state/source.json'), 'utf8')).toBe(stateBefore);
  });

  it('round-trips: pull → edit → apply → pull keeps the edit; a console edit then updates the same file', async () => {
    await using rig = await startPullRig();
    const seeded = seedEditorService(rig.source);
    await rig.pull();
    const rel = 'content/faq/billing/refunds/gfm-table-clean-안내.md';
    const file = path.join(rig.project.root, rel);
    const edited = readFileSync(file, 'utf8').replace('처리 기간은', '환불 처리 기간은');
    writeFileSync(file, edited);

    const applied = await rig.apply();
    expect(applied.counts).toMatchObject({ updated: 1, created: 0, failed: 0 });
    const remote = rig.source.service().get('faq', seeded.faqs['15-gfm-table-clean'] as number) as {
      contents: { ko: { content: string } };
    };
    expect(remote.contents.ko.content).toContain('<p>환불 처리 기간은 결제 수단에 따라 다릅니다.</p>');

    // The service holds what the file says: the file stays exactly as written.
    const second = await rig.pull();
    expect(second.documents.find((d) => d.key === 'faq/billing/refunds/gfm-table-clean-안내')?.outcome).toBe(
      'unchanged',
    );
    expect(readFileSync(file, 'utf8')).toBe(edited);

    // Edited in the web console: the same file is updated in place, nothing is duplicated.
    const service = rig.source.service();
    const record = service.get('faq', seeded.faqs['15-gfm-table-clean'] as number) as Record<
      string,
      unknown
    > & {
      contents: Record<string, { title: string; content: string }>;
    };
    service.update('faq', record.helpDocId as number, {
      ...faqFlags(record),
      contents: {
        ko: {
          title: '처리 기간 (수정)',
          content: `${record.contents.ko?.content}<p>콘솔에서 추가한 문단</p>`,
        },
        en: record.contents.en,
      },
    });
    const files = [...(await filesUnder(path.join(rig.project.root, 'content')))].sort();
    const third = await rig.pull();
    expect(third.documents.find((d) => d.key === 'faq/billing/refunds/gfm-table-clean-안내')).toMatchObject({
      outcome: 'updated',
      exact: true,
    });
    expect([...(await filesUnder(path.join(rig.project.root, 'content')))].sort()).toEqual(files);
    expect(readFileSync(file, 'utf8')).toContain('title: 처리 기간 (수정)');
    expect(readFileSync(file, 'utf8')).toContain('환불 처리 기간은');
    expect(readFileSync(file, 'utf8')).toContain('콘솔에서 추가한 문단');
    const { plan } = await rig.plan();
    expect(plan.summary).toMatchObject({ create: 0, update: 0, delete: 0, drifted: 0, conflicts: 0 });
  });

  it('never overwrites local edits or files it does not own, and says so', async () => {
    await using rig = await startPullRig();
    const seeded = seedEditorService(rig.source);
    // A file that is not the service's sits where a pulled document would go.
    rig.project.write(
      'content/templates/정기-점검-공지.md',
      '---\nsubject: mine\ntitle: 내 템플릿\nheading: maintenance\n---\n\n내 파일\n',
    );
    const first = await rig.pull();
    expect(
      readFileSync(path.join(rig.project.root, 'content/templates/정기-점검-공지.md'), 'utf8'),
    ).toContain('내 파일');
    expect(first.documents.find((d) => d.id === seeded.templates[0])?.key).toBe('templates/정기-점검-공지-2');

    // Edited here and on the service: kept, reported as a conflict; --force takes the service's version.
    const rel = 'content/faq/guide/account/password/div-wrappers-안내.md';
    const file = path.join(rig.project.root, rel);
    expect(existsSync(file.replace(/\.md$/, '.en.md'))).toBe(true);
    writeFileSync(file, readFileSync(file, 'utf8').replace('div로 감싼 문단 하나', '내가 고친 문단'));
    const service = rig.source.service();
    const id = seeded.faqs['13-div-wrappers'] as number;
    const record = service.get('faq', id) as Record<string, unknown> & {
      contents: Record<string, { title: string; content: string }>;
    };
    service.update('faq', id, { ...faqFlags(record), status: 'C', contents: { ko: record.contents.ko } });
    const second = await rig.pull();
    expect(second.documents.find((d) => d.id === id)).toMatchObject({
      outcome: 'kept-local-edits',
      conflict: true,
    });
    expect(readFileSync(file, 'utf8')).toContain('내가 고친 문단');
    const forced = await rig.pull({ force: true });
    expect(forced.documents.find((d) => d.id === id)?.outcome).toBe('overwrote-local-edits');
    expect(readFileSync(file, 'utf8')).not.toContain('내가 고친 문단');
    expect(readFileSync(file, 'utf8')).toContain('status: done');
    // Its English translation is gone on the service, so its file went too.
    expect(existsSync(file.replace(/\.md$/, '.en.md'))).toBe(false);

    // Deleted on the service: unedited files go with it.
    service.delete('faq', seeded.faqs['24-whitespace-mess'] as number);
    const third = await rig.pull();
    expect(third.documents.find((d) => d.key === 'faq/guide/whitespace-mess-안내')?.outcome).toBe('removed');
    expect(existsSync(path.join(rig.project.root, 'content/faq/guide/whitespace-mess-안내.md'))).toBe(false);
    const { plan } = await rig.plan();
    expect(plan.summary).toMatchObject({ update: 0, delete: 0, drifted: 0, conflicts: 0 });
    // Only the local template that the service does not have is left to create.
    expect(plan.changes.filter((c) => c.action === 'create').map((c) => c.key)).toEqual([
      'templates/정기-점검-공지',
    ]);
  });

  it('merges the YAML lists: service items win by code, local-only items are kept and reported', async () => {
    await using rig = await startPullRig();
    seedEditorService(rig.source);
    rig.project.write(
      'content/notices/_tags.yaml',
      '- code: app\n  name: { ko: 옛 이름, en: Old }\n- code: local-only\n  name: { ko: 로컬, en: Local }\n',
    );
    const result = await rig.pull();
    const tags = readFileSync(path.join(rig.project.root, 'content/notices/_tags.yaml'), 'utf8');
    expect(tags).toContain('- code: app\n  name: { ko: 앱, en: App }');
    expect(tags).toContain('- code: local-only\n  name: { ko: 로컬, en: Local }');
    expect(result.lists.find((l) => l.file === 'notices/_tags.yaml')).toMatchObject({
      outcome: 'updated',
      keptLocal: ['local-only'],
    });
    expect(result.warnings.join('\n')).toContain('kept local-only');
  });

  it('--into another folder keeps its own key map there and updates it in place', async () => {
    await using rig = await startPullRig();
    seedEditorService(rig.source);
    const first = await rig.pull({ into: 'imported', kinds: ['notice'] });
    expect(first.projectState).toBe(false);
    expect(existsSync(path.join(rig.project.root, '.oc-sync/state/source.json'))).toBe(false);
    expect(existsSync(path.join(rig.project.root, 'imported/.oc-sync/state/source.json'))).toBe(true);
    const files = [...(await filesUnder(path.join(rig.project.root, 'imported')))].sort();
    // Notices bring the lists they refer to, and nothing else.
    expect(files).toContain('notices/_headings.yaml');
    expect(files.some((f) => f.startsWith('faq/') || f.startsWith('templates/'))).toBe(false);
    const again = await rig.pull({ into: 'imported', kinds: ['notice'] });
    expect(again.documents.every((d) => d.outcome === 'unchanged')).toBe(true);
    expect([...(await filesUnder(path.join(rig.project.root, 'imported')))].sort()).toEqual(files);
  });

  it('keeps relative URLs of the service exactly: root-relative as they are, page-relative as web:', async () => {
    await using rig = await startPullRig({ languages: ['ko'] });
    const service = rig.source.service();
    const category = service.create('faqCategory', { categoryCode: 'misc', name: '기타' })
      .categoryId as number;
    service.create('faq', {
      status: 'O',
      categoryId: category,
      isTop: false,
      isRecommend: false,
      title: '상대 주소',
      content: '<p><a href="/hc/HelpCenter/faq/99">다른 글</a> <a href="../guide?a=1#b">안내</a></p>',
    });
    const result = await rig.pull();
    expect(result.warnings).toEqual([]);
    const text = readFileSync(path.join(rig.project.root, 'content/faq/misc/상대-주소.md'), 'utf8');
    expect(text).toBe(
      `---\ntitle: 상대 주소\ncategory: misc\nstatus: published\n---\n\n[다른 글](/hc/HelpCenter/faq/99) [안내](web:../guide?a=1#b)\n`,
    );
    expect(readFileSync(path.join(rig.project.root, 'content/faq/_categories.yaml'), 'utf8')).toContain(
      '- code: misc\n  name: 기타\n',
    );
  });
});
