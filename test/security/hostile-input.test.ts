import { truncateSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { parseConfigText } from '../../src/config/parse-config.js';
import { parseFrontMatter } from '../../src/content/front-matter.js';
import { parseList } from '../../src/content/lists.js';
import { UserInputError } from '../../src/diagnostics/diagnostic.js';
import { makeProject } from '../support/project.js';
import { expectPrototypeUntouched } from './arbitraries.js';
import { faq, readProject, where } from './support.js';

/** Each hostile input of issue #9 with the exact outcome: a positioned error or a bounded success. */

const laughs = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
  'g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]',
].join('\n');

async function configDiagnostics(text: string | Uint8Array) {
  using project = makeProject({ 'sync.config.yaml': text });
  try {
    const loaded = await loadConfig({ cwd: project.root, env: {} });
    return { loaded, diagnostics: [...loaded.warnings] };
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    return { loaded: undefined, diagnostics: [...error.diagnostics] };
  }
}

describe('huge files', () => {
  it('a 20 MB Markdown file is refused by its size, without being read', async () => {
    const { diagnostics, state } = await readProject(
      { 'content/faq/huge.md': '' },
      {
        // A sparse file of 20 MB of NUL bytes: had it been read, the NUL check would report it instead.
        setup: (root) => truncateSync(path.join(root, 'content/faq/huge.md'), 20 * 1024 * 1024),
      },
    );
    expect(diagnostics.map(where)).toEqual([
      ['content/faq/huge.md', 0, 0, 'error', 'content/file-too-large'],
    ]);
    expect(diagnostics[0]?.message).toBe('the file is 20 MiB; files over 2 MiB are not read');
    expect(state.documents).toEqual([]);
  });

  it('a huge YAML list within the limit parses; over it, a size error names the file', async () => {
    const tags = Array.from({ length: 20_000 }, (_, i) => `- code: tag-${i}\n  name: 태그 ${i}\n`).join('');
    const parsed = parseList('tag', tags, { file: 'content/notices/_tags.yaml', languages: ['ko'] });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.items).toHaveLength(20_000);
    expect(parsed.items.at(-1)).toMatchObject({ code: 'tag-19999', line: 39_999 });

    const big = tags.repeat(6);
    const { diagnostics } = await readProject({ 'content/notices/_tags.yaml': big });
    expect(diagnostics.map(where)).toEqual([
      ['content/notices/_tags.yaml', 0, 0, 'error', 'content/file-too-large'],
    ]);
  });

  it('a config file over 256 KiB is refused', async () => {
    const { diagnostics } = await configDiagnostics(`# ${'x'.repeat(300 * 1024)}\nlanguages: [ko]\n`);
    expect(diagnostics.map(where)).toEqual([['sync.config.yaml', 0, 0, 'error', 'config/file-too-large']]);
  });
});

