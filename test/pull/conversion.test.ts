import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { compareHtml, htmlFingerprint, sameHtml } from '../../src/content/dom-equivalence.js';
import { renderMarkdown } from '../../src/content/markdown.js';
import { type BlockForm, convertHtml, NO_PARAGRAPH } from '../../src/pull/html-to-markdown.js';
import { generateEditorHtml } from './support/editor-corpus.js';
import { editorFixtures } from './support/pull-rig.js';

/** Issue #6: the HTML → Markdown conversion and the equivalence it is held to. */

const render = (markdown: string) =>
  renderMarkdown(markdown, { bodyLine: 1, extractTitle: false, resolveUrl: () => undefined }).html;

describe('DOM equivalence', () => {
  it('ignores whitespace a browser does not show, and attribute order', () => {
    expect(sameHtml('<p>a  b\n c</p>', '<p>a b c</p>')).toBe(true);
    expect(sameHtml('<ul>\n  <li> a </li>\n</ul>', '<ul><li>a</li></ul>')).toBe(true);
    expect(sameHtml('<p>a<br>\nb</p>', '<p>a<br>b</p>')).toBe(true);
    expect(sameHtml('<p><b>a </b> b</p>', '<p><b>a </b>b</p>')).toBe(true);
    expect(sameHtml('<img src="x" alt="y">', '<img alt="y" src="x">')).toBe(true);
    expect(sameHtml('<pre><code>x\n</code></pre>', '<pre><code>x</code></pre>')).toBe(true);
  });

  it('keeps everything else: no-break spaces, code and pre whitespace, tags, attributes, comments', () => {
    expect(sameHtml('<p>a&nbsp;b</p>', '<p>a b</p>')).toBe(false);
    expect(sameHtml('<pre>a  b</pre>', '<pre>a b</pre>')).toBe(false);
    expect(sameHtml('<p><code>a  b</code></p>', '<p><code>a b</code></p>')).toBe(false);
    expect(sameHtml('<p><b>a</b></p>', '<p><strong>a</strong></p>')).toBe(false);
    expect(sameHtml('<p>a</p>', '<p style="x">a</p>')).toBe(false);
    expect(sameHtml('a', '<p>a</p>')).toBe(false);
    expect(sameHtml('<p>a<!-- c --></p>', '<p>a</p>')).toBe(false);
    expect(compareHtml('<p>a <b>b</b></p>', '<p>a <i>b</i></p>')).toMatchObject({
      same: false,
      at: '/p[0]/b[1]',
    });
  });

  it('fingerprints fragments exactly as it compares them', () => {
    const pairs = [
      ['<p>a  b\n c</p>', '<p>a b c</p>'],
      ['<img src="x" alt="y">', '<img alt="y" src="x">'],
      ['<pre><code>x\n</code></pre>', '<pre><code>x</code></pre>'],
      ['<p>a&nbsp;b</p>', '<p>a b</p>'],
      ['<p><b>a</b></p>', '<p><strong>a</strong></p>'],
      ['<p>a</p>', '<p style="x">a</p>'],
      ['a', '<p>a</p>'],
      ['<p>a<!-- c --></p>', '<p>a</p>'],
      ['<p>a</p><p>b</p>', '<p>ab</p>'],
      ['<template><b>x</b></template>', '<template><i>x</i></template>'],
      ['<p>a</p>b', '<p>ab</p>'],
    ] as const;
    for (const [a, b] of pairs) {
      expect(htmlFingerprint(a) === htmlFingerprint(b), `${a} ~ ${b}`).toBe(sameHtml(a, b));
    }
  });
});

