import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { oc, said } from './support/cli.js';
import { EXAMPLE, expectConverged } from './support/converged.js';
import { exampleProject, makeProject, remoteConfig, startEmulator } from './support/project.js';

/**
 * What people do in the web console next to oc-sync. Categories, headings and tags someone made there (issue 14 case 12, issue 15 cases 2 and 5): never
 * deleted by `--prune` unless oc-sync made or took them over; taken over by name when they have no code, so pull then
 * apply on such a service works and duplicates nothing; renamed or deleted in the console, they are drift. A document
 * taken down in the console is drift too: never re-published by the next unrelated apply.
 */

const names = (ko: string, en: string) => ({ languages: { ko, en } });

function listNames(emulator: Emulator, kind: 'tag' | 'heading' | 'faqCategory'): string[] {
  return emulator
    .service()
    .list(kind)
    .map((r) => String((r.languages as Record<string, string>).ko))
    .sort();
}

describe.concurrent('list items made in the web console', { timeout: 60_000 }, () => {
  it('apply --prune deletes only the items oc-sync made, never those made in the console', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    // Someone else's items, with codes (as another API tool makes them) and without (as the console does).
    const service = emulator.service();
    service.create('faqCategory', { categoryCode: 'promo', ...names('프로모션', 'Promotions') });
    service.create('faqCategory', names('콘솔 분류', 'Console group'));
    service.create('heading', { categoryCode: 'press', ...names('보도', 'Press') });
    service.create('heading', names('콘솔 말머리', 'Console heading'));
    service.create('tag', { tagCode: 'beta', ...names('베타', 'Beta') });
    service.create('tag', names('콘솔 태그', 'Console tag'));
    // One of oc-sync's own is removed from content/.
    const categories = project.read('content/faq/_categories.yaml');
    project.write(
      'content/faq/_categories.yaml',
      categories.replace(/\n {4}- code: receipts\n {6}name: \{ ko: 영수증, en: Receipts \}/, ''),
    );
    expect(project.read('content/faq/_categories.yaml')).not.toContain('receipts');

    const planned = await oc(project.root, ['plan', '--prune']);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 1 to delete, 0 drifted.');
    const pruned = await oc(project.root, ['apply', '--yes', '--prune']);
    expect(pruned.code, said(pruned)).toBe(0);
    expect(pruned.stdout).toContain('1 deleted');
    expect(service.list('faqCategory').map((c) => c.categoryCode)).not.toContain('receipts');
    expect(listNames(emulator, 'faqCategory')).toEqual(expect.arrayContaining(['프로모션', '콘솔 분류']));
    expect(listNames(emulator, 'heading')).toEqual(expect.arrayContaining(['보도', '콘솔 말머리']));
    expect(listNames(emulator, 'tag')).toEqual(expect.arrayContaining(['베타', '콘솔 태그']));
  });

  it('pull from a service filled in the console, then apply: the items get their codes, nothing doubles', async () => {
    await using emulator = await startEmulator();
    const service = emulator.service();
    const help = service.create('faqCategory', names('도움말', 'Help')) as { categoryId: number };
    const login = service.create('faqCategory', {
      parent: help.categoryId,
      ...names('로그인', 'Sign-in'),
    }) as { categoryId: number };
    const news = service.create('heading', names('소식', 'News')) as { categoryId: number };
    const app = service.create('tag', names('앱', 'App')) as { tagId: number };
    const faq = service.create('faq', {
      status: 'O',
      categoryId: login.categoryId,
      isTop: false,
      isRecommend: false,
      contents: {
        ko: { title: '로그인이 안 돼요', content: '<p>비밀번호를 재설정하세요.</p>' },
        en: { title: 'I cannot sign in', content: '<p>Reset your password.</p>' },
      },
    }) as { helpDocId: number; updatedDt: number };
    const notice = service.create('notice', {
      status: 'O',
      categoryId: news.categoryId,
      isTop: false,
      startDt: '20261201000000',
      endDt: '',
      contents: { ko: { title: '새 소식', content: '<p>앱이 새로워졌습니다.</p>' } },
      tags: [{ tagId: app.tagId }],
    }) as { noticeId: number; updatedDt: number };
    using project = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });

    const pulled = await oc(project.root, ['pull']);
    expect(pulled.code, said(pulled)).toBe(0);
    expect(pulled.stdout + pulled.stderr).toMatch(
      /FAQ category "도움말" \(id \d+\) has no code on the service/,
    );
    const planned = await oc(project.root, ['plan']);
    // No creates (each would duplicate a console item, or fail with 9007 forever): the codes are given instead.
    expect(planned.stdout).toContain('Plan: 0 to create, 3 to update, 0 to delete, 0 drifted.');
    expect(planned.stdout).toContain('made in the web console without a code');

    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code, said(applied)).toBe(0);
    expect(service.list('faqCategory')).toHaveLength(2);
    expect(service.list('heading')).toHaveLength(1);
    expect(service.list('tag')).toHaveLength(1);
    expect(service.list('faqCategory').every((c) => typeof c.categoryCode === 'string')).toBe(true);
    expect(service.get('heading', news.categoryId)?.categoryCode).toEqual(expect.any(String));
    // The documents were not touched.
    expect(service.get('faq', faq.helpDocId)?.updatedDt).toBe(faq.updatedDt);
    expect(service.get('notice', notice.noticeId)?.updatedDt).toBe(notice.updatedDt);
    const again = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });

  it('a category renamed and a tag deleted in the console are drift: held, not reverted, not re-created', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    const tags = project.read('content/notices/_tags.yaml');
    project.write('content/notices/_tags.yaml', `${tags}- code: promo\n  name: { ko: 행사, en: Promo }\n`);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    // In the web console: a category renamed (the console sends its whole form: the order goes back to 0), a tag
    // deleted.
    const service = emulator.service();
    const orders = service.list('faqCategory').find((c) => c.categoryCode === 'orders');
    service.update('faqCategory', orders?.categoryId as number, names('주문 배송', 'Orders'));
    service.delete('tag', 'promo');

    const planned = await oc(project.root, ['plan']);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 2 drifted.');
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain('apply will leave 2 item(s) changed on the service untouched');
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('FAQ category orders: changed on the service since the last apply');
    expect(applied.stdout).toContain('notice tag promo: deleted on the service since the last apply');
    expect(service.get('faqCategory', 'orders')?.languages).toEqual({ ko: '주문 배송', en: 'Orders' });
    expect(service.get('tag', 'promo')).toBeUndefined();

    const overwritten = await oc(project.root, ['apply', '--yes', '--overwrite-drift']);
    expect(overwritten.code, said(overwritten)).toBe(0);
    expect(service.get('faqCategory', 'orders')?.languages).toEqual({
      ko: '주문 및 배송',
      en: 'Orders and delivery',
    });
    expect(service.get('tag', 'promo')).toBeDefined();
    await expectConverged(emulator, project, { ...EXAMPLE, tag: 4 });
  });

  it('a notice deleted in the console is not re-published by the next apply', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    const service = emulator.service();
    const taken = project.state().documents['notices/2026/december-maintenance']?.id as number;
    service.delete('notice', taken);
    // An unrelated edit merged afterwards.
    const faq = 'content/faq/orders/change-address.md';
    project.write(faq, `${project.read(faq)}\n문의는 고객센터로 해 주세요.\n`);

    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain(
      'notice notices/2026/december-maintenance: deleted on the service since the last apply',
    );
    expect(applied.stdout).toContain('1 updated');
    expect(service.list('notice')).toHaveLength(EXAMPLE.notice - 1);

    const republished = await oc(project.root, ['apply', '--yes', '--overwrite-drift']);
    expect(republished.code, said(republished)).toBe(0);
    await expectConverged(emulator, project, EXAMPLE);
  });

  it('an upload found on the service is never deleted by apply: a console FAQ may still use it', async () => {
    await using emulator = await startEmulator();
    const service = emulator.service();
    const category = service.create('faqCategory', {
      categoryCode: 'general',
      ...names('일반', 'General'),
    }) as {
      categoryId: number;
    };
    const form = service.upload(
      'help',
      new TextEncoder().encode('%PDF-1.4 form v1'),
      'form.pdf',
      'application/pdf',
    );
    const faq = (title: string) =>
      service.create('faq', {
        status: 'O',
        categoryId: category.categoryId,
        isTop: false,
        isRecommend: false,
        contents: {
          ko: {
            title,
            content: '<p>신청서를 받으세요.</p>',
            attachments: [{ attachmentId: form.attachmentId }],
          },
        },
      }) as { helpDocId: number };
    faq('신청서는 어디 있나요?');
    using project = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });
    expect((await oc(project.root, ['pull'])).code).toBe(0);
    // After the pull an editor attaches the same upload to a new FAQ in the console.
    const other = faq('환불 신청서도 같나요?');
    // Locally the form gets new bytes.
    const file = Object.values(project.state().attachments)[0]?.fileName as string;
    const pdf = ['content/faq/general', file].join('/');
    expect(project.exists(pdf), pdf).toBe(true);
    project.write(pdf, '%PDF-1.4 form v2');

    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code, said(applied)).toBe(0);
    expect(service.attachment(form.attachmentId), 'the console upload still exists').toBeDefined();
    const kept = service.get('faq', other.helpDocId) as { attachments: { attachmentId: string }[] };
    expect(kept.attachments.map((a) => a.attachmentId)).toEqual([form.attachmentId]);
    expect(Object.values(project.state().attachments).map((a) => a.id)).not.toContain(form.attachmentId);
  });

  it('a code renamed in the YAML is an update of the same item, not a create and a delete', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    const service = emulator.service();
    const ordersId = service.list('faqCategory').find((c) => c.categoryCode === 'orders')?.categoryId;
    const webId = service.list('tag').find((t) => t.tagCode === 'web')?.tagId;
    const rename = (file: string, from: RegExp, to: string) =>
      project.write(file, project.read(file).replace(from, to));
    rename('content/faq/_categories.yaml', /code: orders/, 'code: shipping');
    rename('content/faq/orders/change-address.md', /category: orders/, 'category: shipping');
    rename('content/notices/_tags.yaml', /code: web/, 'code: website');
    for (const file of ['content/notices/2026/december-maintenance.md', 'content/templates/maintenance.md'])
      rename(file, /web\]/, 'website]');

    const planned = await oc(project.root, ['plan', '--prune']);
    expect(planned.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete, 0 drifted.');
    expect(planned.stdout).toMatch(
      /~ FAQ category shipping[^\n]*\n\s+its code is renamed from orders to shipping\n\s+code: orders → shipping/,
    );
    const applied = await oc(project.root, ['apply', '--yes', '--prune']);
    expect(applied.code, said(applied)).toBe(0);
    expect(service.get('faqCategory', ordersId as number)?.categoryCode).toBe('shipping');
    // A tag's code cannot change on the service: the same tag, known by its new code through the state.
    expect(service.list('tag').map((t) => t.tagId)).toContain(webId);
    const lists = project.state().lists ?? {};
    expect(lists['tag:website']?.id).toBe(webId);
    expect(lists).not.toHaveProperty('tag:web');
    expect(lists).not.toHaveProperty('faqCategory:orders');
    await expectConverged(emulator, project, EXAMPLE);
  });
});
