import { describe, expect, it } from 'vitest';
import type { DesiredContent, DesiredState } from '../../src/content/desired-state.js';
import { desiredDocumentView } from '../../src/content/desired-view.js';
import { attachmentIdentity } from '../../src/resources/attachment.js';
import type { DocumentKind } from '../../src/resources/registry.js';
import { resources } from '../../src/resources/registry.js';
import { hashView } from '../../src/resources/view.js';
import { type Change, detailNeeds, type Plan, type PlanSummary } from '../../src/sync/plan.js';
import type { DocumentState } from '../../src/sync/state-file.js';
import { writtenView } from '../../src/sync/view-comparison.js';
import type { AnyChange } from '../support/plan-fixtures.js';
import {
  applied,
  attachment,
  category,
  categoryRecord,
  contentOf,
  desired,
  editDocument,
  editRemote,
  emptyRemote,
  faqDoc,
  heading,
  headingRecord,
  languageContent,
  noticeDoc,
  payloadOf,
  plan,
  recordFor,
  remoteDocument,
  syncState,
  T0,
  tag,
  tagRecord,
  templateDoc,
  viewOf,
} from '../support/plan-fixtures.js';

const FAQ = 'faq/billing/refund-request';
const NOTICE = 'notices/2026/app-release';
const TEMPLATE = 'templates/maintenance';

/** One document of each kind, on the lists `desired()` declares. */
function base(): DesiredState {
  return desired({ documents: [faqDoc(FAQ), noticeDoc(NOTICE), templateDoc(TEMPLATE)] });
}

/** `base()` with a second notice, so removing the first does not leave the kind empty. */
function twoNotices(): DesiredState {
  const content = base();
  return { ...content, documents: [...content.documents, noticeDoc('notices/2026/second')] };
}

const summary = (counts: Partial<PlanSummary>): PlanSummary => ({
  create: 0,
  update: 0,
  delete: 0,
  move: 0,
  noop: 0,
  drifted: 0,
  conflicts: 0,
  notDeleted: 0,
  notCreated: 0,
  ...counts,
});

function changeOf(result: Plan, key: string, kind?: Change['kind']): AnyChange {
  const found = result.changes.filter((c) => c.key === key && (!kind || c.kind === kind));
  expect(found, `one change for ${key}`).toHaveLength(1);
  return found[0] as AnyChange;
}

/** The changes people see (noops left out), as `action kind key`. */
const visible = (result: Plan) =>
  result.changes.filter((c) => c.action !== 'noop').map((c) => `${c.action} ${c.kind} ${c.key}`);

describe('fixtures', () => {
  it('builds records in the shapes the kinds read (their zod schemas)', () => {
    const content = desired({
      documents: [faqDoc(FAQ), noticeDoc(NOTICE), templateDoc(TEMPLATE)],
      categories: [category('billing'), category('refunds', { parentCode: 'billing', level: 2 })],
    });
    const { remote, state } = applied(content);
    for (const kind of ['tag', 'heading', 'faqCategory'] as const) {
      expect(remote.lists[kind].length).toBeGreaterThan(0);
      for (const record of remote.lists[kind]) resources[kind].listItem.parse(record);
    }
    for (const kind of ['faq', 'notice', 'template'] as const) {
      expect(remote.documents[kind].size).toBe(1);
      for (const doc of remote.documents[kind].values()) {
        resources[kind].record.parse(doc.detail);
        resources[kind].listItem.parse({ ...(doc.detail as object), categoryId: doc.categoryId });
      }
    }
    // Read back through the kinds' fromRecord, each record gives the view it was written from.
    const stale = Object.fromEntries(
      Object.entries(state.documents).map(([key, entry]) => [
        key,
        { ...entry, updatedDt: entry.updatedDt - 1 },
      ]),
    );
    const reread = plan({ desired: content, remote, state: { ...state, documents: stale } });
    expect(reread.fetched).toHaveLength(3);
    const documents = reread.plan.changes.filter((c) => c.kind in remote.documents);
    expect(documents).toHaveLength(3);
    for (const change of documents as AnyChange[]) {
      expect(change).toMatchObject({ action: 'noop', refresh: true });
      expect(change.before).toEqual(change.after);
    }
    expect(reread.plan.summary).toEqual(summary({ noop: 7 }));
  });
});

