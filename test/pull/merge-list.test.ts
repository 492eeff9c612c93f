import { describe, expect, it } from 'vitest';
import type { ListEntry } from '../../src/pull/list-yaml.js';
import { mergeListEntries } from '../../src/pull/merge-list.js';

const entry = (code: string, parentCode?: string, name = code): ListEntry => ({
  code,
  names: { ko: name },
  order: 0,
  parentCode,
});

describe('mergeListEntries', () => {
  it("takes the service's items over local ones with the same code, then keeps the local-only ones", () => {
    const remote = [entry('billing', undefined, 'Billing'), entry('refunds', 'billing')];
    const local = [entry('billing', undefined, 'old name'), entry('drafts')];
    const { merged, keptLocal } = mergeListEntries(remote, local);
    expect(merged.map((e) => [e.code, e.names.ko])).toEqual([
      ['billing', 'Billing'],
      ['refunds', 'refunds'],
      ['drafts', 'drafts'],
    ]);
    expect(keptLocal.map((e) => e.code)).toEqual(['drafts']);
  });

  it('keeps a kept item under its parent only while the service or the kept items have that parent', () => {
    const remote = [entry('billing')];
    const local = [entry('a', 'billing'), entry('b', 'a'), entry('c', 'gone')];
    const { merged } = mergeListEntries(remote, local);
    expect(merged.map((e) => [e.code, e.parentCode])).toEqual([
      ['billing', undefined],
      ['a', 'billing'],
      ['b', 'a'],
      ['c', undefined],
    ]);
  });

  it('keeps nothing when the file has only what the service has', () => {
    expect(mergeListEntries([entry('x')], [entry('x')])).toEqual({ merged: [entry('x')], keptLocal: [] });
    expect(mergeListEntries([], [])).toEqual({ merged: [], keptLocal: [] });
  });
});
