import { describe, expect, it } from 'vitest';
import { LIST_READS, ListChangedError } from '../../src/remote/api.js';
import { startRig } from '../support/connect.js';

/**
 * A list that changes while its pages are read (issue 14, case 3): read again while the totals disagree, and stop
 * with a clear error when it keeps changing, before anyone acts on a list that missed an item.
 */
describe('a list that changes between its pages', () => {
  const noticeBody = (categoryId: number, n: number) => ({
    status: 'O' as const,
    categoryId,
    isTop: false,
    startDt: '20260101000000',
    endDt: '',
    contents: { ko: { title: `공지 ${n}`, content: `<p>${n}</p>` } },
  });

  async function rigWith(notices: number, onSecondPage: (made: number[]) => void) {
    let made: number[] = [];
    const rig = await startRig({
      beforeAnswer: (request) => {
        if (
          request.method === 'GET' &&
          request.path.endsWith('/notice.json') &&
          request.query.get('page') === '2'
        )
          onSecondPage(made);
      },
    });
    const heading = await rig.api.heading.create({ categoryCode: 'm', languages: { ko: '점검', en: 'M' } });
    const ids: number[] = [];
    for (let i = 0; i < notices; i++)
      ids.push((await rig.api.notice.create(noticeBody(heading.categoryId, i))).noticeId);
    made = ids;
    return { rig, ids, heading: heading.categoryId };
  }

  it('reads the list again when a delete shifts the pages, and sees every item', async () => {
    let deletions = 1;
    const { rig, ids } = await rigWith(25, (made) => {
      if (deletions-- > 0) rig.emulator.service().delete('notice', made[made.length - 1] as number);
    });
    await using _ = rig;
    const listed = await rig.client().api.notice.listAll({ pageSize: 10 });
    expect(listed.map((n) => n.noticeId).sort((a, b) => a - b)).toEqual(ids.slice(0, -1));
  });

  it(`stops after ${LIST_READS} readings that all changed, naming the list and what to do`, async () => {
    let n = 0;
    const { rig, heading } = await rigWith(15, () => {
      rig.emulator.service().create('notice', noticeBody(heading, 100 + n++));
    });
    await using _ = rig;
    rig.emulator.clearRequests();
    const failed = await rig.api.notice.listAll({ pageSize: 10 }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ListChangedError);
    expect((failed as Error).message).toMatch(
      /GET \S+notice\.json: the notice list changed while its pages were read, 4 times in a row \(the pages claimed \d+ and \d+ items in total\); nothing was planned or written from it\. Someone is adding or deleting documents/,
    );
    const firstPages = rig.emulator.requests.filter(
      (r) => r.path.endsWith('/notice.json') && !r.query.includes('page=2'),
    );
    expect(firstPages).toHaveLength(LIST_READS);
  });
});
