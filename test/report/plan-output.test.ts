import { describe, expect, it } from 'vitest';
import type { DesiredContent, DesiredState } from '../../src/content/desired-state.js';
import { bodyDiff, formatPlanMarkdown, formatPlanText, summaryLine } from '../../src/report/plan-output.js';
import type { DocumentView } from '../../src/resources/view.js';
import { emptySummary, type Plan, type PlanSummary } from '../../src/sync/plan.js';
import { planDocument } from '../../src/sync/plan-file.js';
import { writtenView } from '../../src/sync/view-comparison.js';
import {
  applied,
  desired,
  editDocument,
  editRemote,
  faqDoc,
  languageContent,
  noticeDoc,
  plan,
  recordFor,
  remoteDocument,
  T0,
  tagRecord,
  templateDoc,
  viewOf,
} from '../support/plan-fixtures.js';

const header = { environment: 'alpha', serviceId: 'HelpCenter' };

const RELEASE_BEFORE = [
  '<h2>새 기능</h2>',
  '<p>앱 4.2 버전을 출시했습니다. 이번 버전에서 바뀐 점은 다음과 같습니다.</p>',
  '<ul>',
  '<li>새 홈 화면</li>',
  '<li>빠른 검색</li>',
  '<li>알림 설정 개선</li>',
  '</ul>',
  '<p>앱 스토어에서 <strong>업데이트</strong>해 주세요.</p>',
].join('\n');

const RELEASE_AFTER = RELEASE_BEFORE.replace(
  '<li>빠른 검색</li>',
  '<li>더 빠른 검색</li>\n<li>다크 모드</li>',
);

function content0(): DesiredState {
  return desired({
    documents: [
      faqDoc('faq/billing/refund-request'),
      noticeDoc('notices/2026/app-release', {
        contents: {
          ko: languageContent('앱 4.2 출시', RELEASE_BEFORE),
          en: languageContent('App 4.2 is out', '<p>App 4.2 is out.</p>'),
        },
      }),
      noticeDoc('notices/2025/year-end'),
      templateDoc('templates/maintenance'),
    ],
  });
}

/** One plan with every kind of line: create, update with a body diff, move, drift, prune-off delete, unmanaged. */
function mixedPlan(): Plan {
  return mixedRun().plan;
}

function mixedRun(): { plan: Plan; desired: DesiredState } {
  const before = content0();
  const { remote, state, ids } = applied(before);
  // Changed in the web console since the last apply.
  editRemote(remote, 'template', 3001, (r) => {
    r.memo = 'edited in the console';
  });
  // Made in the web console: not owned.
  const stranger = faqDoc('faq/x', { contents: { ko: languageContent('콘솔 질문', '<p>?</p>') } });
  remote.documents.faq.set(
    1999,
    remoteDocument('faq', recordFor('faq', 1999, viewOf(stranger, before), ids, T0)),
  );
  remote.lists.tag.push(tagRecord(50, null, { ko: '옛 태그', en: 'Old tag' }));

  let next = editDocument(before, 'notices/2026/app-release', (doc) => {
    (doc.contents.ko as DesiredContent).loadBody = () => RELEASE_AFTER;
    return { ...doc, fields: { ...doc.fields, isTop: true } };
  });
  next = editDocument(next, 'faq/billing/refund-request', (doc) => ({
    ...doc,
    key: 'faq/payments/refund-request',
    previously: ['faq/billing/refund-request'],
  }));
  next = {
    ...next,
    documents: [
      ...next.documents.filter((d) => d.key !== 'notices/2025/year-end'),
      faqDoc('faq/billing/new-question', {
        contents: {
          ko: languageContent('새 질문', '<p>답</p>'),
          en: languageContent('A new question', '<p>Answer</p>'),
        },
      }),
    ],
  };
  return { plan: plan({ desired: next, remote, state, prune: false }).plan, desired: next };
}

describe('summaryLine', () => {
  const of = (counts: Partial<PlanSummary>): Plan => ({
    changes: [],
    unmanaged: [],
    warnings: [],
    summary: { ...emptySummary(), ...counts },
  });

  it('is the DESIGN line, with extras in parentheses only when there are any', () => {
    expect(summaryLine(of({ noop: 4 }))).toBe('Plan: 0 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(summaryLine(of({ create: 1, update: 2, delete: 3, drifted: 4 }))).toBe(
      'Plan: 1 to create, 2 to update, 3 to delete, 4 drifted.',
    );
    expect(summaryLine(of({ move: 1, conflicts: 2, notDeleted: 3 }))).toBe(
      'Plan: 0 to create, 0 to update, 0 to delete, 0 drifted. (1 to move, 2 in conflict, 3 not deleted)',
    );
  });
});

