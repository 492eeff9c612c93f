import { describe, expect, it } from 'vitest';
import { changeDetails, type Detail } from '../../src/report/change-details.js';
import { formatPlanMarkdown, formatPlanText } from '../../src/report/plan-output.js';
import type { DocumentView } from '../../src/resources/view.js';
import type { Change, Plan } from '../../src/sync/plan.js';

/** Issue 18: a plan in the author's words — front-matter names, friendly values, files by their relative paths. */

const PDF = 'a'.repeat(32);
const PNG = 'b'.repeat(32);
const files = {
  [PDF]: { path: 'faq/billing/refund-form.pdf', size: 12_000_000 },
  [PNG]: { path: 'faq/billing/images/steps.png', size: 2048 },
};

function view(fields: Record<string, unknown>, contents: DocumentView['contents']): DocumentView {
  return { fields, contents };
}

const text = (details: Detail[]) =>
  details.map((d) => ('text' in d ? `${d.label}: ${d.text}` : `${d.label}: (body)`));

describe('changeDetails', () => {
  it('names notice fields as front matter, with friendly values', () => {
    const before = view(
      {
        status: 'O',
        headingCode: 'event',
        tagCodes: ['app', 'web'],
        isTop: false,
        startDt: '20260615090000',
        endDt: '',
        displayDt: '',
      },
      { ko: { title: '점검', html: '<p>a</p>', attachments: [] } },
    );
    const after = view(
      {
        status: 'D',
        headingCode: 'maintenance',
        tagCodes: ['app', 'payment'],
        isTop: true,
        startDt: '20260301100000',
        endDt: '20260302100000',
        displayDt: '',
      },
      { ko: { title: '점검', html: '<p>a</p>', attachments: [] } },
    );
    expect(text(changeDetails({ kind: 'notice', key: 'notices/2026/x', before, after }))).toEqual([
      'heading: event → maintenance',
      'tags: +payment −web',
      'status: published → draft',
      'pinned: false → true',
      'start: 2026-06-15 09:00 → 2026-03-01 10:00',
      'end: (none) → 2026-03-02 10:00',
    ]);
  });

  it('names FAQ and template fields, titles and attachments per language', () => {
    const faq = changeDetails(
      {
        kind: 'faq',
        key: 'faq/billing/refund',
        before: view(
          { status: 'O', categoryCode: 'billing', isRecommend: true, isTop: false },
          { ko: { title: '환불', html: '<p>x</p>', attachments: [PDF] } },
        ),
        after: view(
          { status: 'O', categoryCode: 'refunds', isRecommend: false, isTop: false },
          { ko: { title: '환불 신청', html: '<p>x</p>', attachments: [PNG] } },
        ),
      },
      files,
    );
    expect(text(faq)).toEqual([
      'category: billing → refunds',
      'recommended: true → false',
      'title (ko): "환불" → "환불 신청"',
      'attachments (ko): +./images/steps.png −./refund-form.pdf',
    ]);
    const template = changeDetails({
      kind: 'template',
      key: 'templates/m',
      before: view(
        { status: 'O', subject: 'Maintenance', memo: '', headingCode: 'm', tagCodes: [] },
        { ko: { title: 't', html: '', attachments: [] } },
      ),
      after: view(
        { status: 'O', subject: 'Planned maintenance', memo: 'for ops', headingCode: 'm', tagCodes: [] },
        { ko: { title: 't', html: '', attachments: [] } },
      ),
    });
    expect(text(template)).toEqual(['subject: Maintenance → Planned maintenance', 'memo: (none) → for ops']);
  });

  it('shows a new translation by its title and body, and a removed one by its title', () => {
    const details = changeDetails({
      kind: 'faq',
      key: 'faq/a',
      before: view(
        { status: 'O', categoryCode: 'c' },
        {
          ko: { title: '가', html: '<p>가</p>', attachments: [] },
          ja: { title: 'ア', html: '<p>ア</p>', attachments: [] },
        },
      ),
      after: view(
        { status: 'O', categoryCode: 'c' },
        {
          ko: { title: '가', html: '<p>가</p>', attachments: [] },
          en: { title: 'A', html: '<p>Hello</p>', attachments: [] },
        },
      ),
    });
    expect(text(details)).toEqual([
      'translation en: new: "A"',
      'body (en): (body)',
      'translation ja: removed: "ア"',
    ]);
    expect(details[1]).toEqual({ label: 'body (en)', body: { before: undefined, after: '<p>Hello</p>' } });
  });

  it('writes attachment and document placeholders in bodies as the relative paths the author wrote', () => {
    const html = (text: string) =>
      `<p><a href="oc-sync:attachment/${PDF}">form</a> <img src="oc-sync:attachment/${PNG}" alt="s"> <a href="oc-sync:document/faq/orders/track">${text}</a></p>`;
    const [body] = changeDetails(
      {
        kind: 'faq',
        key: 'faq/billing/refund',
        before: view({ status: 'O' }, { ko: { title: 't', html: html('old'), attachments: [] } }),
        after: view({ status: 'O' }, { ko: { title: 't', html: html('new'), attachments: [] } }),
      },
      files,
    );
    expect(body).toEqual({
      label: 'body (ko)',
      body: {
        before:
          '<p><a href="./refund-form.pdf">form</a> <img src="./images/steps.png" alt="s"> <a href="../orders/track.md">old</a></p>',
        after:
          '<p><a href="./refund-form.pdf">form</a> <img src="./images/steps.png" alt="s"> <a href="../orders/track.md">new</a></p>',
      },
    });
  });

  it('names list items by their names per language, order and parent', () => {
    const details = changeDetails({
      kind: 'faqCategory',
      key: 'refunds',
      before: { code: 'refunds', names: { ko: '환불', en: 'Refund' }, order: 1, parentCode: 'billing' },
      after: { code: 'refunds', names: { ko: '환불', en: 'Refunds' }, order: 2 },
    });
    expect(text(details)).toEqual([
      'name (en): Refund → Refunds',
      'order: 1 → 2',
      'parent: billing → (none)',
    ]);
  });
});

