import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PullRig, requestPaths, seedEditorService, startPullRig } from './support/pull-rig.js';

/** Issue #6 / DESIGN §4: `pull --adopt` rebuilds a lost state from content/ and the service, touching no file. */

describe('pull --adopt', () => {
  it('rebuilds the state by title and category, and reports what it could not match on both sides', async () => {
    await using rig = await startPullRig();
    const seeded = seedEditorService(rig.source);
    const pulled = await rig.pull();
    const stateFile = path.join(rig.project.root, '.oc-sync/state/source.json');
    const original = JSON.parse(readFileSync(stateFile, 'utf8'));
    rmSync(stateFile);

    // Only here: a new FAQ. Only there: an FAQ written in the console since, and a second notice with a title that
    // two local files share (ambiguous, so neither is matched).
    rig.project.write(
      'content/faq/billing/new-question.md',
      '---\ntitle: 새 질문\ncategory: billing\n---\n\n새로 쓴 글\n',
    );
    const service = rig.source.service();
    const consoleOnly = service.create('faq', {
      status: 'O',
      categoryId: seeded.categories.refunds,
      isTop: false,
      isRecommend: false,
      contents: { ko: { title: '콘솔에서 쓴 글', content: '<p>콘솔</p>' } },
    }).helpDocId as number;
    // An edit made here to a pulled file: adopted, but as differing. Adopt cannot tell which side is newer (a console
    // edit looks the same), so the next plan holds it as drift rather than replace the service's text.
    const edited = path.join(rig.project.root, 'content/faq/guide/code-blocks-안내.md');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('API 호출 예시는', 'API 호출 예제는'));
    const files = readFileSync(edited, 'utf8');

    const result = await rig.adopt();
    expect(result.adopted).toHaveLength(pulled.documents.length);
    expect(result.adopted.filter((d) => !d.same)).toEqual([
      {
        kind: 'faq',
        key: 'faq/guide/code-blocks-안내',
        id: seeded.faqs['06-code-blocks'],
        same: false,
        changedFields: ['contents.ko.body'],
        // Where, as pull reports bodies that differ (issue #16).
        bodyDifferences: [
          { language: 'ko', reason: expect.stringMatching(/^at \/p\[\d+\]\/text\[0\]: text "/) },
        ],
      },
    ]);
    expect(result.adopted.find((d) => !d.same)?.bodyDifferences[0]?.reason).toMatch(
      /예시.*in the service's HTML, .*예제.*rendered from the file$/,
    );
    expect(result.unmatchedLocal).toEqual([
      expect.objectContaining({ kind: 'faq', key: 'faq/billing/new-question', title: '새 질문' }),
    ]);
    expect(result.unmatchedRemote).toEqual([
      expect.objectContaining({ kind: 'faq', id: consoleOnly, title: '콘솔에서 쓴 글' }),
    ]);
    expect(readFileSync(edited, 'utf8')).toBe(files);

    // The same ids as the lost state, attachments included.
    const rebuilt = JSON.parse(readFileSync(stateFile, 'utf8'));
    for (const [key, entry] of Object.entries(original.documents as Record<string, { id: number }>))
      expect(rebuilt.documents[key]?.id, key).toBe(entry.id);
    expect(Object.keys(rebuilt.attachments).sort()).toEqual(Object.keys(original.attachments).sort());

    rig.source.clearRequests();
    const { plan } = await rig.plan();
    expect(plan.summary).toMatchObject({ create: 1, update: 0, delete: 0, drifted: 1, conflicts: 0 });
    expect(plan.changes.find((c) => c.hold === 'drift')).toMatchObject({
      action: 'update',
      key: 'faq/guide/code-blocks-안내',
      changedFields: ['contents.ko.body'],
    });
    expect(plan.unmanaged).toEqual([expect.objectContaining({ kind: 'faq', id: consoleOnly })]);
    // One detail call: the differing FAQ's; everything adopted in sync costs nothing.
    expect(requestPaths(rig.source).filter((p) => /\/\d+\.json$/.test(p))).toEqual([
      `GET v1/helpdoc/${seeded.faqs['06-code-blocks']}.json`,
    ]);
  });

  it('pairs documents sharing a title and category by their bodies', async () => {
    await using rig = await startPullRig({ languages: ['ko'] });
    const ids = seedSameTitleNotices(rig.source.service(), ['첫째', '둘째']);
    await rig.pull();
    const stateFile = path.join(rig.project.root, '.oc-sync/state/source.json');
    const original = JSON.parse(readFileSync(stateFile, 'utf8'));
    rmSync(stateFile);

    const result = await rig.adopt();
    expect(result.unmatchedLocal).toEqual([]);
    expect(result.unmatchedRemote).toEqual([]);
    expect(result.adopted.map((d) => [d.key, d.id, d.same]).sort()).toEqual([
      ['notices/2026/같은-제목', original.documents['notices/2026/같은-제목'].id, true],
      ['notices/2026/같은-제목-2', original.documents['notices/2026/같은-제목-2'].id, true],
    ]);
    expect(new Set(result.adopted.map((d) => d.id))).toEqual(new Set(ids));
    const { plan } = await rig.plan();
    expect(plan.summary).toMatchObject({ create: 0, update: 0, delete: 0, drifted: 0, notCreated: 0 });
  });

  it('matches nothing twice: documents sharing a title that no body tells apart stay unmatched, ids named', async () => {
    await using rig = await startPullRig({ languages: ['ko'] });
    const ids = seedSameTitleNotices(rig.source.service(), ['첫째', '둘째']);
    await rig.pull();
    rmSync(path.join(rig.project.root, '.oc-sync/state/source.json'));
    // Both files edited here since: neither body is one of the service's any more.
    for (const name of ['같은-제목', '같은-제목-2']) {
      const file = path.join(rig.project.root, `content/notices/2026/${name}.md`);
      writeFileSync(file, `${readFileSync(file, 'utf8').trimEnd()}\n\n덧붙인 줄\n`);
    }
    const result = await rig.adopt();
    expect(result.adopted).toEqual([]);
    expect(result.unmatchedLocal.map((d) => d.key).sort()).toEqual([
      'notices/2026/같은-제목',
      'notices/2026/같은-제목-2',
    ]);
    expect(result.unmatchedLocal[0]?.reason).toBe(
      `2 local and 2 remote documents share this title and category/heading, and none of notice ${ids[0]}, notice ${ids[1]} renders the same as this file; the plan will not create it. Make this file's body the same as the one it is (then pull --adopt again), delete or retitle the duplicate on the service, or create another with oc-sync apply --allow-duplicates`,
    );
    expect(result.unmatchedRemote).toHaveLength(2);
    expect(result.unmatchedRemote[0]?.reason).toBe(
      '2 local and 2 remote documents share this title and category/heading, and none of notices/2026/같은-제목, notices/2026/같은-제목-2 renders the same as this one',
    );
  });
});

/** Notices with one title, heading, status, flags and dates: only the bodies differ, and the list call hides them. */
function seedSameTitleNotices(service: ReturnType<PullRig['source']['service']>, bodies: string[]): number[] {
  const heading = service.create('heading', { categoryCode: 'notice', name: '공지' }).categoryId as number;
  return bodies.map(
    (body) =>
      service.create('notice', {
        status: 'O',
        categoryId: heading,
        isTop: false,
        startDt: '20260101000000',
        endDt: '',
        contents: { ko: { title: '같은 제목', content: `<p>${body}</p>` } },
      }).noticeId as number,
  );
}
