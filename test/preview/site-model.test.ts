import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { DesiredDocument, DesiredListItem } from '../../src/content/desired-state.js';
import { emptyDesiredState } from '../../src/content/desired-state.js';
import { escapeHtml, hrefFrom } from '../../src/preview/html.js';
import { displayState, todayIn } from '../../src/preview/period.js';
import { readSite } from '../../src/preview/read-site.js';
import { pagePaths, renderPage } from '../../src/preview/site.js';
import { buildSite } from '../../src/preview/site-model.js';
import { attachPlan } from '../../src/preview/site-plan.js';
import type { Plan } from '../../src/sync/plan.js';
import { previewProject } from './support.js';

/** The preview's pure parts: escaping, relative links, display states, and page renders over a large model. */

const period = { start: 'startDt', end: 'endDt', display: 'displayDt' };

describe('preview helpers', () => {
  it('escapes text and attribute values with one function', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('links pages relatively, so the static copy works from file://', () => {
    expect(hrefFrom('ko/faq/billing/refund.html', 'ko/index.html')).toBe('../../index.html');
    expect(hrefFrom('ko/index.html', 'en/index.html')).toBe('../en/index.html');
    expect(hrefFrom('ko/index.html', 'ko/index.html')).toBe('index.html');
    expect(hrefFrom('ko/index.html', 'files/a b#?.pdf')).toBe('../files/a%20b%23%3F.pdf');
  });

  it('tells upcoming, shown and ended apart on a day, in the service time zone', () => {
    const fields = { startDt: '20261201090000', endDt: '20261203060000', displayDt: '' };
    expect(displayState(fields, period, '2026-11-30')).toBe('upcoming');
    expect(displayState(fields, period, '2026-12-01')).toBe('shown');
    expect(displayState(fields, period, '2026-12-03')).toBe('shown');
    expect(displayState(fields, period, '2026-12-04')).toBe('ended');
    expect(displayState({ startDt: '20200101000000', endDt: '' }, period, '2099-01-01')).toBe('shown');
    expect(todayIn('Asia/Seoul', new Date('2026-12-03T16:00:00Z'))).toBe('2026-12-04');
  });
});

function largeSite(count: number) {
  const state = emptyDesiredState(['ko', 'en']);
  const categories: DesiredListItem[] = [];
  for (let a = 0; a < 10; a++) {
    categories.push({
      code: `c${a}`,
      names: { ko: `분류 ${a}`, en: `Topic ${a}` },
      order: a,
      level: 1,
      file: 'x',
      line: a + 1,
    });
    for (let b = 0; b < 10; b++)
      categories.push({
        code: `c${a}-${b}`,
        names: { ko: `세부 ${a}-${b}` },
        order: b,
        level: 2,
        parentCode: `c${a}`,
        file: 'x',
        line: 1,
      });
  }
  state.categories = categories;
  const body = '<p>본문 <a href="oc-sync:document/faq/d1">링크</a></p>'.repeat(20);
  const document = (i: number): DesiredDocument => {
    const faq = i % 2 === 0;
    const key = faq ? `faq/d${i}` : `notices/2026/n${i}`;
    return {
      kind: faq ? 'faq' : 'notice',
      key,
      files: { ko: `content/${key}.md` },
      fields: faq
        ? { status: 'O', categoryCode: `c${i % 10}-${i % 7}`, isRecommend: i % 500 === 0, isTop: false }
        : {
            status: 'O',
            headingCode: 'h',
            tagCodes: [],
            isTop: i % 1000 === 1,
            startDt: `2026${String((i % 12) + 1).padStart(2, '0')}01000000`,
            endDt: '',
            displayDt: '',
          },
      contents: { ko: { title: `문서 ${i}`, loadBody: () => body, attachments: [], textHash: '' } },
      links: [],
      previously: [],
      sourceHash: '',
      payloadHash: '',
    };
  };
  state.documents = Array.from({ length: count }, (_, i) => document(i));
  return buildSite({
    result: { state, diagnostics: [], orphans: [] },
    languages: ['ko', 'en'],
    timeZone: 'Asia/Seoul',
    projectRoot: '/p',
    contentDir: '/p/content',
  });
}

describe('the site model', () => {
  it('is rebuilt through the render cache: only the changed file is parsed again', async () => {
    using project = previewProject();
    const loaded = await loadConfig({ cwd: project.root, env: {} });
    const parsed: string[] = [];
    const first = await readSite(loaded, project.root, { onParse: (file) => parsed.push(file) });
    expect(parsed.length).toBe(first.state.documents.length);
    parsed.length = 0;
    const file = 'content/faq/account/reset-password.md';
    project.write(file, project.read(file).replace('# 비밀번호를 잊어버렸어요', '# 바뀐 제목'));
    const second = await readSite(loaded, project.root, { onParse: (name) => parsed.push(name) });
    expect(parsed).toEqual([file]);
    expect(second.version).not.toBe(first.version);
    expect(second.documents.get('faq/account/reset-password')?.document?.contents.ko?.title).toBe(
      '바뀐 제목',
    );
  });
});

describe('pages of a 10,000-document help center', () => {
  // How fast a page is served is measured by the benchmark (`npm run bench`, scenario 7), not here.
  it('render from one model: the home page, a section, a category, a document, in every language', () => {
    const site = largeSite(10_000);
    const pages = pagePaths(site);
    expect(pages.length).toBeGreaterThan(20_000);
    for (const page of [
      'ko/index.html',
      'en/faq/index.html',
      'ko/notices/index.html',
      'ko/faq/_category/c3.html',
      'en/faq/d42.html',
    ]) {
      expect(pages, page).toContain(page);
      const html = renderPage(site, page, { live: true, day: '2026-06-15' });
      expect(html, page).toContain('</html>');
      expect(html, page).toContain(`lang="${page.slice(0, 2)}"`);
    }
  });
});

describe('the plan in the site (oc-sync preview --env)', () => {
  const view = (title: string, html: string) => ({
    fields: { status: 'O' },
    contents: { ko: { title, html, attachments: [] } },
  });
  const plan = {
    changes: [
      {
        action: 'update',
        kind: 'faq',
        key: 'faq/d0',
        remoteId: 1,
        changedFields: ['contents.ko.body'],
        payloadHash: '',
        before: view(
          '문서 0',
          '<p>옛 <b>본문</b> <a href="oc-sync:document/faq/d2">링크</a></p><script>x()</script>',
        ),
        after: view('문서 0', '<p>새 본문</p>'),
      },
      {
        action: 'move',
        kind: 'faq',
        key: 'faq/d8',
        previousKey: 'faq/old-d8',
        remoteId: 8,
        changedFields: [],
        payloadHash: '',
        reason: 'renamed from faq/old-d8',
        before: view('문서 8', '<p>같은 본문</p>'),
        after: view('문서 8', '<p>같은 본문</p>'),
      },
      {
        action: 'create',
        kind: 'faq',
        key: 'faq/d2',
        changedFields: [],
        payloadHash: '',
        hold: 'exists-unmanaged',
        reason: 'the service has FAQ 7 "<문서 2>"',
      },
      {
        action: 'delete',
        kind: 'faq',
        key: 'faq/gone',
        remoteId: 9,
        title: '<지운 문서>',
        changedFields: [],
        hold: 'prune-off',
      },
      { action: 'noop', kind: 'faq', key: 'faq/d4', remoteId: 4, changedFields: [], payloadHash: '' },
      {
        action: 'update',
        kind: 'tag',
        key: 'faq/d6',
        remoteId: 5,
        changedFields: [],
        payloadHash: '',
        after: { code: 'x', names: {} },
      },
    ],
    unmanaged: [],
    summary: {
      create: 0,
      update: 1,
      delete: 0,
      move: 0,
      noop: 1,
      drifted: 0,
      conflicts: 0,
      notDeleted: 1,
      notCreated: 1,
    },
    warnings: [],
  } as unknown as Plan;
  const site = attachPlan(largeSite(10), { environment: 'alpha', plan });
  const render = (page: string) => renderPage(site, page, { live: false, day: '2026-06-15' }) ?? '';

  it('badges documents, lists the deletes on their section page, and exports a compare page per changed one', () => {
    expect(render('ko/faq/d0.html')).toContain('<span class="badge plan plan-changed">changed</span>');
    expect(render('ko/faq/d0.html')).toContain(
      'href="../_compare/faq/d0.html" class="badge compare">compare</a>',
    );
    const held = render('ko/faq/d2.html');
    expect(held).toContain('>new</span>');
    expect(held).toContain(
      'title="not created: the service has FAQ 7 &quot;&lt;문서 2&gt;&quot; (take it over',
    );
    expect(held).toContain('Not applied to alpha:');
    const moved = render('ko/faq/d8.html');
    expect(moved).toContain('title="renamed from faq/old-d8">moved</span>');
    expect(moved).toContain('Moved from <code>faq/old-d8</code>.');
    expect(render('ko/_compare/faq/d8.html')).toContain('No difference in what readers see.');
    // A no-op, and a list item's change that shares a document key, badge nothing.
    expect(render('ko/faq/d4.html')).not.toContain('badge plan');
    expect(render('ko/faq/d6.html')).not.toContain('badge plan');
    const section = render('ko/faq/index.html');
    expect(section).toContain('<h2>To be deleted</h2>');
    expect(section).toContain(
      '<code>faq/gone</code> <span class="meta">&quot;&lt;지운 문서&gt;&quot;</span>',
    );
    expect(section).toContain('title="not deleted (prune is off)">held</span>');
    expect(render('en/index.html')).toContain(
      'Against <strong>alpha</strong>: Plan: 0 to create, 1 to update',
    );
    const pages = pagePaths(site);
    expect(pages.filter((p) => p.includes('_compare/'))).toEqual([
      'ko/_compare/faq/d0.html',
      'ko/_compare/faq/d8.html',
      'en/_compare/faq/d0.html',
      'en/_compare/faq/d8.html',
    ]);
    expect(render('ko/_compare/faq/d2.html')).toBe('');
  });

  it('compares the two renderings in sandboxed frames, placeholders made preview links, the diff escaped', () => {
    const html = render('ko/_compare/faq/d0.html');
    const frames =
      html.match(/<iframe class="body-frame"[^>]*sandbox="allow-same-origin allow-popups/g) ?? [];
    expect(frames).toHaveLength(2);
    expect(html).not.toContain('allow-scripts');
    // The service's link placeholder is a link inside the preview; its script sits only in the frame's srcdoc.
    expect(html).toContain('href=&quot;../../faq/d2.html&quot;');
    expect(html).not.toContain('<script>x()</script>');
    expect(html).toContain('<strong>body (ko)</strong>:<pre class="diff">');
    expect(html).toContain('<span class="diff-del">- 옛 **본문** [링크](./d2.md)</span>');
    expect(html).toContain('<span class="diff-add">+ 새 본문</span>');
    expect(html).not.toContain('class="badge compare"');
  });
});