describe('documents', () => {
  it('a plan with nothing to do reads no body, and a create reads its body only when its view is asked for', () => {
    const content = base();
    const { remote, state } = applied(content);
    let reads = 0;
    const counted = (desired: DesiredState) => {
      for (const doc of desired.documents)
        for (const language of Object.values(doc.contents)) {
          const load = language.loadBody;
          language.loadBody = () => {
            reads += 1;
            return load();
          };
        }
      return desired;
    };
    const noop = plan({ desired: counted(content), remote, state }).plan;
    expect(noop.summary.noop).toBe(noop.changes.length);
    // The fixture's plan sets each payload hash from its view first, as readContent does: one read per language.
    const languages = content.documents.reduce((sum, doc) => sum + Object.keys(doc.contents).length, 0);
    expect(reads).toBe(languages);

    reads = 0;
    const fresh = plan({ desired: content, remote: emptyRemote(), state: syncState() }).plan;
    expect(reads).toBe(languages);
    const create = changeOf(fresh, FAQ);
    writtenView(create, content);
    expect(reads).toBe(languages + Object.keys(content.documents[0]?.contents ?? {}).length);
  });

  it('creates everything on a fresh service, lists first, without a detail call', () => {
    const content = base();
    const { plan: result, fetched } = plan({ desired: content, remote: emptyRemote(), state: syncState() });
    expect(visible(result)).toEqual([
      'create tag app',
      'create heading news',
      'create faqCategory billing',
      'create faq faq/billing/refund-request',
      'create notice notices/2026/app-release',
      'create template templates/maintenance',
    ]);
    const faq = changeOf(result, FAQ);
    expect(faq).toMatchObject({
      action: 'create',
      title: 'refund-request 제목',
      changedFields: [],
      sourceHash: `source:${FAQ}`,
      payloadHash: payloadOf(content.documents[0], content),
    });
    // A create holds no view (nor body): the code that writes or prints it computes it.
    expect(faq.after).toBeUndefined();
    expect(writtenView(faq, content)).toEqual(viewOf(content.documents[0], content));
    expect(faq.remoteId).toBeUndefined();
    expect(faq.reason).toBeUndefined();
    expect(fetched).toEqual([]);
    expect(result.unmanaged).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.summary).toEqual(summary({ create: 6 }));
  });

  it('creates a document the state does not own, next to the ones it does', () => {
    const content = base();
    const { remote, state } = applied(content);
    const more = { ...content, documents: [...content.documents, faqDoc('faq/billing/new-question')] };
    const { plan: result, fetched } = plan({ desired: more, remote, state });
    expect(visible(result)).toEqual(['create faq faq/billing/new-question']);
    expect(fetched).toEqual([]);
    expect(result.summary).toEqual(summary({ create: 1, noop: 6 }));
  });

  it('is a no-op without a detail call when payload hash and remote updatedDt match the state', () => {
    const content = base();
    const { remote, state } = applied(content);
    const { plan: result, fetched } = plan({ desired: content, remote, state });
    expect(fetched).toEqual([]);
    expect(visible(result)).toEqual([]);
    const faq = changeOf(result, FAQ);
    expect(faq).toMatchObject({ action: 'noop', remoteId: 1001, changedFields: [] });
    expect(faq.refresh).toBeUndefined();
    expect(faq.before).toBeUndefined();
    const needs = detailNeeds(content, state);
    for (const [kind, docs] of Object.entries(remote.documents))
      for (const doc of docs.values()) expect(needs(kind as DocumentKind, doc.id, doc.updatedDt)).toBe(false);
    expect(result.summary).toEqual(summary({ noop: 6 }));
  });

  it('refreshes a no-op whose source changed but whose payload did not (no detail call)', () => {
    const content = base();
    const { remote, state } = applied(content);
    const edited = editDocument(content, FAQ, (doc) => ({ ...doc, sourceHash: 'source:reformatted' }));
    const { plan: result, fetched } = plan({ desired: edited, remote, state });
    expect(fetched).toEqual([]);
    expect(changeOf(result, FAQ)).toMatchObject({
      action: 'noop',
      refresh: true,
      sourceHash: 'source:reformatted',
      payloadHash: state.documents[FAQ]?.payloadHash,
      remoteUpdatedDt: state.documents[FAQ]?.updatedDt,
    });
    expect(result.summary).toEqual(summary({ noop: 6 }));
  });

  it('names the changed fields of an update: a shared field', () => {
    const content = base();
    const { remote, state } = applied(content);
    const edited = editDocument(content, FAQ, (doc) => ({ ...doc, fields: { ...doc.fields, status: 'C' } }));
    const { plan: result, fetched } = plan({ desired: edited, remote, state });
    expect(fetched).toEqual(['faq:1001']);
    const change = changeOf(result, FAQ);
    expect(change).toMatchObject({ action: 'update', remoteId: 1001, changedFields: ['status'] });
    expect(change.hold).toBeUndefined();
    expect(change.drifted).toBeUndefined();
    expect((change.before as { fields: Record<string, unknown> }).fields.status).toBe('O');
    expect((change.after as { fields: Record<string, unknown> }).fields.status).toBe('C');
    expect(change.payloadHash).toBe(payloadOf(edited.documents[0], edited));
    expect(result.summary).toEqual(summary({ update: 1, noop: 5 }));
  });

  it('names the changed fields of an update: a title and a body, per language', () => {
    const content = base();
    const { remote, state } = applied(content);
    const edited = editDocument(content, FAQ, (doc) => {
      (doc.contents.en as { title: string }).title = 'How do I ask for a refund?';
      (doc.contents.ko as DesiredContent).loadBody = () => '<p>환불 신청 방법이 바뀌었습니다.</p>';
      return doc;
    });
    const { plan: result } = plan({ desired: edited, remote, state });
    expect(changeOf(result, FAQ).changedFields).toEqual(['contents.ko.body', 'contents.en.title']);
  });

  it('names the changed fields of an update: attachments of one language', () => {
    const withForm = desired({
      documents: [
        faqDoc(FAQ, {
          contents: {
            ko: languageContent('환불', '<p>신청서</p>', ['faq/billing/form.pdf']),
            en: languageContent('Refunds', '<p>The form</p>', ['faq/billing/form.pdf']),
          },
        }),
      ],
      attachments: [attachment('faq/billing/form.pdf', 'a'.repeat(32))],
    });
    const { remote, state } = applied(withForm);
    expect(plan({ desired: withForm, remote, state }).plan.summary).toEqual(summary({ noop: 4 }));

    const edited = editDocument(withForm, FAQ, (doc) => {
      doc.contents.en?.attachments.push('faq/billing/form-en.pdf');
      return doc;
    });
    edited.attachments = [...withForm.attachments, attachment('faq/billing/form-en.pdf', 'b'.repeat(32))];
    const { plan: result } = plan({ desired: edited, remote, state });
    const change = changeOf(result, FAQ);
    expect(change.changedFields).toEqual(['contents.en.attachments']);
    // Attachments compare by identity: the bytes and the file name.
    expect(change.after).toMatchObject({
      contents: {
        en: {
          attachments: [
            attachmentIdentity('a'.repeat(32), 'form.pdf'),
            attachmentIdentity('b'.repeat(32), 'form-en.pdf'),
          ],
        },
      },
    });
  });

  describe('a state an older version wrote (its payload hashes saw attachments as bare MD5s)', () => {
    const form = 'faq/billing/form.pdf';
    const md5 = 'a'.repeat(32);
    /** Content with an attachment, applied; the state then records the hash the older version computed. */
    const upgraded = () => {
      const content = desired({
        documents: [
          faqDoc(FAQ, {
            contents: {
              ko: languageContent('환불', `<p><a href="oc-sync:attachment/${form}">신청서</a></p>`, [form]),
              en: languageContent('Refunds', '<p>The form</p>', [form]),
            },
          }),
        ],
        attachments: [attachment(form, md5)],
      });
      const { remote, state } = applied(content);
      const doc = content.documents[0] as DesiredState['documents'][number];
      const legacy = hashView(desiredDocumentView(doc, new Map([[form, md5]]), content.languages));
      doc.legacyPayloadHash = legacy;
      state.documents[FAQ] = { ...(state.documents[FAQ] as DocumentState), payloadHash: legacy };
      return { content, remote, state, legacy };
    };

    it('is a no-op without a detail call, refreshed to the new hash', () => {
      const { content, remote, state, legacy } = upgraded();
      const { plan: result, fetched } = plan({ desired: content, remote, state });
      expect(fetched).toEqual([]);
      const change = changeOf(result, FAQ);
      expect(change).toMatchObject({ action: 'noop', refresh: true, changedFields: [] });
      expect(change.payloadHash).not.toBe(legacy);
      expect(change.payloadHash).toBe(content.documents[0]?.payloadHash);
    });

    it('holds a console edit since as drift, and updates a local edit', () => {
      const drift = upgraded();
      editRemote(drift.remote, 'faq', 1001, (r) => {
        r.status = 'C';
      });
      const held = plan({ desired: drift.content, remote: drift.remote, state: drift.state });
      expect(changeOf(held.plan, FAQ)).toMatchObject({
        action: 'update',
        hold: 'drift',
        changedFields: ['status'],
      });

      const edit = upgraded();
      const edited = editDocument(edit.content, FAQ, (doc) => {
        const fields = { ...doc.fields, isTop: true };
        // As readContent computes it for the edited content.
        const legacyPayloadHash = hashView(
          desiredDocumentView({ ...doc, fields }, new Map([[form, md5]]), edit.content.languages),
        );
        return { ...doc, fields, legacyPayloadHash };
      });
      const update = plan({ desired: edited, remote: edit.remote, state: edit.state });
      expect(update.fetched).toEqual(['faq:1001']);
      expect(changeOf(update.plan, FAQ)).toMatchObject({ action: 'update', changedFields: ['isTop'] });
      expect(changeOf(update.plan, FAQ).hold).toBeUndefined();
    });
  });

  it('names the changed fields of an update: tag codes, compared as a set', () => {
    const content = desired({
      documents: [noticeDoc(NOTICE, { fields: { tagCodes: ['outage', 'app'] } })],
      tags: [tag('app'), tag('outage')],
    });
    const { remote, state } = applied(content);
    const withTags = (tagCodes: string[]) =>
      editDocument(content, NOTICE, (doc) => ({ ...doc, fields: { ...doc.fields, tagCodes } }));

    const reordered = plan({ desired: withTags(['app', 'outage']), remote, state });
    expect(reordered.fetched).toEqual([]);
    expect(changeOf(reordered.plan, NOTICE).action).toBe('noop');

    const { plan: result, fetched } = plan({ desired: withTags(['app']), remote, state });
    expect(fetched).toEqual(['notice:2001']);
    const change = changeOf(result, NOTICE);
    expect(change).toMatchObject({
      action: 'update',
      changedFields: ['tagCodes'],
      before: { fields: { tagCodes: ['app', 'outage'] } },
      after: { fields: { tagCodes: ['app'] } },
    });
  });

  it('deletes a document removed from content/ when prune is on, without a detail call', () => {
    const content = twoNotices();
    const { remote, state } = applied(content);
    const without = { ...content, documents: content.documents.filter((d) => d.key !== NOTICE) };
    const { plan: result, fetched } = plan({ desired: without, remote, state, prune: true });
    expect(fetched).toEqual([]);
    const change = changeOf(result, NOTICE);
    expect(change).toMatchObject({
      action: 'delete',
      kind: 'notice',
      remoteId: 2001,
      title: 'app-release 제목',
      changedFields: [],
    });
    expect(change.hold).toBeUndefined();
    expect(change.remoteMissing).toBeUndefined();
    expect(result.warnings).toEqual([]);
    expect(result.summary).toEqual(summary({ delete: 1, noop: 6 }));
  });

  it('lists a removed document as not deleted when prune is off', () => {
    const content = base();
    const { remote, state } = applied(content);
    const without = { ...content, documents: content.documents.filter((d) => d.key !== NOTICE) };
    const { plan: result } = plan({ desired: without, remote, state, prune: false });
    expect(changeOf(result, NOTICE)).toMatchObject({ action: 'delete', hold: 'prune-off', remoteId: 2001 });
    expect(result.warnings).toEqual([
      'some documents were removed locally but prune is off: they stay on the service',
    ]);
    expect(result.summary).toEqual(summary({ notDeleted: 1, noop: 5 }));
  });

  it('drops the state entry of a document the service no longer has (remoteMissing)', () => {
    const content = base();
    const { remote, state } = applied(content);
    remote.documents.notice.delete(2001);
    const without = { ...content, documents: content.documents.filter((d) => d.key !== NOTICE) };
    for (const prune of [true, false]) {
      const { plan: result } = plan({ desired: without, remote, state, prune });
      const change = changeOf(result, NOTICE);
      expect(change).toMatchObject({
        action: 'delete',
        remoteId: 2001,
        remoteMissing: true,
        reason: 'already deleted on the service',
      });
      expect(change.hold).toBeUndefined();
      expect(result.unmanaged).toEqual([]);
      expect(result.summary).toEqual(summary({ delete: 1, noop: 5 }));
    }
  });

  it('holds the delete of a document that changed on the service since the last apply', () => {
    const content = twoNotices();
    const { remote, state } = applied(content);
    editRemote(remote, 'notice', 2001, (r) => {
      r.isTop = true;
    });
    const without = { ...content, documents: content.documents.filter((d) => d.key !== NOTICE) };
    const { plan: result, fetched } = plan({ desired: without, remote, state, prune: true });
    expect(fetched).toEqual([]);
    expect(changeOf(result, NOTICE)).toMatchObject({ action: 'delete', hold: 'drift', drifted: true });
    expect(result.summary).toEqual(summary({ drifted: 1, noop: 6 }));
  });

  it('moves a document renamed with previously: (old key in the state, new key in content/)', () => {
    const content = base();
    const { remote, state } = applied(content);
    const renamed = editDocument(content, FAQ, (doc) => ({
      ...doc,
      key: 'faq/payments/refund-request',
      previously: [FAQ],
    }));
    const { plan: result, fetched } = plan({ desired: renamed, remote, state, prune: true });
    expect(fetched).toEqual(['faq:1001']);
    expect(result.changes.filter((c) => c.key === FAQ)).toEqual([]);
    const change = changeOf(result, 'faq/payments/refund-request');
    expect(change).toMatchObject({
      action: 'move',
      remoteId: 1001,
      previousKey: FAQ,
      changedFields: [],
      reason: `renamed from ${FAQ}`,
    });
    expect(change.hold).toBeUndefined();
    expect(change.before).toEqual(change.after);
    expect(result.summary).toEqual(summary({ move: 1, noop: 5 }));
  });

  it('moves a renamed document and names what else changed', () => {
    const content = base();
    const { remote, state } = applied(content);
    const renamed = editDocument(content, FAQ, (doc) => {
      (doc.contents.ko as DesiredContent).loadBody = () => '<p>새 본문</p>';
      return { ...doc, key: 'faq/payments/refund-request', previously: [FAQ] };
    });
    const { plan: result } = plan({ desired: renamed, remote, state });
    expect(changeOf(result, 'faq/payments/refund-request')).toMatchObject({
      action: 'move',
      previousKey: FAQ,
      changedFields: ['contents.ko.body'],
    });
    expect(result.summary).toEqual(summary({ move: 1, noop: 5 }));
  });

  it('creates when previously: names nothing the state owns, or a key that is still in content/', () => {
    const content = base();
    const { remote, state } = applied(content);
    const unknown = {
      ...content,
      documents: [...content.documents, faqDoc('faq/billing/other', { previously: ['faq/never/existed'] })],
    };
    expect(changeOf(plan({ desired: unknown, remote, state }).plan, 'faq/billing/other').action).toBe(
      'create',
    );

    const copy = {
      ...content,
      documents: [...content.documents, faqDoc('faq/billing/copy', { previously: [FAQ] })],
    };
    const { plan: result } = plan({ desired: copy, remote, state });
    expect(changeOf(result, 'faq/billing/copy').action).toBe('create');
    expect(changeOf(result, FAQ).action).toBe('noop');
  });

  it('gives an old key to one renamed document only', () => {
    const content = base();
    const { remote, state } = applied(content);
    const twice = {
      ...content,
      documents: [
        ...content.documents.filter((d) => d.key !== FAQ),
        faqDoc('faq/a/first', { previously: [FAQ] }),
        faqDoc('faq/b/second', { previously: [FAQ] }),
      ],
    };
    const { plan: result, fetched } = plan({ desired: twice, remote, state, prune: true });
    expect(fetched).toEqual(['faq:1001']);
    expect(changeOf(result, 'faq/a/first')).toMatchObject({ action: 'move', remoteId: 1001 });
    expect(changeOf(result, 'faq/b/second').action).toBe('create');
    expect(result.summary).toEqual(summary({ move: 1, create: 1, noop: 5 }));
  });

  it('holds a document changed only on the service as drift', () => {
    const content = base();
    const { remote, state } = applied(content);
    editRemote(remote, 'faq', 1001, (r) => {
      r.status = 'C';
    });
    const { plan: result, fetched } = plan({ desired: content, remote, state });
    expect(fetched).toEqual(['faq:1001']);
    const change = changeOf(result, FAQ);
    expect(change).toMatchObject({
      action: 'update',
      hold: 'drift',
      drifted: true,
      changedFields: ['status'],
      reason: 'changed on the service since the last apply',
      remoteUpdatedDt: T0 + 50_000 + 1001,
    });
    expect((change.before as { fields: Record<string, unknown> }).fields.status).toBe('C');
    expect(result.summary).toEqual(summary({ drifted: 1, noop: 5 }));
  });

  it('holds a document changed on both sides as a conflict', () => {
    const content = base();
    const { remote, state } = applied(content);
    editRemote(remote, 'faq', 1001, (r) => {
      contentOf(r, 'en').title = 'Edited in the console';
    });
    const edited = editDocument(content, FAQ, (doc) => ({ ...doc, fields: { ...doc.fields, isTop: true } }));
    const { plan: result } = plan({ desired: edited, remote, state });
    expect(changeOf(result, FAQ)).toMatchObject({
      action: 'update',
      hold: 'conflict',
      drifted: true,
      changedFields: ['isTop', 'contents.en.title'],
      reason: 'changed both here and on the service since the last apply',
    });
    expect(result.summary).toEqual(summary({ conflicts: 1, noop: 5 }));
  });

  it('holds a renamed document that drifted, as a move', () => {
    const content = base();
    const { remote, state } = applied(content);
    editRemote(remote, 'faq', 1001, (r) => {
      r.isRecommend = true;
    });
    const renamed = editDocument(content, FAQ, (doc) => ({ ...doc, key: 'faq/x/moved', previously: [FAQ] }));
    const { plan: result } = plan({ desired: renamed, remote, state });
    expect(changeOf(result, 'faq/x/moved')).toMatchObject({
      action: 'move',
      hold: 'drift',
      previousKey: FAQ,
    });
    expect(result.summary).toEqual(summary({ drifted: 1, noop: 5 }));
  });

  it('refreshes (no drift) when the remote updatedDt moved but the content equals the last payload', () => {
    const content = base();
    const { remote, state } = applied(content);
    editRemote(remote, 'notice', 2001, () => {}, T0 + 99_999);
    const { plan: result, fetched } = plan({ desired: content, remote, state });
    expect(fetched).toEqual(['notice:2001']);
    const change = changeOf(result, NOTICE);
    expect(change).toMatchObject({ action: 'noop', refresh: true, remoteUpdatedDt: T0 + 99_999 });
    expect(change.drifted).toBeUndefined();
    expect(change.hold).toBeUndefined();
    expect(result.summary).toEqual(summary({ noop: 6 }));
  });

  it('treats a body the service holds in other but DOM-equal HTML as unchanged (re-saved in the editor)', () => {
    const content = base();
    const { remote, state } = applied(content);
    editRemote(remote, 'notice', 2001, (r) => {
      const contents = r.contents as Record<string, { content: string }>;
      for (const entry of Object.values(contents))
        entry.content = `\n  ${entry.content.replace(/></g, '>\n<')}  \n`;
    });
    const { plan: result } = plan({ desired: content, remote, state });
    expect(changeOf(result, NOTICE)).toMatchObject({ action: 'noop', refresh: true, changedFields: [] });
    expect(result.summary).toEqual(summary({ noop: 6 }));
  });

  it('refreshes (no conflict) when both sides made the same edit', () => {
    const content = base();
    const { remote, state } = applied(content);
    editRemote(remote, 'faq', 1001, (r) => {
      r.status = 'C';
    });
    const edited = editDocument(content, FAQ, (doc) => ({ ...doc, fields: { ...doc.fields, status: 'C' } }));
    const { plan: result } = plan({ desired: edited, remote, state });
    const change = changeOf(result, FAQ);
    expect(change).toMatchObject({ action: 'noop', refresh: true, changedFields: [] });
    expect(change.payloadHash).toBe(payloadOf(edited.documents[0], edited));
    expect(result.summary).toEqual(summary({ noop: 6 }));
  });

  it('holds a document deleted on the service that is still in content/ as drift, never re-creating it silently', () => {
    const content = base();
    const { remote, state } = applied(content);
    remote.documents.faq.delete(1001);
    const { plan: result, fetched } = plan({ desired: content, remote, state, prune: true });
    expect(fetched).toEqual([]);
    const change = changeOf(result, FAQ);
    expect(change).toMatchObject({
      action: 'create',
      hold: 'drift',
      drifted: true,
      reason: 'deleted on the service since the last apply',
      changedFields: [],
    });
    expect(change.remoteId).toBeUndefined();
    expect(result.summary).toEqual(summary({ drifted: 1, noop: 5 }));
  });

  it('never changes remote documents the state does not own: they are unmanaged', () => {
    const content = base();
    const { remote, state, ids } = applied(content);
    const stranger = faqDoc('faq/console/only', {
      contents: {
        ko: languageContent('콘솔에서 만든 질문', '<p>콘솔에서 만든 질문</p>'),
        en: languageContent('Made in the console', '<p>Made in the console</p>'),
      },
    });
    remote.documents.faq.set(
      1999,
      remoteDocument('faq', recordFor('faq', 1999, viewOf(stranger, content), ids, T0 + 7)),
    );
    for (const prune of [false, true]) {
      const { plan: result, fetched } = plan({ desired: content, remote, state, prune });
      expect(fetched).toEqual([]);
      expect(result.unmanaged).toEqual([{ kind: 'faq', id: 1999, title: '콘솔에서 만든 질문' }]);
      expect(result.changes.filter((c) => 'remoteId' in c && c.remoteId === 1999)).toEqual([]);
      expect(result.summary).toEqual(summary({ noop: 6 }));
    }
  });
});