describe('bodyDiff', () => {
  it('diffs bodies as Markdown lines with +/- markers and a little context, never as HTML', () => {
    const lines = bodyDiff(RELEASE_BEFORE, RELEASE_AFTER);
    expect(lines).toEqual([
      '  …',
      '',
      '  - 새 홈 화면',
      '- - 빠른 검색',
      '+ - 더 빠른 검색',
      '+ - 다크 모드',
      '  - 알림 설정 개선',
      '',
      '  …',
    ]);
    for (const line of lines) {
      expect(line).not.toMatch(/<\/?[a-z][a-z0-9]*>/);
      expect(line).toBe(line.trimEnd());
    }
  });

  it('shows the whole body with no … when every line is near a change', () => {
    expect(bodyDiff('<p>one</p><p>two</p>', '<p>one</p><p>three</p>')).toEqual([
      '  one',
      '',
      '- two',
      '+ three',
    ]);
  });

  it('shows a body that appears or goes as all added or all removed', () => {
    expect(bodyDiff(undefined, '<p>new <em>text</em></p>')).toEqual(['+ new *text*']);
    expect(bodyDiff('<h2>Old</h2><p>gone</p>', '')).toEqual(['- ## Old', '-', '- gone']);
  });

  it('is empty when the bodies read the same', () => {
    expect(bodyDiff('<p>same</p>', '<p>same</p>')).toEqual([]);
  });
});

