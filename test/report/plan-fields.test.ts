import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../src/content/desired-state.js';
import { formatPlanMarkdown, formatPlanText } from '../../src/report/plan-output.js';
import type { Plan } from '../../src/sync/plan.js';
import { planDocument } from '../../src/sync/plan-file.js';
import { plannedUploads, unusedUploads } from '../../src/sync/plan-uploads.js';
import {
  applied,
  attachment,
  category,
  desired,
  editDocument,
  faqDoc,
  heading,
  languageContent,
  noticeDoc,
  plan,
  tag,
  templateDoc,
} from '../support/plan-fixtures.js';

/**
 * One plan in which every kind of field changes — FAQ category, pinned, recommended and status; notice heading, tags,
 * start, end, display date; template subject, memo and status; titles, bodies and attachments per language; a new
 * and a removed translation; list names, order and parent; uploads and an upload to delete — printed in the three
 * formats a user meets (terminal text, the PR comment's Markdown, the JSON of `--format json`), as snapshots.
 */

const header = { environment: 'alpha', serviceId: 'HelpCenter' };
const form = attachment('faq/billing/refund-form.pdf', 'f'.repeat(32));
const oldForm = attachment('faq/billing/old-form.pdf', 'e'.repeat(32));

function before(): DesiredState {
  return desired({
    documents: [
      faqDoc('faq/billing/refund', {
        contents: {
          ko: languageContent('환불 요청', '<p>환불은 <u>7일 이내</u>에 요청하세요.</p>', [oldForm.path]),
          en: languageContent('Refund requests', '<p>Ask within 7 days.</p>', [oldForm.path]),
        },
      }),
      faqDoc('faq/billing/invoice', {
        contents: { ko: languageContent('영수증', '<p>영수증을 받으세요.</p>') },
      }),
      noticeDoc('notices/maintenance'),
      templateDoc('templates/outage'),
    ],
    categories: [category('billing', { order: 1 }), category('payments', { order: 2 })],
    headings: [heading('news', 1), heading('event', 2)],
    tags: [tag('app'), tag('payment'), tag('web', { ko: '웹', en: 'Web' })],
    attachments: [oldForm],
  });
}

function after(start: DesiredState): DesiredState {
  let next = editDocument(start, 'faq/billing/refund', (doc) => ({
    ...doc,
    fields: { ...doc.fields, categoryCode: 'payments', isTop: true, isRecommend: true, status: 'D' },
    contents: {
      // The title and body change, and the form is replaced by a new one; the English translation goes.
      ko: languageContent(
        '환불 신청',
        '<p>환불은 <u>14일 이내</u>에 <a href="oc-sync:attachment/' +
          form.identity +
          '">신청서</a>로 요청하세요.</p>',
        [form.path],
      ),
    },
  }));
  next = editDocument(next, 'faq/billing/invoice', (doc) => ({
    ...doc,
    contents: {
      ...doc.contents,
      en: languageContent('Receipts', '<p>Get your receipt.</p>'),
    },
  }));
  next = editDocument(next, 'notices/maintenance', (doc) => ({
    ...doc,
    fields: {
      ...doc.fields,
      headingCode: 'event',
      tagCodes: ['app', 'payment'],
      startDt: '20260301100000',
      endDt: '20260331180000',
      displayDt: '20260228000000',
    },
  }));
  next = editDocument(next, 'templates/outage', (doc) => ({
    ...doc,
    fields: { ...doc.fields, subject: '[장애] 서비스 장애 안내', memo: '장애 때 씁니다', status: 'C' },
  }));
  return {
    ...next,
    categories: [
      category('billing', { order: 1 }),
      category('payments', { order: 1, parentCode: 'billing', level: 2 }),
    ],
    headings: [heading('news', 1), heading('event', 3)],
    tags: [tag('app'), tag('payment'), tag('web', { ko: '웹 사이트', en: 'Website' })],
    attachments: [form],
  };
}

function fieldsRun(): { plan: Plan; desired: DesiredState } {
  const start = before();
  const { remote, state } = applied(start);
  // Uploaded by an earlier apply: deleted once no file of content/ is it.
  const uploadedOld = state.attachments[`help:${oldForm.identity}`];
  if (!uploadedOld) throw new Error('the fixture records the old form');
  Object.assign(uploadedOld, { size: 48_128, uploaded: true });
  const next = after(start);
  const result = plan({ desired: next, remote, state, prune: true }).plan;
  // What makePlan adds: the files behind attachment identities, the uploads, the uploads nobody uses.
  result.files = {
    [form.identity]: { path: form.path, size: 1_258_291 },
    [oldForm.identity]: { path: oldForm.fileName, size: 48_128, removed: true },
  };
  const sized = { ...next, attachments: [{ ...form, size: 1_258_291 }] };
  result.uploads = plannedUploads({
    ...sized,
    changes: result.changes,
    recorded: state.attachments,
    overwriteDrift: false,
  });
  result.unusedUploads = unusedUploads(sized.attachments, state.attachments);
  return { plan: result, desired: sized };
}

describe('the plan, every field kind', () => {
  it('as terminal text (snapshot)', async () => {
    const text = formatPlanText(fieldsRun().plan, header);
    await expect(`${text}\n`).toMatchFileSnapshot('./__snapshots__/plan-fields.txt');
    // In the author's words: front-matter names and values, never the API's.
    for (const apiWord of [
      'isTop',
      'categoryCode',
      'startDt',
      'tagCodes',
      'headingCode',
      '"O"',
      'oc-sync:attachment',
    ])
      expect(text).not.toContain(apiWord);
  });

  it('as the PR comment Markdown (snapshot)', async () => {
    const markdown = formatPlanMarkdown(fieldsRun().plan, header);
    await expect(`${markdown}\n`).toMatchFileSnapshot('./__snapshots__/plan-fields.md.txt');
    expect(markdown).not.toContain('isTop');
  });

  it('as JSON, which keeps the API fields (snapshot)', async () => {
    const { plan: result, desired: next } = fieldsRun();
    const document = planDocument(result, {
      environment: 'alpha',
      serviceId: 'HelpCenter',
      prune: true,
      basis: { content: 'c'.repeat(64), state: 's'.repeat(64), remote: 'r'.repeat(64) },
      desired: next,
      now: new Date('2026-12-03T00:00:00Z'),
    });
    await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/plan-fields.json',
    );
    const refund = document.changes.find((c) => c.key === 'faq/billing/refund');
    expect(refund?.changedFields).toEqual(expect.arrayContaining(['isTop', 'categoryCode']));
    expect(document.uploads).toEqual([
      { path: form.path, store: 'help', size: 1_258_291, documents: ['faq/billing/refund'] },
    ]);
  });
});
