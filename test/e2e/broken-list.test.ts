import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { oc } from './support/cli.js';
import { type E2eProject, exampleProject, isWrite, startEmulator } from './support/project.js';

/**
 * A YAML list that does not parse is one problem, not one per document using it: `validate` names the file's own
 * error (file:line) once, with how many documents wait on it, and no document's code is called undeclared.
 */

const notice = (i: number) =>
  [
    '---',
    'heading: update',
    `tags: [app${i % 2 ? ', web' : ''}]`,
    'start: 2026-11-20',
    '---',
    '',
    `# 태그 공지 ${i}`,
    '',
    `본문 ${i}.`,
    '',
  ].join('\n');

describe('a broken list file', { timeout: 45_000 }, () => {
  let emulator: Emulator;
  let project: E2eProject;
  beforeAll(async () => {
    emulator = await startEmulator();
    project = exampleProject(emulator);
    for (let i = 1; i <= 5; i++) project.write(`content/notices/2026/tagged-${i}.md`, notice(i));
    // An unclosed flow map on line 4.
    project.write(
      'content/notices/_tags.yaml',
      '- code: app\n  name: { ko: 앱, en: App }\n- code: web\n  name: { ko: 웹, en: Web\n- code: payment\n  name: 결제\n',
    );
  });
  afterAll(async () => {
    project?.[Symbol.dispose]();
    await emulator?.close();
  });

  it('validate: one error, at the file, saying how many documents use it; no "not declared"', async () => {
    const result = await oc(project.root, ['validate']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    const errors = lines.filter((line) => / error /.test(line));
    expect(errors).toEqual([
      expect.stringMatching(/^content\/notices\/_tags\.yaml:5:1 error YAML syntax error: /),
    ]);
    // The 5 notices above, two of the example's and its template.
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}hint: .*; 8 document\(s\) use notice tags from this file: those are checked once it parses$/,
      ),
    );
    expect(result.stdout).not.toContain('not declared');
    // The one warning is the notices above having no English translation, not the list.
    expect(lines.filter((line) => / warning /.test(line))).toEqual([
      expect.stringMatching(/ warning 5 documents have no en translation: .*\[translations\/missing\]$/),
    ]);
    expect(lines.at(-1)).toBe('1 error, 1 warning');
  });

  it('apply: refused before anything is written', async () => {
    emulator.clearRequests();
    const result = await oc(project.root, ['apply', '--yes']);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('content/notices/_tags.yaml:5:1');
    expect(result.stdout + result.stderr).not.toContain('not declared');
    expect(emulator.requests.filter(isWrite)).toEqual([]);
  });

  it('a broken category list: FAQs are not each told their category is undeclared', async () => {
    project.write('content/notices/_tags.yaml', '- code: app\n  name: 앱\n- code: web\n  name: 웹\n');
    project.write('content/faq/_categories.yaml', '- code: account\n  name: [계정\n');
    const result = await oc(project.root, ['validate']);
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((line) => / error /.test(line));
    expect(errors).toEqual([expect.stringMatching(/^content\/faq\/_categories\.yaml:\d+:\d+ error /)]);
    expect(result.stdout).toContain('4 document(s) use FAQ categories from this file');
  });
});