describe('HTML → Markdown', () => {
  it('writes what Markdown can say as Markdown', () => {
    const html =
      '<h2>제목</h2><p>한국어 <strong>굵게</strong>와 <a href="https://x.example/a">링크</a></p><ul><li>하나</li><li>둘<ul><li>셋</li></ul></li></ul><table><thead><tr><th>a</th><th align="right">b</th></tr></thead><tbody><tr><td>1</td><td align="right">2</td></tr></tbody></table><pre><code class="language-js">let a = 1;\n\nlet b = 2;</code></pre>';
    const result = convertHtml(html);
    expect(result.exact).toBe(true);
    expect(result.blocks).toEqual(['markdown', 'markdown', 'markdown', 'markdown', 'markdown']);
    expect(result.markdown).toBe(
      '## 제목\n\n한국어 **굵게**와 [링크](https://x.example/a)\n\n- 하나\n- 둘\n  - 셋\n\n| a |  b |\n| - | -: |\n| 1 |  2 |\n\n```js\nlet a = 1;\n\nlet b = 2;\n```\n',
    );
  });

  it('keeps inline what Markdown cannot say as inline HTML, and no-break spaces visible', () => {
    const result = convertHtml(
      '<p><span style="color:red">빨강</span>&nbsp;<b>b</b> <a href="https://x.example" target="_blank">새 창</a></p>',
    );
    expect(result).toMatchObject({ exact: true, blocks: ['markdown'] });
    expect(result.markdown).toBe(
      '<span style="color:red">빨강</span>&nbsp;<b>b</b> <a href="https://x.example" target="_blank">새 창</a>\n',
    );
  });

  it('writes emphasis that CommonMark would not close next to Korean as HTML, not as character references', () => {
    const result = convertHtml('<p>환불은 <strong>7일 이내.</strong>입니다.</p>');
    expect(result).toMatchObject({ exact: true, markdown: '환불은 <strong>7일 이내.</strong>입니다.\n' });
  });

  it('keeps a styled wrapper as HTML lines around Markdown', () => {
    const result = convertHtml('<div class="box"><p>하나</p><p>둘 <em>셋</em></p></div>');
    expect(result).toMatchObject({ exact: true, blocks: ['wrapper-html'] });
    expect(result.markdown).toBe('<div class="box">\n\n하나\n\n둘 *셋*\n\n</div>\n');
  });

  it('keeps raw HTML whole: no blank line ends it early, and text outside any block stays outside', () => {
    const result = convertHtml('<div style="x"><pre>a\n\n\nb</pre><p>c</p>d</div>첫 줄<br>\n\n둘째 줄');
    expect(result.exact).toBe(true);
    expect(result.markdown).toBe(
      `<div style="x"><pre>a&#10;&#10;\nb</pre><p>c</p>d</div>\n\n${NO_PARAGRAPH}\n첫 줄<br>\n둘째 줄\n`,
    );
    expect(render(result.markdown)).not.toContain('<p>첫');
    // A lone <pre> is an HTML block that only its end tag ends, so it keeps its blank lines as they are.
    expect(convertHtml('<pre style="x">a\n\nb</pre>').markdown).toBe('<pre style="x">a\n\nb</pre>\n');
  });

  it('writes a GFM task list, as content renders it, back as a task list', () => {
    const html =
      '<ul class="contains-task-list">\n<li class="task-list-item"><input type="checkbox" checked disabled> 신용카드</li>\n<li class="task-list-item"><input type="checkbox" disabled> 해외 카드</li>\n</ul>';
    expect(convertHtml(html)).toMatchObject({ exact: true, markdown: '- [x] 신용카드\n- [ ] 해외 카드\n' });
  });

  it('converts what the content renderer produced (the golden rendering fixtures) exactly', () => {
    const dir = fileURLToPath(new URL('../fixtures/render/', import.meta.url));
    const cases = readdirSync(dir);
    expect(cases.length).toBeGreaterThan(5);
    for (const name of cases) {
      const html = readFileSync(path.join(dir, name, 'expected.html'), 'utf8');
      const result = convertHtml(html);
      expect(result.exact, name).toBe(true);
      expect(sameHtml(html, render(result.markdown)), name).toBe(true);
    }
  });

  it('rewrites URLs for the file and compares with the URLs as the content reader resolves them', () => {
    const result = convertHtml(
      '<p><a href="https://svc/att/1">파일</a> <img src="https://svc/att/2" width="10"></p>',
      {
        rewriteUrl: (url) => url.replace('https://svc/att/', './file-'),
        resolveUrl: (url) =>
          url.startsWith('./') ? `oc-sync:attachment/faq/${decodeURI(url.slice(2))}` : undefined,
      },
    );
    expect(result.markdown).toBe('[파일](./file-1) <img src="./file-2" width="10">\n');
    expect(result.expected).toBe(
      '<p><a href="oc-sync:attachment/faq/file-1">파일</a> <img src="oc-sync:attachment/faq/file-2" width="10"></p>',
    );
  });
});

/** The conversion the issue names, without the fallback: rehype-parse → rehype-remark → remark-gfm → remark-stringify. */
const plainPipeline = unified()
  .use(rehypeParse, { fragment: true })
  .use(rehypeRemark)
  .use(remarkGfm)
  .use(remarkStringify, { bullet: '-', fences: true, rule: '-' })
  .freeze();

