import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/content/documents.js';
import { renderMarkdown } from '../../src/content/markdown.js';
import { faq } from '../../src/resources/faq.js';

/**
 * Golden rendering tests: `input.md` → `expected.html` (title first, then the HTML). Regenerate on purpose with
 * `UPDATE_GOLDEN=1 npx vitest run test/content/render.test.ts` and review the diff.
 */
const root = new URL('../fixtures/render/', import.meta.url);
const cases = readdirSync(root).sort();

const lookup = {
  languages: ['ko', 'en'],
  timeZone: 'Asia/Seoul',
  keys: new Set(['faq/guide/other', 'faq/account/reset']),
  categories: new Map([
    ['guide', { code: 'guide', names: { ko: '안내' }, order: 0, level: 1, file: '', line: 1 }],
  ]),
  headings: new Map(),
  tags: new Map(),
};

function render(input: string) {
  const text = input.startsWith('---')
    ? input.replace(/^---\n/, '---\ncategory: guide\n')
    : `---\ncategory: guide\n---\n${input}`;
  const parsed = parseDocument(
    faq,
    'faq/guide/input',
    [
      {
        rel: 'faq/guide/input.md',
        file: 'content/faq/guide/input.md',
        language: 'ko',
        isDefault: true,
        text,
      },
    ],
    lookup,
  );
  const content = parsed.document.contents.ko;
  return { parsed, output: `<!-- title: ${content?.title} -->\n${content?.loadBody()}\n` };
}

describe('Markdown rendering (golden)', () => {
  it('has golden cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of cases) {
    it(name, () => {
      const input = readFileSync(new URL(`${name}/input.md`, root), 'utf8');
      const expectedUrl = new URL(`${name}/expected.html`, root);
      const { parsed, output } = render(input);
      expect(parsed.diagnostics).toEqual([]);
      if (process.env.UPDATE_GOLDEN || !existsSync(expectedUrl)) writeFileSync(expectedUrl, output);
      expect(output).toBe(readFileSync(expectedUrl, 'utf8'));
      // Deterministic: rendering again gives the same bytes.
      expect(render(input).output).toBe(output);
    });
  }

  it('records attachments per language in first-use order, with their source positions', () => {
    const input = readFileSync(new URL('attachments-and-links/input.md', root), 'utf8');
    const { parsed } = render(input);
    expect(parsed.document.contents.ko?.attachments).toEqual([
      'faq/guide/forms/refund form.pdf',
      'faq/images/flow.png',
      'faq/guide/screen.png',
    ]);
    expect(parsed.attachmentSites.map((s) => [s.path, s.line])).toEqual([
      ['faq/guide/forms/refund form.pdf', 6],
      ['faq/guide/forms/refund form.pdf', 6],
      ['faq/images/flow.png', 8],
      ['faq/guide/screen.png', 10],
    ]);
    expect(parsed.document.links).toEqual(['faq/account/reset', 'faq/guide/other']);
  });

  it('is the same HTML whatever the resolver sees, for text without links', () => {
    const first = renderMarkdown('A *b* c', {
      bodyLine: 1,
      extractTitle: false,
      resolveUrl: () => undefined,
    });
    expect(first.html).toBe('<p>A <em>b</em> c</p>');
    expect(first.title).toBeUndefined();
  });
});

describe('rendering keeps what the Markdown says (issue #16)', () => {
  const html = (markdown: string) =>
    renderMarkdown(markdown, { bodyLine: 1, extractTitle: false, resolveUrl: () => undefined }).html;

  it('writes raw HTML attribute values as they are written, not as numbers or lists', () => {
    expect(html('<font size="+1">크게</font> <font size="02">둘</font>')).toBe(
      '<p><font size="+1">크게</font> <font size="02">둘</font></p>',
    );
    expect(html('<table border="01"><tr><td colspan="+2" width=" 3">a</td></tr></table>')).toBe(
      '<table border="01"><tbody><tr><td colspan="+2" width=" 3">a</td></tr></tbody></table>',
    );
    expect(html('<map><area coords="1,2,3" href="https://x.example"></map>')).toContain('coords="1,2,3"');
    expect(html('<img src="https://x.example/a.png" srcset="a.png 1x,b.png 2x">')).toContain(
      'srcset="a.png 1x,b.png 2x"',
    );
    // Raw HTML inside a block quote or a list: its lines are not where the file has them, the values still are.
    expect(
      html('> <div>\n> <font size="+1" color="red">a</font>\n> <font size="+2">b</font>\n> </div>'),
    ).toBe(
      '<blockquote>\n<div>\n<font size="+1" color="red">a</font>\n<font size="+2">b</font>\n</div>\n</blockquote>',
    );
    expect(html('- <font size="-1">c</font>')).toBe('<ul>\n<li><font size="-1">c</font></li>\n</ul>');
  });

  it('keeps a blank line that starts a fenced code block, and a newline that starts a textarea or pre', () => {
    expect(html('```\n\nfoo\n```')).toBe('<pre><code>\nfoo\n</code></pre>');
    expect(html('```\n\n\n  bar\n```')).toBe('<pre><code>\n\n  bar\n</code></pre>');
    expect(html('<textarea>\n\nfoo</textarea>')).toBe('<textarea>\n\nfoo</textarea>');
    expect(html('<pre>\n\nfoo</pre>')).toBe('<pre>\n\nfoo</pre>');
  });
});