describe('tags, headings and FAQ categories (matched by code)', () => {
  const lists = () =>
    desired({
      documents: [faqDoc(FAQ), noticeDoc(NOTICE)],
      tags: [tag('app'), tag('outage')],
      headings: [heading('news', 1), heading('maintenance', 2)],
      categories: [
        category('billing', { order: 1 }),
        category('refunds', { order: 1, parentCode: 'billing', level: 2 }),
        category('payments', { order: 2 }),
      ],
    });

  it('matches by code: unchanged items are noops with their remote id', () => {
    const content = lists();
    const { remote, state } = applied(content);
    const { plan: result } = plan({ desired: content, remote, state });
    expect(visible(result)).toEqual([]);
    expect(changeOf(result, 'outage', 'tag')).toMatchObject({ action: 'noop', remoteId: 2 });
    expect(changeOf(result, 'maintenance', 'heading')).toMatchObject({ action: 'noop', remoteId: 102 });
    expect(changeOf(result, 'refunds', 'faqCategory')).toMatchObject({ action: 'noop', remoteId: 202 });
    expect(result.summary).toEqual(summary({ noop: 9 }));
  });

  it('does not care in which order a YAML map lists the languages', () => {
    const content = lists();
    const { remote, state } = applied(content);
    const swapped = {
      ...content,
      tags: content.tags.map((t) => ({
        ...t,
        names: { en: t.names.en as string, ko: t.names.ko as string },
      })),
    };
    const { plan: result } = plan({ desired: swapped, remote, state });
    expect(visible(result)).toEqual([]);
    expect(changeOf(result, 'app', 'tag').title).toBe('app 분류');
  });

  it('creates new items and updates names, order and parent', () => {
    const content = lists();
    const { remote, state } = applied(content);
    const edited: DesiredState = {
      ...content,
      tags: [tag('app', { ko: '앱', en: 'App' }), tag('outage'), tag('security')],
      headings: [heading('news', 1), heading('maintenance', 5)],
      categories: [
        category('billing', { order: 1 }),
        category('payments', { order: 2 }),
        category('refunds', { order: 1, parentCode: 'payments', level: 2 }),
      ],
    };
    const { plan: result } = plan({ desired: edited, remote, state });
    expect(changeOf(result, 'app', 'tag')).toMatchObject({
      action: 'update',
      remoteId: 1,
      changedFields: ['names'],
      before: { code: 'app', names: { ko: 'app 분류', en: 'App' } },
      after: { code: 'app', names: { ko: '앱', en: 'App' } },
    });
    expect(changeOf(result, 'security', 'tag')).toMatchObject({ action: 'create', changedFields: [] });
    expect(changeOf(result, 'maintenance', 'heading')).toMatchObject({
      action: 'update',
      changedFields: ['order'],
      before: { order: 2 },
      after: { order: 5 },
    });
    expect(changeOf(result, 'refunds', 'faqCategory')).toMatchObject({
      action: 'update',
      changedFields: ['parentCode'],
      before: { parentCode: 'billing' },
      after: { parentCode: 'payments' },
    });
    expect(result.summary).toEqual(summary({ create: 1, update: 3, noop: 6 }));
  });

  it('deletes items removed from the YAML lists only with prune on', () => {
    const content = lists();
    const { remote, state } = applied(content);
    const fewer: DesiredState = {
      ...content,
      tags: [tag('app')],
      headings: [heading('news', 1)],
      categories: [category('billing', { order: 1 })],
    };
    const off = plan({ desired: fewer, remote, state, prune: false }).plan;
    expect(off.changes.filter((c) => c.action === 'delete').map((c) => [c.key, c.hold])).toEqual([
      ['refunds', 'prune-off'],
      ['payments', 'prune-off'],
      ['outage', 'prune-off'],
      ['maintenance', 'prune-off'],
    ]);
    expect(off.summary).toEqual(summary({ notDeleted: 4, noop: 5 }));

    const on = plan({ desired: fewer, remote, state, prune: true }).plan;
    expect(changeOf(on, 'outage', 'tag')).toMatchObject({
      action: 'delete',
      remoteId: 2,
      title: 'outage 분류',
      before: { code: 'outage' },
    });
    expect(on.changes.filter((c) => c.hold)).toEqual([]);
    expect(on.summary).toEqual(summary({ delete: 4, noop: 5 }));
  });

  it('leaves items without a code alone: unmanaged, never changed or deleted', () => {
    const content = lists();
    const { remote, state } = applied(content);
    remote.lists.tag.push(tagRecord(50, null, { ko: '옛 태그', en: 'Old tag' }));
    remote.lists.heading.push(headingRecord(150, null, { ko: '옛 말머리', en: 'Old heading' }, 9));
    remote.lists.faqCategory.push(categoryRecord(250, '', { ko: '옛 분류', en: 'Old category' }));
    const { plan: result } = plan({ desired: content, remote, state, prune: true });
    expect(result.unmanaged).toEqual([
      { kind: 'tag', id: 50, title: '옛 태그' },
      { kind: 'heading', id: 150, title: '옛 말머리' },
      { kind: 'faqCategory', id: 250, title: '옛 분류' },
    ]);
    expect(result.changes.filter((c) => 'remoteId' in c && [50, 150, 250].includes(c.remoteId))).toEqual([]);
    expect(result.summary).toEqual(summary({ noop: 9 }));
  });
});

