import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, UserInputError } from '../../src/diagnostics/diagnostic.js';
import { emptyState, formatState, readState } from '../../src/sync/state-file.js';

/**
 * Issue 14, cases 8 and 10: the state file read strictly. Each hand edit or half-done merge that used to be read
 * silently (and then made duplicates) is refused with a positioned error, the file named, the way out given.
 */

const folder = mkdtempSync(path.join(tmpdir(), 'oc-sync-state-checks-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let count = 0;
/** Reads `text` as the state of environment `e2e` of service `HelpCenter`; the problems as the CLI prints them. */
async function problems(text: string): Promise<{ message: string; lines: string[] }> {
  const file = path.join(folder, `state-${++count}.json`);
  writeFileSync(file, text);
  try {
    await readState(file, 'e2e', 'HelpCenter');
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    return {
      message: error.message.replace(`${path.relative(process.cwd(), file)}`, 'STATE'),
      lines: error.diagnostics.map((d) => formatDiagnostic({ ...d, file: 'STATE' })),
    };
  }
  return { message: '', lines: [] };
}

const entry = (kind: string, id: number) =>
  `{"id":${id},"kind":"${kind}","payloadHash":"p","sourceHash":"s","updatedDt":1}`;

function stateText(documents: string[], attachments: string[] = []): string {
  const section = (lines: string[]) =>
    lines.length ? `{\n${lines.map((l) => `    ${l}`).join(',\n')}\n  }` : '{}';
  return `{\n  "version": 1,\n  "environment": "e2e",\n  "serviceId": "HelpCenter",\n  "documents": ${section(documents)},\n  "attachments": ${section(attachments)},\n  "pending": {}\n}\n`;
}

describe('readState: strict, positioned (issue 14 case 10)', () => {
  it('reads a state it wrote, and an ordinary hand-made one', async () => {
    const state = emptyState('e2e', 'HelpCenter');
    state.documents['faq/billing/환불-신청'] = {
      kind: 'faq',
      id: 3,
      payloadHash: 'p',
      sourceHash: 's',
      updatedDt: 1,
    };
    state.documents['notices/2026/점검'] = {
      kind: 'notice',
      id: 3,
      payloadHash: 'p',
      sourceHash: 's',
      updatedDt: 1,
    };
    state.attachments['help:0123456789abcdef0123456789abcdef'] = { id: 'a1', fileName: 'x.pdf', size: 1 };
    expect(await problems(formatState(state))).toEqual({ message: '', lines: [] });
  });

  it('refuses a key written twice, naming both lines', async () => {
    const found = await problems(stateText([`"faq/a": ${entry('faq', 1)}`, `"faq/a": ${entry('faq', 2)}`]));
    expect(found.message).toBe('STATE is not an oc-sync state file');
    expect(found.lines[0]).toMatch(
      /^STATE:7:5 error "documents" → "faq\/a" is written twice \(first at line 6\); JSON keeps only the last, so the other entry would be lost silently \[state\/duplicate-key\]/,
    );
  });

  it('refuses __proto__ (it would become the prototype of the section)', async () => {
    const found = await problems(
      stateText([`"__proto__": ${entry('faq', 1)}`, `"faq/b": ${entry('faq', 2)}`]),
    );
    expect(found.lines[0]).toMatch(
      /^STATE:6:5 error the key "documents" → "__proto__" is not allowed: it is reserved in JavaScript \[state\/reserved-key\]/,
    );
  });

  it('refuses an entry of the wrong shape, at its line', async () => {
    const found = await problems(
      stateText([`"faq/a": ${entry('faq', 1)}`, `"faq/b": {"id":"7","kind":"faq"}`]),
    );
    expect(found.lines[0]).toBe(
      'STATE:7:15 error documents.faq/b.id: Invalid input: expected number, received string [state/invalid]\n  hint: restore it from git, or move it away and rebuild it with `oc-sync pull --adopt`',
    );
    // Every problem, not only the first; a field that is missing is placed at its entry.
    expect(found.lines[1]).toMatch(/^STATE:7:5 error documents\.faq\/b\.payloadHash: /);
    expect(found.lines).toHaveLength(4);
  });

  it("refuses keys in another kind's folder, of no kind, and keys that are no content path", async () => {
    const found = await problems(
      stateText([
        `"notices/maintenance": ${entry('template', 4)}`,
        `"faq/guide": ${entry('notice', 5)}`,
        `"../install": ${entry('faq', 6)}`,
        `"faq/a\\\\b": ${entry('faq', 7)}`,
        `"faq/_drafts/x": ${entry('faq', 8)}`,
        `"faq/guide.en": ${entry('faq', 9)}`,
        `"faq/x\\u0000y": ${entry('faq', 10)}`,
      ]),
    );
    expect(found.message).toBe('STATE has entries oc-sync cannot use');
    expect(found.lines.map((line) => line.split('\n')[0])).toEqual([
      'STATE:6:5 error documents key "notices/maintenance" cannot be a notice template key: it is not inside templates/ [state/invalid-key]',
      'STATE:7:5 error documents key "faq/guide" cannot be a notice key: it is not inside notices/ [state/invalid-key]',
      'STATE:8:5 error documents key "../install" cannot be a FAQ key: it has a ".." path segment [state/invalid-key]',
      'STATE:9:5 error documents key "faq/a\\\\b" cannot be a FAQ key: it holds a backslash [state/invalid-key]',
      'STATE:10:5 error documents key "faq/_drafts/x" cannot be a FAQ key: its segment "_drafts" starts with _, which content/ does not read [state/invalid-key]',
      'STATE:11:5 error documents key "faq/guide.en" cannot be a FAQ key: its name ends like a language suffix, so its file would be read as a translation [state/invalid-key]',
      'STATE:12:5 error documents key "faq/x\\u0000y" cannot be a FAQ key: it holds a control character [state/invalid-key]',
    ]);
    expect(found.lines[0]).toContain('oc-sync pull --adopt');
  });

  it('refuses two keys owning one remote document, naming both', async () => {
    const found = await problems(stateText([`"faq/a": ${entry('faq', 1)}`, `"faq/b": ${entry('faq', 1)}`]));
    expect(found.lines[0]).toMatch(
      /^STATE:7:5 error documents "faq\/a" and "faq\/b" both own FAQ 1 \[state\/shared-id\]\n {2}hint: keep the entry of the file that is that FAQ and delete the other/,
    );
  });

  it('refuses attachment keys that are not store:md5', async () => {
    const found = await problems(stateText([], [`"help:../../x": {"id":"a","fileName":"x","size":1}`]));
    expect(found.lines[0]).toMatch(
      /^STATE:7:5 error attachments key "help:..\/..\/x" does not start with <store>:<identity> \(notice or help, 32 hex digits\) \[state\/invalid-key\]/,
    );
  });

  it('refuses list keys of no list kind, and two codes owning one list item', async () => {
    const text = stateText([]).replace(
      '"pending": {}',
      '"lists": {\n    "faqCategory:billing": {"id":7,"payloadHash":"p"},\n    "faqCategory:money": {"id":7,"payloadHash":"p"},\n    "faq:x": {"id":8,"payloadHash":"p"}\n  },\n  "pending": {}',
    );
    const found = await problems(text);
    expect(found.lines).toEqual([
      expect.stringMatching(
        /^STATE:9:5 error lists "faqCategory:billing" and "faqCategory:money" both own FAQ category 7 \[state\/shared-id\]/,
      ),
      expect.stringMatching(
        /^STATE:10:5 error lists key "faq:x" is not <kind>:<code> of a tag, heading or FAQ category \[state\/invalid-key\]/,
      ),
    ]);
  });

  it('positions a JSON syntax error', async () => {
    const found = await problems('{\n  "version": 1,\n  "documents": {\n    "faq/a": {"id": 1,}\n  }\n}\n');
    expect(found.lines[0]).toMatch(/^STATE:4:23 error the state file is damaged: .* \[state\/invalid-json\]/);
  });
});

describe('readState: a git merge conflict (issue 14 case 8)', () => {
  it('says what happened and leads to pull --adopt, not to restoring one side', async () => {
    const text = stateText([`"faq/a": ${entry('faq', 1)}`, `"faq/c": ${entry('faq', 3)}`]).replace(
      `    "faq/c"`,
      `<<<<<<< HEAD\n    "faq/b": ${entry('faq', 2)},\n=======\n    "faq/d": ${entry('faq', 4)},\n>>>>>>> other-runner\n    "faq/c"`,
    );
    const found = await problems(text);
    expect(found.message).toBe('STATE holds an unresolved git merge conflict');
    expect(found.lines).toEqual([
      'STATE:7:1 error git merge conflict marker: two runs recorded documents in this state, and git could not merge them [state/merge-conflict]\n  hint: move the file away (git rm --cached it, or delete it) and run `oc-sync pull --adopt`: it rebuilds the state by matching the remote documents to content/; restoring one side of the merge would forget what the other side created',
    ]);
  });
});
