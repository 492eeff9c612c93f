import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { DesiredDocument, DesiredListItem } from '../../src/content/desired-state.js';
import { emptyDesiredState } from '../../src/content/desired-state.js';
import { escapeHtml, hrefFrom } from '../../src/preview/html.js';
import { displayState, todayIn } from '../../src/preview/period.js';
import { readSite } from '../../src/preview/read-site.js';
import { pagePaths, renderPage } from '../../src/preview/site.js';
import { buildSite } from '../../src/preview/site-model.js';
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
      contents: { ko: { title: `문서 ${i}`, loadBody: () => body, attachments: [] } },
      links: [],
      previously: [],
      sourceHash: '',
      payloadHash: '',
    };
  };
  state.documents = Array.from({ length: count }, (_, i) => document(i));
  return buildSite({
    result: { state, diagnostics: [] },
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
  it('render in well under a second each once the model is built', () => {
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
      const started = performance.now();
      const html = renderPage(site, page, { live: true, day: '2026-06-15' });
      const ms = performance.now() - started;
      expect(html, page).toContain('</html>');
      expect(ms, `${page}: ${ms.toFixed(0)} ms`).toBeLessThan(500);
    }
  });
});
