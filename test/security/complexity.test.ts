import { describe, expect, it } from 'vitest';
import { MAX_TABLE_CELLS } from '../../src/content/markdown-limits.js';
import { faq, readProject, where } from './support.js';

/**
 * Markdown inside the size limit whose parsing cost explodes (issue 14, case 13): each was minutes and gigabytes
 * before the document budgets; now each is refused at once with a positioned error, and ordinary large documents
 * still render. Inputs are at the size limit so that a regression runs far past the test timeout. (Speed itself is
 * measured outside the tests: see the report of the change.)
 */

/** Fills about `bytes` with `line`, one per line. */
const fill = (line: string, bytes: number) =>
  Array.from({ length: Math.floor(bytes / (line.length + 1)) }, () => line).join('\n');
const NEAR_LIMIT = 1.9 * 1024 * 1024;
const table = (columns: number, rows: number) =>
  [
    `|${Array.from({ length: columns }, (_, i) => `h${i}`).join('|')}|`,
    `|${Array(columns).fill('-').join('|')}|`,
    ...Array.from({ length: rows }, () => `|${Array(columns).fill('a').join('|')}|`),
  ].join('\n');

const body = async (markdown: string) =>
  (await readProject({ 'content/faq/big.md': faq('category: billing\ntitle: 큰 문서', markdown) }))
    .diagnostics;

describe('Markdown that is slow to parse', { timeout: 20_000 }, () => {
  // The body starts on line 5 of the file (front matter, then a blank line).
  it.each([
    ['`> - ` ×49 on every line (was > 400 s)', fill(`${'> - '.repeat(49)}x`, NEAR_LIMIT), 5, 135, 'too-deep'],
    [
      'quotes 99 deep on every line (was 33 s / 2.1 GB)',
      fill(`${'>'.repeat(99)} x`, NEAR_LIMIT),
      5,
      101,
      'too-deep',
    ],
    ['quotes 98 deep on every line', fill(`${'>'.repeat(98)} x`, NEAR_LIMIT), 515, 1, 'too-complex'],
    ['one quoted paragraph of 2 MB', fill('> x', NEAR_LIMIT), 5_005, 1, 'too-complex'],
    ['quoted paragraphs of one line each', fill('> x\n>', NEAR_LIMIT), 50_005, 1, 'too-complex'],
    ['one paragraph of 2 MB (was 57 s)', fill('word word word', NEAR_LIMIT), 5_005, 1, 'too-complex'],
    ['a list of one-word items', fill('- x', NEAR_LIMIT), 10_005, 1, 'too-complex'],
    [
      '`[a`×1000 + `](u)`×1000 in every paragraph (was 102 s)',
      fill(`${'[a'.repeat(1000)}${'](u)'.repeat(1000)}\n`, NEAR_LIMIT),
      19,
      5_645,
      'too-complex',
    ],
    ['a 500-column table (was 93 s / 3.8 GB)', table(500, 1_900), 25, 1, 'too-complex'],
    ['a 5-column table of 2 MB', table(5, 160_000), 2_005, 1, 'too-complex'],
  ])('%s: refused where the budget runs out', async (_name, markdown, line, column, rule) => {
    const found = await body(markdown);
    expect(found.map(where)).toEqual([['content/faq/big.md', line, column, 'error', `content/${rule}`]]);
    expect(found[0]?.message).toMatch(/more than|too many|too much/);
  });

  it('ordinary large documents inside the budgets render', async () => {
    // Small enough to parse quickly on a busy machine; each construct well past what an article holds.
    const parts = [
      table(10, 100),
      fill('> quoted line', 20_000),
      Array.from({ length: 300 }, (_, i) => `- item ${i}\n  - sub item ${i}`).join('\n'),
      Array.from({ length: 200 }, (_, i) => `[link ${i}](https://example.com/${i}) [[${i}]]`).join('\n'),
      `${'[a'.repeat(500)}${'](https://example.com/)'.repeat(500)}`,
    ];
    const { diagnostics, state } = await readProject({
      'content/faq/big.md': faq('category: billing\ntitle: 큰 문서', parts.join('\n\n')),
    });
    expect(diagnostics).toEqual([]);
    const html = state.documents[0]?.contents.ko?.loadBody() ?? '';
    expect(html.match(/<td>/g)).toHaveLength(1_000);
    expect(html).toContain('sub item 299');
    expect(1_000).toBeLessThan(MAX_TABLE_CELLS);
  });
});
