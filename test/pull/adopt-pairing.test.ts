import { describe, expect, it } from 'vitest';
import type { DesiredDocument } from '../../src/content/desired-state.js';
import { groupLocalDocuments, matchKey, pairByKey } from '../../src/pull/adopt.js';
import { emptyState } from '../../src/sync/state-file.js';

const doc = (key: string, title: string, fields: Record<string, unknown>, kind = 'faq'): DesiredDocument =>
  ({
    kind,
    key,
    files: {},
    fields,
    contents: { ko: { title } },
    links: [],
    previously: [],
    sourceHash: `source-${key}`,
    payloadHash: `payload-${key}`,
  }) as unknown as DesiredDocument;

const remote = (id: number, title: string, kind: 'faq' | 'notice' | 'template' = 'faq') => ({
  kind,
  id,
  title,
  detail: '',
});

describe('adopt: pairing by title and category/heading', () => {
  it('keys by kind, category or heading, trimmed title, and a template’s subject', () => {
    expect(matchKey('faq', 'billing', ' 환불 ')).toBe(matchKey('faq', 'billing', '환불'));
    expect(matchKey('faq', 'billing', '환불')).not.toBe(matchKey('faq', 'refunds', '환불'));
    expect(matchKey('faq', 'billing', '환불')).not.toBe(matchKey('notice', 'billing', '환불'));
    expect(matchKey('template', 'h', 't', 'a')).not.toBe(matchKey('template', 'h', 't', 'b'));
    expect(matchKey('notice', 'h', 't', 'a')).toBe(matchKey('notice', 'h', 't', 'b'));
  });

  it('groups the local documents the state does not own, and counts those it does', () => {
    const state = emptyState('dev', 'svc');
    state.documents['faq/owned'] = { kind: 'faq', id: 1, payloadHash: '', sourceHash: '', updatedDt: 0 };
    const documents = [
      doc('faq/owned', '환불', { categoryCode: 'billing' }),
      doc('faq/a', '환불', { categoryCode: 'billing' }),
      doc('faq/b', '환불', { categoryCode: 'billing' }),
      doc('notice/c', '점검', { headingCode: 'ops' }, 'notice'),
    ];
    const { locals, alreadyOwned } = groupLocalDocuments(documents, state, 'ko');
    expect(alreadyOwned).toBe(1);
    expect(locals.get(matchKey('faq', 'billing', '환불'))?.map((d) => d.key)).toEqual(['faq/a', 'faq/b']);
    expect(locals.get(matchKey('notice', 'ops', '점검'))?.map((d) => d.key)).toEqual(['notice/c']);
  });

  it('matches one to one, holds several to several as a tie, and reports one side only', () => {
    const one = matchKey('faq', 'billing', '환불');
    const tie = matchKey('faq', 'billing', '같은 제목');
    const localOnly = matchKey('faq', 'billing', '여기만');
    const remoteOnly = matchKey('faq', 'billing', '저기만');
    const locals = new Map([
      [one, [doc('faq/refund', '환불', {})]],
      [tie, [doc('faq/same-1', '같은 제목', {}), doc('faq/same-2', '같은 제목', {})]],
      [localOnly, [doc('faq/here', '여기만', {})]],
    ]);
    const remotes = new Map([
      [one, [remote(10, '환불')]],
      [tie, [remote(21, '같은 제목'), remote(20, '같은 제목')]],
      [remoteOnly, [remote(30, '저기만')]],
    ]);
    const pairing = pairByKey(locals, remotes, 'ko');
    expect(pairing.matches.map((m) => [m.doc.key, m.kind, m.id])).toEqual([['faq/refund', 'faq', 10]]);
    expect(pairing.ties.map((t) => [t.docs.map((d) => d.key), t.found.map((f) => f.id)])).toEqual([
      [
        ['faq/same-1', 'faq/same-2'],
        [21, 20],
      ],
    ]);
    expect(pairing.unmatchedLocal).toEqual([
      {
        kind: 'faq',
        key: 'faq/here',
        title: '여기만',
        reason:
          'no remote document of its kind has this title and category/heading: the next plan creates it',
      },
    ]);
    expect(pairing.unmatchedRemote).toEqual([
      {
        kind: 'faq',
        id: 30,
        title: '저기만',
        reason: 'no local document of its kind has this title and category/heading',
      },
    ]);
  });
});
