import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyState, formatState, stateFilePath } from '../../src/sync/state-file.js';
import { journalPath, loadState, openStateStore } from '../../src/sync/state-store.js';

/**
 * The journal after a write cut short (disk full, or a kill inside a write): the torn line is dropped, and it never
 * takes the next run's first line down with it — that line may be the only record of a create already sent.
 */
describe('state journal with a torn line', () => {
  let root: string;
  let file: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'oc-sync-journal-'));
    file = stateFilePath(root, 'e2e');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const doc = (id: number) => ({
    kind: 'faq' as const,
    id,
    payloadHash: `p${id}`,
    sourceHash: `s${id}`,
    updatedDt: id,
  });

  it('keeps every whole line, drops the torn one, and starts the next run on a new line', async () => {
    const first = await openStateStore(file, 'e2e', 'HelpCenter');
    first.setDocument('faq/a', doc(1));
    // The next line was cut short: the disk filled up, or the process died inside the write.
    appendFileSync(journalPath(file), '{"op":"document","key":"faq/b","val');

    const second = await openStateStore(file, 'e2e', 'HelpCenter');
    expect(Object.keys(second.state.documents)).toEqual(['faq/a']);
    second.setPending('faq/c', { kind: 'faq', title: 'C', payloadHash: 'p', sourceHash: 's', since: 1 });
    second.setDocument('faq/c', doc(3));
    // Killed before its flush: the third run must see both of the second run's records.
    const { state, replayed } = await loadState(file, 'e2e', 'HelpCenter');
    expect(Object.keys(state.documents).sort()).toEqual(['faq/a', 'faq/c']);
    expect(state.pending).toHaveProperty('faq/c');
    expect(replayed).toBe(3);
    expect(readFileSync(journalPath(file), 'utf8').endsWith('\n')).toBe(true);
  });

  it('a journal line naming __proto__ becomes an entry the next read refuses, never the prototype', async () => {
    const store = await openStateStore(file, 'e2e', 'HelpCenter');
    store.setDocument('faq/a', doc(1));
    appendFileSync(
      journalPath(file),
      `${JSON.stringify({ op: 'document', key: '__proto__', value: { ...doc(2), polluted: true } })}\n`,
    );
    const { state } = await loadState(file, 'e2e', 'HelpCenter');
    expect(Object.getPrototypeOf(state.documents)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(state.documents)).toEqual(['faq/a', '__proto__']);
    // Folded into the state file, it is refused there, at its line, instead of being read as something else.
    const reopened = await openStateStore(file, 'e2e', 'HelpCenter');
    await reopened.flush();
    await expect(loadState(file, 'e2e', 'HelpCenter')).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ rule: 'state/reserved-key' })],
    });
  });

  it('a state file is replaced whole or not at all: a flush after a torn journal folds in the whole lines', async () => {
    const store = await openStateStore(file, 'e2e', 'HelpCenter');
    store.setDocument('faq/a', doc(1));
    appendFileSync(journalPath(file), '{"op":"docu');
    const next = await openStateStore(file, 'e2e', 'HelpCenter');
    next.setDocument('faq/b', doc(2));
    await next.flush();
    const expected = emptyState('e2e', 'HelpCenter');
    expected.documents = { 'faq/a': doc(1), 'faq/b': doc(2) };
    expect(readFileSync(file, 'utf8')).toBe(formatState(expected));
  });
});