describe('deep nesting', () => {
  const body = async (markdown: string) =>
    (
      await readProject({ 'content/faq/deep.md': faq('category: billing\ntitle: 깊이', markdown) })
    ).diagnostics.map(where);

  it('10,000 nested blockquotes, lists, emphasis and HTML elements: a positioned error each', async () => {
    expect(await body(`${'>'.repeat(10_000)} x\n`)).toEqual([
      ['content/faq/deep.md', 5, 101, 'error', 'content/too-deep'],
    ]);
    // A list item is two levels of the tree (list and item): 50 of them are 100 levels.
    expect(await body(`${'- '.repeat(10_000)}x\n`)).toEqual([
      ['content/faq/deep.md', 5, 101, 'error', 'content/too-deep'],
    ]);
    expect(await body(`${'> - '.repeat(10_000)}x\n`)).toEqual([
      ['content/faq/deep.md', 5, 135, 'error', 'content/too-deep'],
    ]);
    const indented = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(Math.min(i, 150))}- x`).join('\n');
    expect(await body(indented)).toEqual([['content/faq/deep.md', 102, 197, 'error', 'content/too-deep']]);
    expect(await body(`${'*'.repeat(10_000)}x${'*'.repeat(10_000)}`)).toEqual([
      ['content/faq/deep.md', 5, 1, 'error', 'content/too-deep'],
    ]);
    expect(await body(`${'<div>'.repeat(10_000)}x${'</div>'.repeat(10_000)}`)).toEqual([
      ['content/faq/deep.md', 5, 1, 'error', 'content/too-deep'],
    ]);
    expect(await body(`a ${'<span>'.repeat(10_000)}x`)).toEqual([
      ['content/faq/deep.md', 5, 1539, 'error', 'content/too-deep'],
    ]);
  });

  it('nesting below the parser limits but above the tree limit is refused after parsing', async () => {
    // 60 levels of indented list: each line is within the per-line limit, the tree is 120 levels deep.
    const lines = Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n');
    expect(await body(lines)).toEqual([['content/faq/deep.md', 54, 101, 'error', 'content/too-deep']]);
    // Many separate emphasis markers in one paragraph: quadratic for the parser, refused by count.
    expect(await body(`${'*a '.repeat(4000)}x${' b*'.repeat(4000)}`)).toEqual([
      ['content/faq/deep.md', 5, 15_004, 'error', 'content/too-complex'],
    ]);
    expect(await body(`${'['.repeat(10_000)}x`)).toEqual([
      ['content/faq/deep.md', 5, 5001, 'error', 'content/too-complex'],
    ]);
  });

  it('ordinary nesting renders: 20 levels of lists in quotes, long rules, form lines', async () => {
    const ok = [
      Array.from({ length: 20 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'),
      '> > > > > quoted',
      '*'.repeat(400),
      `Name: ${'_'.repeat(300)}`,
    ].join('\n\n');
    const { diagnostics, state } = await readProject({
      'content/faq/deep.md': faq('category: billing\ntitle: 깊이', ok),
    });
    expect(diagnostics).toEqual([]);
    expect(state.documents[0]?.contents.ko?.loadBody()).toContain('level 19');
  });

  it('deeply nested YAML and JSON flow collections in front matter, lists and config', async () => {
    const flow = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    for (const n of [100, 10_000]) {
      const fm = parseFrontMatter(`---\ntitle: x\ntags: ${flow(n)}\n---\nbody`);
      expect(fm.problems.map((p) => [p.rule, p.position.line])).toEqual([['content/yaml-too-deep', 3]]);
      const json = parseFrontMatter(`---json\n{"title": ${flow(n)}}\n---\nbody`);
      expect(json.problems.map((p) => [p.rule, p.position.line])).toEqual([['content/yaml-too-deep', 2]]);
      const list = parseList('faqCategory', `- code: a\n  name: ${flow(n)}\n`, {
        file: 'c.yaml',
        languages: ['ko'],
      });
      expect(list.diagnostics.map((d) => [d.rule, d.line])).toEqual([['content/yaml-too-deep', 2]]);
      const config = parseConfigText(`languages: ${flow(n)}\n`, { file: 'sync.config.yaml', env: {} });
      expect(config.diagnostics.map((d) => [d.rule, d.line])).toEqual([['config/yaml-too-deep', 1]]);
    }
    const block = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}- `).join('\n');
    const deepBlock = parseList('tag', `${block}x\n`, { file: 't.yaml', languages: ['ko'] });
    expect(deepBlock.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([
      ['content/yaml-too-deep', 65, 65],
    ]);
  });
});

describe('billion laughs', () => {
  it('is stopped at the first alias, with its position, in front matter, lists and config', async () => {
    const fm = parseFrontMatter(`---\n${laughs}\n---\nbody`);
    expect(fm.problems.map((p) => [p.rule, p.position.line, p.position.column])).toEqual([
      ['content/yaml-alias', 3, 8],
    ]);
    expect(fm.problems[0]?.message).toBe(
      'YAML aliases expand to too many values (more than 100 uses of *aliases once expanded)',
    );
    const list = parseList('tag', `- code: a\n  name: b\n  x:\n${laughs.replace(/^/gm, '    ')}\n`, {
      file: 'content/notices/_tags.yaml',
      languages: ['ko'],
    });
    expect(list.diagnostics.map(where)).toEqual([
      ['content/notices/_tags.yaml', 5, 12, 'error', 'content/yaml-alias'],
    ]);
    const { diagnostics } = await configDiagnostics(`${laughs}\n`);
    expect(diagnostics.map(where)).toEqual([['sync.config.yaml', 2, 8, 'error', 'config/yaml-alias']]);
  });

  it('an alias without its anchor is a positioned error, not a crash (regression)', () => {
    const list = parseList('tag', '- code: a\n  name: *nowhere\n', { file: 't.yaml', languages: ['ko'] });
    expect(list.diagnostics.map(where)).toEqual([['t.yaml', 2, 9, 'error', 'content/yaml-alias']]);
    expect(list.diagnostics[0]?.message).toBe('YAML alias *nowhere has no anchor &nowhere before it');
    const fm = parseFrontMatter('---\ntitle: *a\n---\n');
    expect(fm.problems.map((p) => [p.rule, p.position.line, p.position.column])).toEqual([
      ['content/yaml-alias', 2, 8],
    ]);
  });
});