describe('dependency order', () => {
  it('creates tags and headings, then categories by level, then documents', () => {
    const content = desired({
      documents: [faqDoc(FAQ, { fields: { categoryCode: 'card' } }), noticeDoc(NOTICE)],
      categories: [
        category('billing', { order: 1 }),
        category('refunds', { parentCode: 'billing', level: 2 }),
        category('card', { parentCode: 'refunds', level: 3 }),
        category('account', { order: 2 }),
        category('password', { parentCode: 'account', level: 2 }),
      ],
    });
    const { plan: result } = plan({ desired: content, remote: emptyRemote(), state: syncState() });
    expect(visible(result)).toEqual([
      'create tag app',
      'create heading news',
      'create faqCategory billing',
      'create faqCategory account',
      'create faqCategory refunds',
      'create faqCategory password',
      'create faqCategory card',
      'create faq faq/billing/refund-request',
      'create notice notices/2026/app-release',
    ]);
  });

  it('deletes documents first, then categories children first, then tags and headings', () => {
    const full = desired({
      documents: [
        faqDoc(FAQ),
        faqDoc('faq/card/timeline', { fields: { categoryCode: 'card' } }),
        noticeDoc(NOTICE),
        noticeDoc('notices/2025/old', { fields: { headingCode: 'old', tagCodes: ['legacy'] } }),
      ],
      tags: [tag('app'), tag('legacy')],
      headings: [heading('news', 1), heading('old', 2)],
      categories: [
        category('billing', { order: 1 }),
        category('refunds', { parentCode: 'billing', level: 2 }),
        category('card', { parentCode: 'refunds', level: 3 }),
      ],
    });
    const { remote, state } = applied(full);
    const kept = desired({ documents: [faqDoc(FAQ), noticeDoc(NOTICE)] });
    const { plan: result } = plan({ desired: kept, remote, state, prune: true });
    // Document deletes come by kind in registry order (notice, template, FAQ).
    expect(visible(result)).toEqual([
      'delete notice notices/2025/old',
      'delete faq faq/card/timeline',
      'delete faqCategory card',
      'delete faqCategory refunds',
      'delete tag legacy',
      'delete heading old',
    ]);
    expect(result.changes.filter((c) => c.hold)).toEqual([]);
    expect(result.summary).toEqual(summary({ delete: 6, noop: 5 }));
  });

  it('puts every upsert before every delete', () => {
    const full = desired({
      documents: [faqDoc(FAQ), faqDoc('faq/billing/old')],
      tags: [tag('app'), tag('gone')],
    });
    const { remote, state } = applied(full);
    const next = desired({
      documents: [faqDoc(FAQ, { fields: { status: 'C' } }), faqDoc('faq/billing/new')],
      tags: [tag('app'), tag('fresh')],
    });
    const { plan: result } = plan({ desired: next, remote, state, prune: true });
    expect(visible(result)).toEqual([
      'create tag fresh',
      'update faq faq/billing/refund-request',
      'create faq faq/billing/new',
      'delete faq faq/billing/old',
      'delete tag gone',
    ]);
  });
});