describe('the plan in the author words, in text and Markdown', () => {
  const change = {
    action: 'update',
    kind: 'notice',
    key: 'notices/2026/sale',
    remoteId: 7,
    title: '세일',
    changedFields: ['isTop', 'contents.ko.body'],
    before: view(
      { status: 'O', headingCode: 'event', tagCodes: [], isTop: true, startDt: '20261201090000' },
      { ko: { title: '세일', html: '<p>앱과 웹</p>', attachments: [] } },
    ),
    after: view(
      { status: 'O', headingCode: 'event', tagCodes: [], isTop: false, startDt: '20261201090000' },
      { ko: { title: '세일', html: '<p><u>앱과 웹</u></p>', attachments: [] } },
    ),
  } as unknown as Change;
  const plan = {
    changes: [change],
    unmanaged: [],
    warnings: [],
    summary: { create: 0, update: 1, delete: 0, move: 0, noop: 0, drifted: 0, conflicts: 0, notDeleted: 0 },
  } as unknown as Plan;

  it('text: front-matter names, and <u> kept as the author wrote it', () => {
    const out = formatPlanText(plan, { environment: 'alpha', serviceId: 'S' });
    expect(out).toContain(
      '    pinned: true → false\n    body (ko):\n      - 앱과 웹\n      + <u>앱과 웹</u>',
    );
    expect(out).not.toContain('isTop');
    expect(out).not.toContain('*앱과 웹*');
  });

  it('Markdown: the table names what changed as the author knows it', () => {
    const out = formatPlanMarkdown(plan, { environment: 'alpha', serviceId: 'S' });
    expect(out).toContain('| ~ | `notices/2026/sale` | 세일 | pinned, body (ko) |');
    expect(out).toContain('pinned: true → false');
  });
});

describe('large plans stay readable', () => {
  const deletes = ['a', 'b', 'c', 'd'].map((name, i) => ({
    action: 'delete',
    kind: 'notice',
    key: `notices/2025/${name}`,
    remoteId: i + 1,
    title: name,
    changedFields: [],
    hold: 'prune-off',
  }));
  const create = { action: 'create', kind: 'faq', key: 'faq/new', title: 'new', changedFields: [] };
  const plan = {
    changes: [create, ...deletes],
    unmanaged: [],
    warnings: [],
    summary: { create: 1, update: 0, delete: 0, move: 0, noop: 0, drifted: 0, conflicts: 0, notDeleted: 4 },
  } as unknown as Plan;

  it('prints a reason shared by many changes once, with the count', () => {
    const out = formatPlanText(plan, { environment: 'alpha', serviceId: 'S' });
    expect(out.match(/prune is off/g)).toHaveLength(1);
    expect(out).toContain('4 of the changes above: not deleted (prune is off)');
    expect(out).toContain('- notice notices/2025/d "d"');
  });

  it('--compact leads with counts per kind, one line per change', () => {
    const out = formatPlanText(plan, { environment: 'alpha', serviceId: 'S' }, undefined, { compact: true });
    expect(out.split('\n').slice(2, 5)).toEqual(['FAQ: 1 to create', 'notice: 4 not deleted', '']);
    expect(out).toContain('+ FAQ faq/new "new"\n- notice notices/2025/a "a"\n');
  });
});