describe('prototype-pollution keys', () => {
  it('__proto__ is refused at its position in front matter, lists (even in name maps) and config', async () => {
    const { diagnostics } = await readProject({
      'content/faq/a.md': faq('category: billing\n__proto__: {polluted: yes}'),
      'content/notices/_tags.yaml': '- code: app\n  name: {__proto__: {en: Injected}, ko: 앱}\n',
      'content/notices/_headings.yaml': '- code: maintenance\n  name: 점검\n  __proto__: {polluted: yes}\n',
    });
    expect(diagnostics.map((d) => [...where(d), d.message])).toEqual([
      [
        'content/faq/a.md',
        3,
        1,
        'error',
        'content/reserved-key',
        'the key __proto__ is not allowed: __proto__ is reserved in JavaScript',
      ],
      [
        'content/notices/_headings.yaml',
        3,
        3,
        'error',
        'content/reserved-key',
        'the key [0].__proto__ is not allowed: __proto__ is reserved in JavaScript',
      ],
      [
        'content/notices/_tags.yaml',
        2,
        10,
        'error',
        'content/reserved-key',
        'the key [0].name.__proto__ is not allowed: __proto__ is reserved in JavaScript',
      ],
    ]);
    const config = await configDiagnostics('environments:\n  __proto__: {emulator: true}\n');
    expect(config.diagnostics.map(where)).toEqual([
      ['sync.config.yaml', 2, 3, 'error', 'config/reserved-key'],
    ]);
    expectPrototypeUntouched();
  });

  it('constructor and prototype are ordinary unknown keys, or dropped where any key is taken', async () => {
    const { diagnostics, state } = await readProject({
      'content/faq/a.md': faq('category: billing\nconstructor: {prototype: {polluted: yes}}'),
      'content/notices/_tags.yaml': '- code: app\n  name: {constructor: x, ko: 앱}\n  prototype: x\n',
    });
    expect(diagnostics.map((d) => [...where(d), d.message])).toEqual([
      ['content/faq/a.md', 3, 1, 'error', 'content/unknown-key', 'constructor is not a known key'],
      [
        'content/notices/_tags.yaml',
        3,
        3,
        'error',
        'content/unknown-key',
        '[0].prototype is not a known key',
      ],
    ]);
    const names = parseList('tag', '- code: app\n  name: {constructor: x, ko: 앱}\n', {
      file: 't.yaml',
      languages: ['ko', 'en'],
    }).items[0]?.names;
    expect(names).toEqual({ ko: '앱' });
    expect(Object.getPrototypeOf(names)).toBe(Object.prototype);
    expect(state.tags).toEqual([]);
    const config = await configDiagnostics('sync: {constructor: 1}\n');
    expect(config.diagnostics.map((d) => [...where(d), d.message])).toEqual([
      ['sync.config.yaml', 1, 8, 'error', 'config/unknown-key', 'sync.constructor is not a known key'],
    ]);
    expectPrototypeUntouched();
  });
});

