import { describe, expect, it } from 'vitest';
import type { Emulator, IncomingRequestInfo } from '../../src/emulator/index.js';
import { oc, said } from './support/cli.js';
import { writeCorpus } from './support/corpus.js';
import { makeProject, remoteConfig, startEmulator } from './support/project.js';

/**
 * A console edit while oc-sync reads a list page by page (issue 14, case 3). The FAQ list is newest first (pinned
 * ones before the rest); an unrelated FAQ on page 1 that disappears from it between the reads of page 1 and page 2
 * moves the first item of page 2 onto page 1, unseen. An owned FAQ the list did not show must not be re-created by
 * apply, nor its file removed by pull.
 */

const OWNED = 250;

type ConsoleEdit = (emulator: Emulator, unrelatedId: number) => void;

const EDITS: [string, ConsoleEdit][] = [
  // The total drops by one between the pages.
  ['an unrelated FAQ deleted', (emulator, id) => emulator.service().delete('faq', id)],
  // The totals agree: only a detail call shows the unseen FAQ is still there.
  ['an unrelated FAQ unpinned', (emulator, id) => emulator.service().action('faq', id, 'top', false)],
];

const isFaqPage = (request: IncomingRequestInfo, page: string) =>
  request.method === 'GET' && request.path.endsWith('/helpdoc.json') && request.query.get('page') === page;

describe.concurrent('a console edit while the FAQ list is read', { timeout: 120_000 }, () => {
  it.each(EDITS)('%s between page 1 and page 2', async (_name, edit) => {
    let armed: (() => void) | undefined;
    await using emulator = await startEmulator({
      beforeAnswer: (request) => {
        if (!armed || !isFaqPage(request, '2')) return;
        const once = armed;
        armed = undefined;
        once();
      },
    });
    using project = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });
    writeCorpus(project, { faqs: OWNED, notices: 0 });
    const store = emulator.service();
    // Made in the console before oc-sync's FAQs, so their ids are the oldest (last in the list unless pinned).
    const category = consoleCategory(emulator);
    const consoleMade = [1, 2].map(
      (n) =>
        (
          store.create('faq', {
            status: 'O',
            categoryId: category,
            isRecommend: false,
            isTop: false,
            title: `${CONSOLE_TITLE} ${n}`,
            content: '<p>콘솔</p>',
          }) as { helpDocId: number }
        ).helpDocId,
    );
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code, said(applied)).toBe(0);
    const ownedIds = () => Object.values(project.state().documents).map((d) => d.id);
    const faqIds = () => (store.list('faq') as { helpDocId: number }[]).map((f) => f.helpDocId);
    expect(new Set(ownedIds()).size).toBe(OWNED);

    // Pinned in the console before oc-sync looks, so it leads page 1; edited while the list is read.
    const arm = (id: number) => {
      store.action('faq', id, 'top', true);
      armed = () => edit(emulator, id);
    };

    arm(consoleMade[0] as number);
    const second = await oc(project.root, ['apply', '--yes']);
    expect(second.code, said(second)).toBe(0);
    expect(armed, 'the console edit happened during the listing').toBeUndefined();
    const owned = new Set(ownedIds());
    expect(owned.size).toBe(OWNED);
    expect(faqIds().filter((id) => !owned.has(id) && !isConsoleMade(emulator, id))).toEqual([]);
    expect(faqIds().filter((id) => owned.has(id))).toHaveLength(OWNED);

    arm(consoleMade[1] as number);
    const pulled = await oc(project.root, ['pull']);
    expect(pulled.code, said(pulled)).toBe(0);
    expect(armed, 'the console edit happened during the listing').toBeUndefined();
    expect(pulled.stdout).toContain(' 0 removed');
    for (let i = 1; i <= OWNED; i++) {
      expect(project.exists(`content/faq/bulk/q-${String(i).padStart(3, '0')}.md`)).toBe(true);
    }
    // Pull takes the console's FAQs in as new files; every FAQ owned before keeps its state entry.
    const afterPull = new Set(ownedIds());
    expect([...owned].filter((id) => !afterPull.has(id))).toEqual([]);
    const plan = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(plan.code, said(plan)).toBe(0);
  });
});

const CONSOLE_TITLE = '콘솔에서 만든 질문';

function isConsoleMade(emulator: Emulator, id: number): boolean {
  const record = emulator.service().get('faq', id) as { title?: string | null } | undefined;
  return record?.title?.startsWith(CONSOLE_TITLE) === true;
}

function consoleCategory(emulator: Emulator): number {
  const made = emulator.service().create('faqCategory', {
    categoryCode: 'console',
    languages: { ko: '콘솔', en: 'Console' },
  }) as { categoryId: number };
  return made.categoryId;
}