describe('formatPlanText', () => {
  it('prints every kind of change (snapshot)', async () => {
    const text = formatPlanText(mixedPlan(), header);
    await expect(`${text}\n`).toMatchFileSnapshot('./__snapshots__/plan.txt');
  });

  it('ends with the summary line', () => {
    const result = mixedPlan();
    expect(result.summary).toMatchObject({ create: 1, update: 1, move: 1, drifted: 1, notDeleted: 1 });
    const lines = formatPlanText(result, header).split('\n');
    expect(lines.at(-1)).toBe(
      'Plan: 1 to create, 1 to update, 0 to delete, 1 drifted. (1 to move, 1 not deleted)',
    );
    expect(lines.at(-1)).toBe(summaryLine(result));
  });

  it('marks changes with + ~ - → and held ones with !', () => {
    const lines = formatPlanText(mixedPlan(), header).split('\n');
    expect(lines).toContain('+ FAQ faq/billing/new-question "새 질문"');
    expect(lines).toContain('~ notice notices/2026/app-release "앱 4.2 출시"');
    expect(lines).toContain(
      '→ FAQ faq/payments/refund-request (from faq/billing/refund-request) "refund-request 제목"',
    );
    expect(lines).toContain('! notice template templates/maintenance "maintenance 제목"');
    expect(lines).toContain('- notice notices/2025/year-end "year-end 제목"');
    expect(lines).toContain('    not deleted (prune is off)');
  });

  it('colours only when given a painter', () => {
    const text = formatPlanText(mixedPlan(), header);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(text).not.toMatch(/\u001b\[/);
    const tagged = formatPlanText(mixedPlan(), header, {
      bold: (t) => `<b>${t}</b>`,
      dim: (t) => `<d>${t}</d>`,
      red: (t) => `<r>${t}</r>`,
      green: (t) => `<g>${t}</g>`,
      yellow: (t) => `<y>${t}</y>`,
      cyan: (t) => `<c>${t}</c>`,
    });
    expect(tagged).toContain('<g>+ - 더 빠른 검색</g>');
    expect(tagged).toContain('<r>- - 빠른 검색</r>');
    expect(tagged.split('\n').at(-1)).toBe(`<b>${summaryLine(mixedPlan())}</b>`);
  });

  it('says so when there is nothing to change', () => {
    const content = content0();
    const { remote, state } = applied(content);
    const text = formatPlanText(plan({ desired: content, remote, state }).plan, header);
    expect(text).toBe(
      [
        'oc-sync plan — environment alpha, service HelpCenter',
        '',
        'No changes. The service matches content/.',
        '',
        'Plan: 0 to create, 0 to update, 0 to delete, 0 drifted.',
      ].join('\n'),
    );
  });
});

describe('formatPlanMarkdown', () => {
  it('fences a diff so a code block in a body cannot close it, and escapes table cells', () => {
    const body = (code: string) => `<p>Run:</p>\n<pre><code>${code}\n</code></pre>\n<p>Done.</p>`;
    const before = desired({
      documents: [
        faqDoc('faq/billing/cli', {
          contents: {
            ko: languageContent('A <b> | pipe & more', body('oc-sync plan')),
            en: languageContent('CLI', '<p>x</p>'),
          },
        }),
      ],
    });
    const { remote, state } = applied(before);
    const after = editDocument(before, 'faq/billing/cli', (doc) => {
      (doc.contents.ko as DesiredContent).loadBody = () => body('oc-sync apply');
      return doc;
    });
    const markdown = formatPlanMarkdown(plan({ desired: after, remote, state }).plan, header);
    expect(markdown).toContain('| A &lt;b> \\| pipe &amp; more |');
    expect(markdown).toContain(
      [
        '````diff',
        'body (ko):',
        '  …',
        '',
        '  ```',
        '- oc-sync plan',
        '+ oc-sync apply',
        '  ```',
        '',
        '  …',
        '````',
      ].join('\n'),
    );
  });

  it('prints a table and folds diffs in <details> (snapshot)', async () => {
    const markdown = formatPlanMarkdown(mixedPlan(), header);
    await expect(`${markdown}\n`).toMatchFileSnapshot('./__snapshots__/plan.md.txt');
    expect(markdown).toContain('<details><summary>');
    expect(markdown.match(/<details( open)?>/g)).toHaveLength(markdown.match(/<\/details>/g)?.length ?? -1);
    expect(markdown).toContain(
      '**Plan: 1 to create, 1 to update, 0 to delete, 1 drifted. (1 to move, 1 not deleted)**',
    );
  });

  it('over a budget, leaves out whole sections, the largest first, each for a line saying where the rest is', () => {
    const full = formatPlanMarkdown(mixedPlan(), header);
    const where = 'the full plan is in the log';
    expect(formatPlanMarkdown(mixedPlan(), header, { limit: full.length, where })).toBe(full);
    const fitted = formatPlanMarkdown(mixedPlan(), header, { limit: full.length - 100, where });
    expect(fitted.length).toBeLessThanOrEqual(full.length - 100);
    // The notices' section (a body diff) is the largest: it alone gives way.
    expect(fitted).toContain(
      "**Notices: 1 to update, 1 not deleted** — 2 left out here to stay under GitHub's size limit; the full plan is in the log.",
    );
    expect(fitted).not.toContain('더 빠른 검색');
    expect(fitted).toContain('<details open><summary>Notice templates: 1 drifted, not applied</summary>');
    expect(fitted).toContain('| Notices | 0 | 1 | 0 | 0 | 1 |');
    // Bytes, for the job summary: Korean text counts three times.
    const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
    const tight = formatPlanMarkdown(mixedPlan(), header, { limit: 1200, measure: bytes, where });
    expect(bytes(tight)).toBeLessThanOrEqual(1200);
    expect(tight.match(/<details( open)?>/g)?.length ?? 0).toBe(tight.match(/<\/details>/g)?.length ?? 0);
    expect(tight).toContain('| FAQs | 1 | 0 | 1 | 0 | 0 |');
    expect(tight).toContain('> ⚠️ some documents were removed locally but prune is off');
  });

  it('says so when there is nothing to change', () => {
    const content = content0();
    const { remote, state } = applied(content);
    expect(formatPlanMarkdown(plan({ desired: content, remote, state }).plan, header)).toBe(
      [
        '### oc-sync plan — `alpha` (service `HelpCenter`)',
        '',
        '**Plan: 0 to create, 0 to update, 0 to delete, 0 drifted.**',
        '',
        'No changes. The service matches `content/`.',
      ].join('\n'),
    );
  });
});

describe('planDocument (--json, --out)', () => {
  const basis = { content: 'c'.repeat(64), state: 's'.repeat(64), remote: 'r'.repeat(64) };

  it('has formatVersion 1, what it was computed from, the summary and the changes', () => {
    const { plan: result, desired } = mixedRun();
    const document = planDocument(result, {
      environment: 'alpha',
      serviceId: 'HelpCenter',
      prune: false,
      basis,
      desired,
      now: new Date('2026-01-02T03:04:05Z'),
    });
    expect(document).toMatchObject({
      formatVersion: 1,
      tool: 'oc-sync',
      environment: 'alpha',
      serviceId: 'HelpCenter',
      createdAt: '2026-01-02T03:04:05.000Z',
      prune: false,
      basis,
      summary: result.summary,
      unmanaged: result.unmanaged,
      warnings: result.warnings,
    });
    // A document create carries no view in the plan: the JSON has the view it writes, last, as before.
    const create = document.changes.find((c) => c.key === 'faq/billing/new-question');
    expect(create?.action).toBe('create');
    expect(Object.keys(create ?? {}).at(-1)).toBe('after');
    const after = create?.action === 'create' ? (create.after as DocumentView | undefined) : undefined;
    expect(after?.contents.ko?.html).toBe('<p>답</p>');
    expect(document.changes).toEqual(
      result.changes.map((c) =>
        c.action === 'create' && !c.after ? { ...c, after: writtenView(c, desired) } : c,
      ),
    );
  });

  it('round-trips through JSON unchanged', () => {
    const document = planDocument(mixedPlan(), {
      environment: 'alpha',
      serviceId: 'HelpCenter',
      prune: false,
      basis,
      desired: mixedRun().desired,
      now: new Date('2026-01-02T03:04:05Z'),
    });
    const text = JSON.stringify(document, null, 2);
    const parsed = JSON.parse(text);
    expect(parsed).toEqual(document);
    expect(JSON.stringify(parsed, null, 2)).toBe(text);
    // The same inputs give the same text.
    const again = planDocument(mixedPlan(), {
      environment: 'alpha',
      serviceId: 'HelpCenter',
      prune: false,
      basis,
      desired: mixedRun().desired,
      now: new Date('2026-01-02T03:04:05Z'),
    });
    expect(JSON.stringify(again, null, 2)).toBe(text);
  });
});