describe('deleting a list item that is still in use', () => {
  const tree = () =>
    desired({
      documents: [faqDoc(FAQ), faqDoc('faq/card/timeline', { fields: { categoryCode: 'card' } })],
      categories: [
        category('billing'),
        category('refunds', { parentCode: 'billing', level: 2 }),
        category('card', { parentCode: 'refunds', level: 3 }),
        category('payments', { order: 2 }),
      ],
    });

  it('holds a category that still holds documents which stay, with a warning', () => {
    const content = tree();
    const { remote, state, ids } = applied(content);
    // A document made in the console (not owned by the state) sits in `card`.
    const stranger = faqDoc('faq/x', { fields: { categoryCode: 'card' } });
    remote.documents.faq.set(
      1999,
      remoteDocument('faq', recordFor('faq', 1999, viewOf(stranger, content), ids, T0)),
    );
    const next = { ...tree(), documents: [faqDoc(FAQ)] };
    next.categories = next.categories.filter((c) => c.code !== 'card' && c.code !== 'refunds');
    const { plan: result } = plan({ desired: next, remote, state, prune: true });
    expect(changeOf(result, 'card', 'faqCategory')).toMatchObject({
      action: 'delete',
      hold: 'in-use',
      reason: 'still used by 1 item(s) that stay',
    });
    // Its parent keeps a child that stays.
    expect(changeOf(result, 'refunds', 'faqCategory')).toMatchObject({ action: 'delete', hold: 'in-use' });
    expect(changeOf(result, 'faq/card/timeline')).toMatchObject({ action: 'delete' });
    expect(changeOf(result, 'faq/card/timeline').hold).toBeUndefined();
    expect(result.warnings).toEqual([
      'FAQ category card is not deleted: it is still used by 1 item(s) on the service',
      'FAQ category refunds is not deleted: it is still used by 1 item(s) on the service',
    ]);
    expect(result.summary).toEqual(summary({ delete: 1, notDeleted: 2, noop: 5 }));
  });

  it('does not hold it when those documents and child categories are deleted too', () => {
    const { remote, state } = applied(tree());
    const next = { ...tree(), documents: [faqDoc(FAQ)] };
    next.categories = next.categories.filter((c) => c.code !== 'card' && c.code !== 'refunds');
    const { plan: result } = plan({ desired: next, remote, state, prune: true });
    expect(visible(result)).toEqual([
      'delete faq faq/card/timeline',
      'delete faqCategory card',
      'delete faqCategory refunds',
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('does not hold it when its documents and children move elsewhere in the same plan', () => {
    const { remote, state } = applied(tree());
    // `refunds` goes; its child `card` moves under `payments`.
    const next = desired({
      documents: tree().documents,
      categories: [
        category('billing'),
        category('card', { parentCode: 'payments', level: 2 }),
        category('payments', { order: 2 }),
      ],
    });
    const { plan: result } = plan({ desired: next, remote, state, prune: true });
    expect(visible(result)).toEqual(['update faqCategory card', 'delete faqCategory refunds']);
    expect(result.warnings).toEqual([]);

    // `billing` goes too; the FAQ in it moves to `payments`.
    const further = editDocument({ ...next, categories: next.categories.slice(1) }, FAQ, (doc) => ({
      ...doc,
      fields: { ...doc.fields, categoryCode: 'payments' },
    }));
    const second = plan({ desired: further, remote, state, prune: true }).plan;
    expect(visible(second)).toEqual([
      'update faqCategory card',
      'update faq faq/billing/refund-request',
      'delete faqCategory refunds',
      'delete faqCategory billing',
    ]);
    expect(second.warnings).toEqual([]);
  });

  it('holds it when the document that would move away is itself held (drift)', () => {
    const { remote, state } = applied(tree());
    editRemote(remote, 'faq', 1001, (r) => {
      r.isTop = true;
    });
    const next = desired({
      documents: [
        faqDoc(FAQ, { fields: { categoryCode: 'payments' } }),
        faqDoc('faq/card/timeline', { fields: { categoryCode: 'payments' } }),
      ],
      categories: [category('payments', { order: 2 })],
    });
    const { plan: result } = plan({ desired: next, remote, state, prune: true });
    expect(changeOf(result, FAQ)).toMatchObject({ action: 'update', hold: 'conflict' });
    expect(changeOf(result, 'billing', 'faqCategory')).toMatchObject({
      hold: 'in-use',
      reason: 'still used by 1 item(s) that stay',
    });
    // `refunds` and `card` lose their only document and child: they go.
    expect(changeOf(result, 'refunds', 'faqCategory').hold).toBeUndefined();
    expect(changeOf(result, 'card', 'faqCategory').hold).toBeUndefined();
  });

  it('holds a heading or tag still used by a notice that stays', () => {
    const content = desired({
      documents: [noticeDoc(NOTICE, { fields: { headingCode: 'old', tagCodes: ['app', 'legacy'] } })],
      headings: [heading('news', 1), heading('old', 2)],
      tags: [tag('app'), tag('legacy')],
    });
    const { remote, state } = applied(content);
    // The notice is drifted, so its update (which would drop both) is not applied.
    editRemote(remote, 'notice', 2001, (r) => {
      r.isTop = true;
    });
    const next = desired({ documents: [noticeDoc(NOTICE)] });
    const held = plan({ desired: next, remote, state, prune: true }).plan;
    expect(changeOf(held, 'old', 'heading')).toMatchObject({ hold: 'in-use' });
    expect(changeOf(held, 'legacy', 'tag')).toMatchObject({ hold: 'in-use' });

    // Without the drift, the update drops them first and they go.
    const clean = applied(content);
    const freed = plan({ desired: next, remote: clean.remote, state: clean.state, prune: true }).plan;
    expect(visible(freed)).toEqual([
      'update notice notices/2026/app-release',
      'delete tag legacy',
      'delete heading old',
    ]);
  });
});

describe('a kind whose local set is empty', () => {
  it('never deletes its documents', () => {
    const content = base();
    const { remote, state } = applied(content);
    const noFaq = { ...content, documents: content.documents.filter((d) => d.kind !== 'faq') };
    const { plan: result } = plan({ desired: noFaq, remote, state, prune: true });
    expect(changeOf(result, FAQ)).toMatchObject({
      action: 'delete',
      hold: 'empty-kind',
      reason: 'no FAQ is left under content/: refusing to delete them all',
    });
    expect(result.summary).toEqual(summary({ notDeleted: 1, noop: 5 }));
  });

  it('never deletes its list items', () => {
    const content = desired({ documents: [noticeDoc(NOTICE, { fields: { tagCodes: [] } })] });
    const { remote, state } = applied({ ...content, tags: [tag('app'), tag('outage')] });
    const { plan: result } = plan({ desired: { ...content, tags: [] }, remote, state, prune: true });
    expect(result.changes.filter((c) => c.kind === 'tag').map((c) => [c.key, c.hold, c.reason])).toEqual([
      ['app', 'empty-kind', 'notices/_tags.yaml lists none: refusing to delete every notice tag'],
      ['outage', 'empty-kind', 'notices/_tags.yaml lists none: refusing to delete every notice tag'],
    ]);
    expect(result.summary).toEqual(summary({ notDeleted: 2, noop: 3 }));
  });
});

describe('detailNeeds', () => {
  it('asks only for owned documents whose file, remote updatedDt or key changed', () => {
    const content = desired({
      documents: [faqDoc(FAQ), faqDoc('faq/billing/second'), noticeDoc(NOTICE), templateDoc(TEMPLATE)],
    });
    const { state } = applied(content);
    const next = editDocument(
      editDocument(content, FAQ, (doc) => ({ ...doc, fields: { ...doc.fields, isTop: true } })),
      TEMPLATE,
      (doc) => ({ ...doc, key: 'templates/renamed', previously: [TEMPLATE] }),
    );
    const withoutNotice = { ...next, documents: next.documents.filter((d) => d.key !== NOTICE) };
    const needs = detailNeeds(withoutNotice, state);
    const at = (key: string) => state.documents[key]?.updatedDt as number;
    expect(needs('faq', 1001, at(FAQ))).toBe(true); // edited file
    expect(needs('faq', 1002, at('faq/billing/second'))).toBe(false); // unchanged
    expect(needs('faq', 1002, at('faq/billing/second') + 1)).toBe(true); // changed on the service
    expect(needs('template', 3001, at(TEMPLATE))).toBe(true); // renamed
    expect(needs('notice', 2001, at(NOTICE) + 1)).toBe(false); // removed locally: a delete needs no detail
    expect(needs('faq', 1999, T0)).toBe(false); // not owned
    expect(needs('notice', 1001, at(FAQ))).toBe(false); // same id, other kind
  });
});

describe('summary', () => {
  it('counts each change once, holds by what holds them', () => {
    const content = base();
    const { remote, state } = applied(content);
    editRemote(remote, 'template', 3001, (r) => {
      r.memo = 'console';
    });
    const next = editDocument(
      { ...content, documents: [...content.documents.filter((d) => d.key !== NOTICE), faqDoc('faq/new')] },
      FAQ,
      (doc) => ({ ...doc, key: 'faq/moved', previously: [FAQ] }),
    );
    const { plan: result } = plan({ desired: next, remote, state, prune: false });
    expect(result.summary).toEqual(summary({ create: 1, move: 1, drifted: 1, notDeleted: 1, noop: 3 }));
    expect(result.summary).toEqual(
      result.changes.reduce((s, c) => {
        const bucket =
          c.hold === 'drift'
            ? 'drifted'
            : c.hold === 'conflict'
              ? 'conflicts'
              : c.hold
                ? 'notDeleted'
                : c.action;
        s[bucket]++;
        return s;
      }, summary({})),
    );
  });
});
