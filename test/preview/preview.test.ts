import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oc } from '../e2e/support/cli.js';
import type { E2eProject } from '../e2e/support/project.js';
import {
  launchBrowser,
  previewProject,
  type RunningPreview,
  screenshotPath,
  startPreview,
} from './support.js';

/**
 * Issue 19: `oc-sync preview` in a real headless Chromium — the built CLI serving the example content/ plus a few
 * documents of the test's own: navigation across kinds and languages, links inside bodies, a missing translation,
 * scripts in a body kept out of the preview's origin, live reload, problems of a broken file, the static export.
 */

const TRACK = [
  '---',
  'category: orders',
  '---',
  '',
  '# 주문을 추적하려면',
  '',
  '[비밀번호 재설정](../account/reset-password.md)을 먼저 확인하세요. [없는 문서](../account/nothing-here.md)',
  '',
  '![없는 그림](./no-such-map.png)',
  '',
].join('\n');

const UNSAFE = [
  '---',
  'category: orders',
  '---',
  '',
  '# 스크립트가 든 본문',
  '',
  '<script>document.title = "pwned"; try { window.parent.pwned = 1 } catch (e) {} try { localStorage.setItem("pwned", "1") } catch (e) {} document.body.dataset.ran = "yes";</script>',
  '',
  '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.parent.pwned = 2" onload="window.parent.pwned = 3">',
  '',
  '본문은 그대로 보입니다.',
  '',
].join('\n');

// Marked from a Korean text that has changed since: a stale translation (issue 21).
const RETURN_KO =
  '---\ntitle: 반품은 어떻게 하나요?\ncategory: orders\n---\n\n30일 이내에 반품할 수 있습니다.\n';
const RETURN_EN =
  '---\ntitle: How do I return an order?\ntranslatedFrom: ffffffffffff\n---\n\nReturns within 14 days.\n';

let browser: Browser;
let project: E2eProject;
let preview: RunningPreview;

beforeAll(async () => {
  project = previewProject({
    'content/faq/orders/track-order.md': TRACK,
    'content/faq/orders/unsafe.md': UNSAFE,
    'content/faq/orders/return.md': RETURN_KO,
    'content/faq/orders/return.en.md': RETURN_EN,
  });
  [browser, preview] = await Promise.all([launchBrowser(), startPreview(project)]);
}, 60_000);

afterAll(async () => {
  await preview?.[Symbol.asyncDispose]();
  await browser?.close();
  project?.[Symbol.dispose]();
});

async function open(path_: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(new URL(path_, preview.url).href);
  return page;
}