describe('corpus', () => {
  it('renders every editor fixture and a generated corpus back to the same DOM (100%), and reports the rates', () => {
    const fixtures = editorFixtures().map((f) => ({ name: f.name, html: f.html }));
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    const generated = generateEditorHtml(60).map((html, i) => ({ name: `generated-${i}`, html }));
    const rows: {
      corpus: string;
      documents: number;
      plain: number;
      exact: number;
      blocks: Record<BlockForm, number>;
    }[] = [];
    for (const [corpus, documents] of [
      ['fixtures', fixtures],
      ['generated', generated],
    ] as const) {
      const blocks: Record<BlockForm, number> = { markdown: 0, 'inline-html': 0, 'wrapper-html': 0, html: 0 };
      let plain = 0;
      const failed: string[] = [];
      for (const doc of documents) {
        if (sameHtml(doc.html, render(String(plainPipeline.processSync(doc.html))))) plain++;
        const result = convertHtml(doc.html);
        for (const form of result.blocks) blocks[form]++;
        // The file as written renders to the service's DOM: checked independently of the converter's own verdict.
        if (result.exact && sameHtml(doc.html, render(result.markdown))) continue;
        failed.push(`${doc.name}: ${JSON.stringify(result.difference)}`);
      }
      expect(failed, corpus).toEqual([]);
      rows.push({
        corpus,
        documents: documents.length,
        plain,
        exact: documents.length - failed.length,
        blocks,
      });
    }
    for (const row of rows) {
      const rate = (n: number) => `${((n / row.documents) * 100).toFixed(1)}%`;
      const total = Object.values(row.blocks).reduce((a, b) => a + b, 0);
      console.log(
        `${row.corpus}: ${row.documents} documents; same DOM without fallback ${row.plain} (${rate(row.plain)}), with fallback ${row.exact} (${rate(row.exact)}); ${total} blocks: ${row.blocks.markdown} Markdown, ${row.blocks['inline-html']} Markdown with inline HTML, ${row.blocks['wrapper-html']} HTML wrappers, ${row.blocks.html} HTML`,
      );
    }
  });
});

describe('issue #16: attribute values as strings, whitespace that shows', () => {
  it('compares attribute values as the strings the HTML wrote (class tokens and booleans may be normalised)', () => {
    expect(compareHtml('<font size="+1">a</font>', '<font size="1">a</font>')).toEqual({
      same: false,
      at: '/font[0]',
      expected: '<font size="+1">',
      actual: '<font size="1">',
    });
    expect(
      sameHtml(
        '<table><tr><td colspan="02">a</td></tr></table>',
        '<table><tr><td colspan="2">a</td></tr></table>',
      ),
    ).toBe(false);
    expect(sameHtml('<area coords="1,2">', '<area coords="1, 2">')).toBe(false);
    expect(sameHtml('<img src="a" width=" 3">', '<img src="a" width="3">')).toBe(false);
    expect(sameHtml('<p class="a  b">x</p>', '<p class="a b">x</p>')).toBe(true);
    expect(sameHtml('<input checked="checked">', '<input checked>')).toBe(true);
    expect(sameHtml('<img src="a" width="3">', '<img width=3 src="a">')).toBe(true);
    expect(htmlFingerprint('<font size="+1">a</font>')).not.toBe(htmlFingerprint('<font size="1">a</font>'));
  });

  it('keeps whitespace inside white-space: pre / pre-wrap / pre-line styles, and a leading textarea newline', () => {
    const wrap = '<div style="white-space: pre-wrap"><p>a</p><p>b</p></div>';
    expect(sameHtml(wrap, '<div style="white-space: pre-wrap"><p>a</p>\n<p>b</p></div>')).toBe(false);
    expect(sameHtml('<div><p>a</p><p>b</p></div>', '<div><p>a</p>\n<p>b</p></div>')).toBe(true);
    expect(
      sameHtml('<p style="white-space:pre-line">a\nb</p>', '<p style="white-space:pre-line">a b</p>'),
    ).toBe(false);
    expect(
      sameHtml(
        '<p>x <span style="white-space:pre">  a</span></p>',
        '<p>x <span style="white-space:pre"> a</span></p>',
      ),
    ).toBe(false);
    expect(sameHtml('<textarea>\n\nx</textarea>', '<textarea>\nx</textarea>')).toBe(false);
  });

  it('writes attribute values and visible whitespace so they render back byte for byte', () => {
    const cases = [
      '<p><font size="+1">한 단계 크게</font> <font size="-1" color="red">작게</font></p>',
      '<table border="01"><tbody><tr><td colspan="02">셀</td></tr></tbody></table>',
      '<div style="white-space: pre-wrap"><p>a</p><p>b</p>\n<p>c   d</p></div>',
      '<div style="white-space:pre-line">줄 하나\n\n  줄 둘</div>',
      '<textarea>\n\n주문 번호:\n\n</textarea>',
      '<p>양식 <textarea>\n\n한 줄</textarea></p>',
      '<pre>\n\n두 줄 띄운 pre</pre><p>끝</p>',
      '<pre><code class="language-sql">\nSELECT 1;\n</code></pre>',
    ];
    for (const html of cases) {
      const result = convertHtml(html);
      expect(result.exact, html).toBe(true);
      expect(compareHtml(html, render(result.markdown)), html).toEqual({ same: true });
    }
    // No newline is added between the blocks of a pre-wrap wrapper: it stays HTML as it was.
    expect(convertHtml(cases[2] as string).markdown).toBe(`${cases[2]}\n`);
    expect(convertHtml(cases[0] as string).markdown).toBe(
      '<font size="+1">한 단계 크게</font> <font size="-1" color="red">작게</font>\n',
    );
    expect(convertHtml(cases[7] as string).markdown).toBe('```sql\n\nSELECT 1;\n```\n');
  });
});
