import { describe, expect, it } from 'vitest';
import { oc } from './support/cli.js';
import { EXAMPLE, expectConverged } from './support/converged.js';
import { duplicates, exampleProject, isWrite, remoteTitles, startEmulator } from './support/project.js';

/**
 * A create that would duplicate a document the service already has, unmanaged (issue 14 case 8, issue 15 case 1):
 * the state file lost, or not committed yet, or a second runner with a state of its own. The plan names each such
 * document, apply refuses to create it and says how to take it over, and nothing on the service doubles.
 */
describe.concurrent('documents already on the service but not in the state', { timeout: 60_000 }, () => {
  it('a lost state: the plan holds every create, apply writes nothing, pull --adopt takes them over', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    const before = emulator
      .service()
      .list('faq')
      .map((r) => [r.helpDocId, r.updatedDt]);
    project.remove('.oc-sync/state/e2e.json');

    const planned = await oc(project.root, ['plan']);
    // The plan fails as apply would: a pull request shows it before the merge.
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain('apply will not create 7 document(s) the service already has');
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(planned.stdout).toContain('7 not created: already on the service');
    expect(planned.stdout).toMatch(
      /faq\/account\/reset-password[^\n]*\n\s+not created: FAQ \d+ with the same title and category is already on the service, not managed by oc-sync \(take it over: oc-sync pull --adopt/,
    );

    const writesBefore = emulator.requests.filter(isWrite).length;
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('7 document(s) were not created: the service already has them');
    expect(applied.stdout).toContain('are taken over with: oc-sync pull --env e2e --adopt.');
    expect(emulator.requests.filter(isWrite).length, 'apply wrote to the service').toBe(writesBefore);
    expect(
      emulator
        .service()
        .list('faq')
        .map((r) => [r.helpDocId, r.updatedDt]),
    ).toEqual(before);

    const adopted = await oc(project.root, ['pull', '--adopt']);
    expect(adopted.code, adopted.stderr).toBe(0);
    await expectConverged(emulator, project, EXAMPLE);
  });

  it('a lost state and a console twin: the hint says adopt takes the one with this body, and it does', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    const service = emulator.service();
    const title = '비밀번호를 잊어버렸어요';
    const original = service.list('faq').find((r) => r.title === title) as { helpDocId: number };
    const { categories } = service.get('faq', original.helpDocId) as { categories: { categoryId: number }[] };
    const categoryId = categories[0]?.categoryId;
    service.create('faq', {
      status: 'O',
      categoryId,
      isTop: false,
      isRecommend: false,
      contents: { ko: { title, content: '<p>편집자가 콘솔에서 따로 쓴 글입니다.</p>' } },
    });
    project.remove('.oc-sync/state/e2e.json');

    const planned = await oc(project.root, ['plan']);
    expect(planned.code).toBe(1);
    expect(planned.stdout).toMatch(
      /faq\/account\/reset-password[^\n]*\n\s+not created: FAQ \d+, FAQ \d+ with the same title and category are already on the service, not managed by oc-sync; pull --adopt takes over the one whose body is this file's/,
    );
    expect((await oc(project.root, ['pull', '--adopt'])).code).toBe(0);
    expect(project.state().documents['faq/account/reset-password']?.id).toBe(original.helpDocId);
  });

  it('two runners with their own state: the second creates nothing the first made', async () => {
    await using emulator = await startEmulator();
    using laptop = exampleProject(emulator);
    using ci = exampleProject(emulator);
    expect((await oc(laptop.root, ['apply', '--yes'])).code).toBe(0);
    const second = await oc(ci.root, ['apply', '--yes']);
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('7 document(s) were not created');
    for (const kind of ['faq', 'notice', 'template'] as const) {
      expect(duplicates(remoteTitles(emulator, kind)), kind).toEqual([]);
    }
    expect(remoteTitles(emulator, 'faq')).toHaveLength(EXAMPLE.faq);
    // Creating them anyway is one explicit flag away.
    const forced = await oc(ci.root, ['apply', '--yes', '--allow-duplicates']);
    expect(forced.code).toBe(0);
    expect(remoteTitles(emulator, 'faq')).toHaveLength(EXAMPLE.faq * 2);
  });

  it('a state copied from another branch owns only some: the rest are held, not duplicated', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    // The state as it was before one FAQ was added on another branch.
    const state = project.state();
    const { 'faq/orders/change-address': dropped, ...kept } = state.documents;
    expect(dropped).toBeDefined();
    project.write('.oc-sync/state/e2e.json', JSON.stringify({ ...state, documents: kept }));
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain(`faq/orders/change-address: FAQ ${dropped?.id} with the same title`);
    expect(remoteTitles(emulator, 'faq')).toHaveLength(EXAMPLE.faq);
  });

  it('a console FAQ pulled next to a local copy not applied yet: the copy is held, not created', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    // A new FAQ written here, not applied yet; meanwhile an agent writes the same one in the console.
    project.write(
      'content/faq/orders/track-parcel.md',
      '---\ncategory: orders\n---\n\n# 배송 조회는 어디서 하나요?\n\n주문 내역에서 조회하세요.\n',
    );
    const orders = emulator
      .service()
      .list('faqCategory')
      .find((c) => c.categoryCode === 'orders');
    emulator.service().create('faq', {
      status: 'O',
      categoryId: orders?.categoryId,
      isTop: false,
      isRecommend: false,
      contents: { ko: { title: '배송 조회는 어디서 하나요?', content: '<p>마이페이지에서 조회하세요.</p>' } },
    });
    const held = await oc(project.root, ['plan']);
    expect(held.stdout).toContain('not created: FAQ');
    // The drift advice said "pull": the console FAQ arrives as a second file next to the local one.
    expect((await oc(project.root, ['pull'])).code).toBe(0);
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(
      /faq\/orders\/track-parcel: FAQ \d+ \(faq\/orders\/[^)]+\) with the same title and category is already on the service, as another file of content\//,
    );
    expect(applied.stdout).toContain('keep one of the files');
    expect(duplicates(remoteTitles(emulator, 'faq'))).toEqual([]);
  });
});