describe('control characters, invalid UTF-8, BOMs and CRLF', () => {
  it('a NUL is an error at its position; other control characters a warning', async () => {
    const { diagnostics, state } = await readProject({
      'content/faq/a.md': faq('category: billing', '# 질문\n\n답\u0000변\n'),
      'content/faq/b.md': faq('category: billing', '# 질문\n\n벨\u0007소리\n'),
      'content/notices/_tags.yaml': '- code: app\n  name: "앱\u0000"\n',
    });
    expect(diagnostics.map(where)).toEqual([
      ['content/faq/a.md', 6, 2, 'error', 'content/control-character'],
      ['content/faq/b.md', 6, 2, 'warning', 'content/control-character'],
      ['content/notices/_tags.yaml', 2, 11, 'error', 'content/control-character'],
    ]);
    expect(diagnostics[1]?.message).toBe('invisible control character U+0007');
    // The warning does not stop the document: the character is kept, as written.
    expect(state.documents.find((d) => d.key === 'faq/b')?.contents.ko?.loadBody()).toBe(
      '<p>벨\u0007소리</p>',
    );
    const config = await configDiagnostics('languages: [ko]\u0000\n');
    expect(config.diagnostics.map(where)).toEqual([
      ['sync.config.yaml', 1, 16, 'error', 'config/control-character'],
    ]);
  });

  it('invalid UTF-8 is an error at the first bad byte (not silent U+FFFD), in Markdown, lists and config', async () => {
    const bytes = (...parts: (string | number[])[]) =>
      Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    const { diagnostics, state } = await readProject({
      // A real U+FFFD before the bad bytes must not be mistaken for them.
      'content/faq/a.md': bytes(
        faq('category: billing', '# 질문\n\n\uFFFD ok '),
        [0xc0, 0x80],
        ' overlong\n',
      ),
      'content/faq/b.md': bytes(faq('category: billing', '# 질문\n\n'), [0xed, 0xa0, 0x80], ' surrogate\n'),
      'content/faq/_categories.yaml': bytes('- code: billing\n  name: ', [0xb0, 0xe1], '\n'),
    });
    expect(diagnostics.map(where)).toEqual([
      ['content/faq/_categories.yaml', 2, 9, 'error', 'content/not-utf8'],
      ['content/faq/a.md', 6, 6, 'error', 'content/not-utf8'],
      ['content/faq/b.md', 6, 1, 'error', 'content/not-utf8'],
    ]);
    expect(diagnostics[1]?.hint).toContain('the first bad bytes are c0 80');
    expect(state.documents).toEqual([]);
    const config = await configDiagnostics(bytes('languages: [k', [0xff], ']\n'));
    expect(config.diagnostics.map(where)).toEqual([['sync.config.yaml', 1, 14, 'error', 'config/not-utf8']]);
  });

  it('BOMs and CRLF line ends read like plain LF files, with the same positions', async () => {
    const crlf = (text: string) => text.replaceAll('\n', '\r\n');
    const { diagnostics, state } = await readProject({
      'content/faq/a.md': `\uFEFF${crlf(faq('category: billing\ntitle: 제목', '본문 *강조*\n'))}`,
      'content/faq/b.md': crlf(faq('category: billing\npinned: "yes"')),
      'content/notices/_tags.yaml': `\uFEFF${crlf('- code: app\n  name: 앱\n')}`,
    });
    expect(diagnostics.map(where)).toEqual([['content/faq/b.md', 3, 9, 'error', 'content/invalid-value']]);
    const a = state.documents.find((d) => d.key === 'faq/a');
    expect(a?.contents.ko?.title).toBe('제목');
    expect(a?.contents.ko?.loadBody()).toBe('<p>본문 <em>강조</em></p>');
    const config = await configDiagnostics(`\uFEFF${crlf('languages: [ko, en]\ntimeZone: Asia/Seoul\n')}`);
    expect(config.diagnostics).toEqual([]);
    expect(config.loaded?.config.languages).toEqual(['ko', 'en']);
  });
});

describe('regressions found by the property tests', () => {
  it('a syntax error after an unfinished line points into the right line (the parser lost count of lines)', () => {
    const list = parseList('tag', ' \t- _: \n- 0\n    - title: ', { file: 't.yaml', languages: ['ko'] });
    // The last error is on line 3 (`    - title: `, 13 characters); it was reported on line 2, column 16.
    expect(list.diagnostics.map((d) => [d.line, d.column])).toEqual([
      [1, 2],
      [2, 1],
      [2, 3],
      [3, 12],
    ]);
    const fm = parseFrontMatter('---\n    title:\n- \ud800\n      title:\n---\n');
    expect(fm.problems.map((p) => [p.position.line, p.position.column])).toEqual([
      [3, 1],
      [3, 3],
      [4, 12],
    ]);
  });
});