describe('oc-sync preview in Chromium', () => {
  it('navigates across kinds, categories and languages', async () => {
    const page = await open('/');
    expect(new URL(page.url()).pathname).toBe('/ko/index.html');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    // Keyboard first: the skip link is the first stop and takes focus to the page's content.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document
            .activeElement.textContent,
      ),
    ).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'FAQs' }).click();
    await page.getByRole('link', { name: '결제' }).click();
    await page.getByRole('link', { name: '환불', exact: true }).click();
    expect(await page.locator('h1').textContent()).toBe('환불');
    await page.getByRole('link', { name: '환불은 어떻게 신청하나요?' }).click();
    expect(await page.locator('h1').textContent()).toBe('환불은 어떻게 신청하나요?');
    expect(await page.locator('.crumbs').textContent()).toContain('결제');
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'EN' }).click();
    expect(new URL(page.url()).pathname).toBe('/en/faq/billing/refund-request.html');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).not.toBe('환불은 어떻게 신청하나요?');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Notice templates' })
      .click();
    expect(await page.locator('main li').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('shows notices pinned first with their display state on a chosen day', async () => {
    const page = await open('/ko/notices/index.html?date=2026-12-02');
    const rows = page.locator('main ul.docs li');
    expect(await rows.first().textContent()).toContain('12월 정기 점검 안내');
    expect(await rows.first().textContent()).toContain('pinned');
    expect(await rows.first().locator('.badge.state-shown').count()).toBe(1);
    await page.locator('input[type=date]').fill('2026-11-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/date=2026-11-01/);
    expect(await page.locator('main ul.docs li').first().locator('.badge.state-upcoming').count()).toBe(1);
    await page.goto(new URL('/ko/notices/index.html?date=2026-12-10', preview.url).href);
    expect(await page.locator('main ul.docs li').first().locator('.badge.state-ended').count()).toBe(1);
    const shot = screenshotPath('notices');
    if (shot) await page.screenshot({ path: shot, fullPage: true });
    await page.close();
  });

  it('follows a link inside a body, marks a broken one, and says what a missing translation shows', async () => {
    const page = await open('/en/faq/orders/track-order.html');
    await expect.poll(() => page.locator('.note').textContent()).toContain('No en translation');
    expect(await page.locator('h1').textContent()).toBe('주문을 추적하려면');
    expect(await page.locator('main').textContent()).toContain('nothing-here');
    const body = page.frameLocator('iframe.body-frame');
    // The broken link and the missing image, each marked in the body and listed above it (the image also among
    // the attachments).
    expect(await body.locator('[data-preview-broken]').count()).toBe(2);
    expect(await page.locator('li.broken').allTextContents()).toEqual([
      'link to ../account/nothing-here.md: not found in content/',
      'file faq/orders/no-such-map.png: missing',
      'faq/orders/no-such-map.png: missing',
    ]);
    await body.getByRole('link', { name: '비밀번호 재설정' }).click();
    await page.waitForURL(/\/en\/faq\/account\/reset-password\.html$/);
    expect(await page.locator('h1').textContent()).toBe('I forgot my password');
    await page.close();
  });

  it('marks a stale translation on its page and in its category list, and not its source', async () => {
    const page = await open('/en/faq/orders/return.html');
    await expect.poll(() => page.locator('.note.stale').textContent()).toContain('Stale en translation.');
    expect(await page.locator('.note.stale').textContent()).toContain(
      'oc-sync translations mark content/faq/orders/return.en.md',
    );
    expect(await page.locator('h1').textContent()).toBe('How do I return an order?');
    await page.goto(new URL('/en/faq/_category/orders.html', preview.url).href);
    const row = page.locator('main li', { hasText: 'How do I return an order?' });
    expect(await row.locator('.badge.stale').textContent()).toBe('en stale');
    // The Korean page is the source: nothing is stale there.
    await page.goto(new URL('/ko/faq/orders/return.html', preview.url).href);
    expect(await page.locator('.note.stale').count()).toBe(0);
    await page.close();
  });

  it('serves attachments under the names readers download them by', async () => {
    const page = await open('/ko/notices/2026/december-maintenance.html');
    const image = page.frameLocator('iframe.body-frame').locator('img');
    await expect
      .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    const response = await page.request.get(
      new URL('/files/notices/2026/maintenance-window.png', preview.url).href,
    );
    expect(response.status()).toBe(200);
    expect(response.headers()['content-disposition']).toContain("filename*=UTF-8''maintenance-window.png");
    await page.close();
  });

  it("does not run a body's scripts in the preview's origin", async () => {
    const page = await open('/ko/faq/orders/unsafe.html');
    const frame = page.frameLocator('iframe.body-frame');
    await expect.poll(() => frame.locator('body').textContent()).toContain('본문은 그대로 보입니다.');
    await page.waitForTimeout(300);
    expect(await page.title()).toBe('스크립트가 든 본문 · preview');
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { localStorage: { getItem(k: string): string | null } }
        ).localStorage.getItem('pwned'),
      ),
    ).toBeNull();
    expect(await frame.locator('body').getAttribute('data-ran')).toBeNull();
    await page.close();
  });

  // How long a save takes to reach the page is measured by the benchmark (`npm run bench`, scenario 7).
  it('reloads the open page when a file is saved', async () => {
    const page = await open('/ko/faq/account/reset-password.html');
    expect(await page.locator('h1').textContent()).toBe('비밀번호를 잊어버렸어요');
    const text = project.read('content/faq/account/reset-password.md');
    project.write(
      'content/faq/account/reset-password.md',
      text.replace('# 비밀번호를 잊어버렸어요', '# 비밀번호 재설정 안내'),
    );
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 5_000, interval: 50 })
      .toBe('비밀번호 재설정 안내');
    await page.close();
  });

  it('marks a link broken on the open page when the document it leads to is deleted, and mends it when it is back', async () => {
    const page = await open('/ko/faq/billing/refund-request.html');
    const body = page.frameLocator('iframe.body-frame');
    const link = body.getByRole('link', { name: '카드 환불은 언제 처리되나요?' });
    expect(await link.getAttribute('href')).toMatch(/card-refund-timeline\.html$/);
    expect(await body.locator('[data-preview-broken]').count()).toBe(0);
    const files = [
      'content/faq/billing/card-refund-timeline.md',
      'content/faq/billing/card-refund-timeline.en.md',
    ];
    const texts = files.map((file) => project.read(file));
    for (const file of files) project.remove(file);
    // The incremental rebuild re-reads only what was deleted, yet the linking page (unchanged on disk) learns of it.
    await expect.poll(() => body.locator('[data-preview-broken]').count(), { timeout: 5_000 }).toBe(1);
    expect(await page.locator('li.broken').allTextContents()).toEqual([
      'link to ./card-refund-timeline.md: not found in content/',
    ]);
    expect(await page.getByRole('region', { name: 'Problems' }).textContent()).toContain(
      '[content/broken-link]',
    );
    files.forEach((file, i) => {
      project.write(file, texts[i] as string);
    });
    await expect.poll(() => body.locator('[data-preview-broken]').count(), { timeout: 5_000 }).toBe(0);
    await body.getByRole('link', { name: '카드 환불은 언제 처리되나요?' }).click();
    await page.waitForURL(/\/ko\/faq\/billing\/card-refund-timeline\.html$/);
    expect(await page.locator('h1').textContent()).toBe('카드 환불은 언제 처리되나요?');
    await page.close();
  });

  it('shows the problems of a broken file on its page and on the problems page, and keeps serving', async () => {
    const page = await open('/ko/index.html');
    const problems = async () => Number(await page.locator('nav .badge.problem').textContent());
    const before = await problems();
    project.write(
      'content/faq/orders/broken.md',
      '---\ncategory: orders\nrecommended: maybe\n---\n\n# 깨진 문서\n',
    );
    await expect.poll(problems, { timeout: 5_000 }).toBe(before + 1);
    await page.goto(new URL('/ko/faq/orders/broken.html', preview.url).href);
    const box = page.getByRole('region', { name: 'Problems' });
    expect(await box.textContent()).toContain('content/faq/orders/broken.md:3');
    await page.goto(new URL('/ko/problems.html', preview.url).href);
    expect(await page.locator('table').textContent()).toContain('content/faq/orders/broken.md:3');
    const shot = screenshotPath('problems');
    if (shot) await page.screenshot({ path: shot, fullPage: true });
    await page.getByRole('link', { name: /broken\.md:3/ }).click();
    expect(await page.locator('h1').textContent()).toBe('깨진 문서');
    const home = await open('/ko/index.html');
    expect(await home.locator('h1').textContent()).toBe('Help center');
    const homeShot = screenshotPath('home');
    if (homeShot) await home.screenshot({ path: homeShot, fullPage: true });
    await Promise.all([page.close(), home.close()]);
  });

  it('writes a static copy with relative links that navigates from file://', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'oc-sync-preview-out-'));
    try {
      const result = await oc(project.root, ['preview', '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('pages');
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
      await page.waitForURL(/\/ko\/index\.html$/);
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Notices' }).click();
      // The day picker works without a server: the copy's script recomputes the states.
      const first = page.locator('main ul.docs li').first();
      expect(await first.textContent()).toContain('12월 정기 점검 안내');
      await page.locator('input[type=date]').fill('2026-11-01');
      await expect.poll(() => first.locator('.badge.state-upcoming').count()).toBe(1);
      await page.locator('input[type=date]').fill('2026-12-02');
      await expect.poll(() => first.locator('.badge.state-shown').count()).toBe(1);
      await page.getByRole('link', { name: '12월 정기 점검 안내' }).click();
      expect(await page.locator('h1').textContent()).toBe('12월 정기 점검 안내');
      const image = page.frameLocator('iframe.body-frame').locator('img');
      await expect
        .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
        .toBeGreaterThan(0);
      await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'EN' }).click();
      expect(page.url()).toMatch(/\/en\/notices\/2026\/december-maintenance\.html$/);
      await page.close();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
