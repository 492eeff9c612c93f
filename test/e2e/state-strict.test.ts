import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { oc, said } from './support/cli.js';
import { type E2eProject, exampleProject, isWrite, startEmulator } from './support/project.js';

/**
 * Issue 14, cases 8 (half) and 10, through the built CLI: a state file that a merge or a hand edit broke stops plan
 * and apply before any remote call could duplicate or take over a document, with the file position and the way out.
 */

const open: (Emulator | E2eProject)[] = [];
afterEach(async () => {
  for (const thing of open.splice(0)) {
    if ('close' in thing) await thing.close();
    else thing[Symbol.dispose]();
  }
});

/** The example content applied once: a state with every kind in it. */
async function applied(): Promise<{ emulator: Emulator; project: E2eProject; lines: string[] }> {
  const emulator = await startEmulator();
  const project = exampleProject(emulator);
  open.push(emulator, project);
  const first = await oc(project.root, ['apply']);
  expect(first.code, said(first)).toBe(0);
  emulator.requests.splice(0);
  return { emulator, project, lines: project.stateText().split('\n') };
}

describe('a state file broken by a merge or by hand', () => {
  it('a git conflict says so and leads to pull --adopt, which rebuilds the state without a create', async () => {
    const { emulator, project, lines } = await applied();
    const firstFaq = lines.findIndex((line) => line.startsWith('    "faq/'));
    // The other runner's side: the same document under another id (it created its own copy).
    const theirs = (lines[firstFaq] as string).replace(/"id":\d+/, '"id":999999');
    const conflicted = [
      ...lines.slice(0, firstFaq),
      '<<<<<<< HEAD',
      lines[firstFaq],
      '=======',
      theirs,
      '>>>>>>> ci-runner',
      ...lines.slice(firstFaq + 1),
    ];
    project.write('.oc-sync/state/e2e.json', conflicted.join('\n'));

    for (const command of [['plan'], ['apply', '--yes']]) {
      const refused = await oc(project.root, command);
      const text = said(refused);
      expect(refused.code, text).toBe(1);
      expect(text).toContain('.oc-sync/state/e2e.json holds an unresolved git merge conflict');
      expect(text).toContain(
        `.oc-sync/state/e2e.json:${firstFaq + 1}:1 error git merge conflict marker: two runs recorded documents in this state, and git could not merge them [state/merge-conflict]`,
      );
      expect(text).toContain('run `oc-sync pull --adopt`');
      expect(text).not.toContain('not valid JSON');
    }
    expect(emulator.requests.filter(isWrite)).toEqual([]);

    project.remove('.oc-sync/state/e2e.json');
    const adopted = await oc(project.root, ['pull', '--adopt']);
    expect(adopted.code, said(adopted)).toBe(0);
    const plan = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(plan.code, said(plan)).toBe(0);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(emulator.requests.filter(isWrite)).toEqual([]);
  });

  it('two keys owning one remote document are an error at read time, not "drifted"', async () => {
    const { emulator, project, lines } = await applied();
    const faqs = lines
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.startsWith('    "faq/'));
    const [first, second] = faqs as [{ line: string; index: number }, { line: string; index: number }];
    const firstId = /"id":(\d+)/.exec(first.line)?.[1];
    const edited = [...lines];
    edited[second.index] = second.line.replace(/"id":\d+/, `"id":${firstId}`);
    project.write('.oc-sync/state/e2e.json', edited.join('\n'));
    const firstKey = JSON.parse(`{${first.line.replace(/,$/, '')}}`);
    const secondKey = JSON.parse(`{${second.line.replace(/,$/, '')}}`);

    const plan = await oc(project.root, ['plan']);
    const text = said(plan);
    expect(plan.code, text).toBe(1);
    expect(text).toContain(
      `.oc-sync/state/e2e.json:${second.index + 1}:5 error documents ${JSON.stringify(Object.keys(firstKey)[0])} and ${JSON.stringify(Object.keys(secondKey)[0])} both own FAQ ${firstId} [state/shared-id]`,
    );
    expect(text).not.toContain('drifted');
    expect(emulator.requests.filter(isWrite)).toEqual([]);
  });

  it('a template under a notice key, a duplicated key and __proto__ are each reported at their line', async () => {
    const { emulator, project, lines } = await applied();
    const template = lines.findIndex((line) => line.startsWith('    "templates/'));
    const edited = [...lines];
    edited[template] = (lines[template] as string).replace('"templates/', '"notices/');
    const faq = lines.findIndex((line) => line.startsWith('    "faq/'));
    edited.splice(
      faq + 1,
      0,
      lines[faq] as string,
      (lines[faq] as string).replace(/^ {4}"[^"]+"/, '    "__proto__"'),
    );
    project.write('.oc-sync/state/e2e.json', edited.join('\n'));
    const plan = await oc(project.root, ['plan']);
    const text = said(plan);
    expect(plan.code, text).toBe(1);
    expect(text).toContain(`.oc-sync/state/e2e.json:${faq + 2}:5 error "documents" → `);
    expect(text).toContain('[state/duplicate-key]');
    expect(text).toContain(
      `.oc-sync/state/e2e.json:${faq + 3}:5 error the key "documents" → "__proto__" is not allowed`,
    );
    expect(emulator.requests.filter(isWrite)).toEqual([]);

    // With the duplicate and __proto__ gone, the kind/folder mismatch is what remains.
    edited.splice(faq + 1, 2);
    project.write('.oc-sync/state/e2e.json', edited.join('\n'));
    const again = await oc(project.root, ['plan']);
    expect(again.code, said(again)).toBe(1);
    expect(said(again)).toMatch(
      /\.oc-sync\/state\/e2e\.json:\d+:5 error documents key "notices\/[^"]+" cannot be a notice template key: it is not inside templates\/ \[state\/invalid-key\]/,
    );
  });
});
