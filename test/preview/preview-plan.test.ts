import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { oc, said } from '../e2e/support/cli.js';
import {
  describeRequests,
  type E2eProject,
  exampleProject,
  isWrite,
  startEmulator,
} from '../e2e/support/project.js';
import { launchBrowser, type RunningPreview, screenshotPath, startPreview } from './support.js';

/**
 * Issue 19, the plan in the preview: `oc-sync preview --env e2e` against an emulator holding the example content/,
 * after one FAQ was edited locally, one edited in the web console, one added and one notice removed — each document badged
 * as the plan sees it, a compare page with both renderings and the diff, the static export with the plan opened from
 * file://, and nothing but GET requests on the service.
 */

const LOCAL_KEY = 'faq/account/reset-password';
const CONSOLE_KEY = 'faq/orders/change-address';
const CONSOLE_TEXT = '콘솔에서 고친 안내입니다.';
const OLD_LINE = '새 비밀번호는 8자 이상이어야 하며';
const NEW_LINE = '새 비밀번호는 12자 이상이어야 합니다.';

type Contents = Record<string, { title?: string; content?: string }>;

let emulator: Emulator;
let project: E2eProject;
let browser: Browser;
let preview: RunningPreview;
/** Requests the service saw before the preview started (the apply's). */
let before = 0;

/** In the web console: the Korean body of a document rewritten (the console sends its whole form). */
function editInConsole(id: number): void {
  const service = emulator.service();
  const record = service.get('faq', id) as Record<string, unknown>;
  const contents = record.contents as Contents;
  service.update('faq', id, {
    status: record.status,
    categoryId: (record.categories as { categoryId: number }[])[0]?.categoryId,
    isTop: record.isTop,
    isRecommend: record.isRecommend,
    contents: { ...contents, ko: { title: contents.ko?.title, content: `<p>${CONSOLE_TEXT}</p>` } },
  });
}

beforeAll(async () => {
  emulator = await startEmulator();
  project = exampleProject(emulator);
  const applied = await oc(project.root, ['apply', '--yes']);
  expect(applied.code, said(applied)).toBe(0);
  const text = project.read(`content/${LOCAL_KEY}.md`);
  project.write(`content/${LOCAL_KEY}.md`, text.replace(/새 비밀번호는 8자 이상이어야 하며[^\n]*/, NEW_LINE));
  editInConsole(project.state().documents[CONSOLE_KEY]?.id as number);
  project.write(
    'content/faq/orders/gift-wrap.md',
    '---\ncategory: orders\n---\n\n# 선물 포장이 되나요?\n\n네.\n',
  );
  project.remove('content/notices/2026/app-4-2-release.md');
  project.remove('content/notices/2026/app-4-2-release.en.md');
  before = emulator.requests.length;
  [browser, preview] = await Promise.all([launchBrowser(), startPreview(project, ['--env', 'e2e'])]);
}, 90_000);

afterAll(async () => {
  await preview?.[Symbol.asyncDispose]();
  await browser?.close();
  project?.[Symbol.dispose]();
  await emulator?.close();
});

async function open(path_: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  // A missing element fails its step, well within the test's time.
  page.setDefaultTimeout(5_000);
  await page.goto(new URL(path_, preview.url).href);
  return page;
}

const badges = (page: Page) => page.locator('main h1 + p .badge.plan').allTextContents();

describe('oc-sync preview --env: the plan in the preview', () => {
  it('badges each document as the plan sees it, with the hold and the plan on every page', async () => {
    const page = await open(`/ko/${LOCAL_KEY}.html`);
    expect(await badges(page)).toEqual(['changed']);
    expect(await page.locator('.plan-banner').textContent()).toContain(
      'Against e2e: Plan: 1 to create, 1 to update, 0 to delete, 1 drifted.',
    );
    await page.goto(new URL(`/ko/${CONSOLE_KEY}.html`, preview.url).href);
    expect(await badges(page)).toEqual(['drifted', 'held']);
    expect(await page.locator('.plan-note').textContent()).toContain('Not applied to e2e: drifted:');
    await page.goto(new URL('/ko/faq/orders/gift-wrap.html', preview.url).href);
    expect(await badges(page)).toEqual(['new']);
    await page.goto(new URL('/ko/faq/_category/password.html', preview.url).href);
    expect(await page.locator('main ul.docs li').first().locator('.badge.plan').textContent()).toBe(
      'changed',
    );
    await page.goto(new URL('/ko/notices/index.html', preview.url).href);
    const deleted = page.locator('main h2:has-text("To be deleted") + .card li');
    expect(await deleted.count()).toBe(1);
    expect(await deleted.textContent()).toContain('notices/2026/app-4-2-release');
    expect(await deleted.locator('.badge').allTextContents()).toEqual(['to be deleted', 'held']);
    expect(await deleted.locator('.badge.plan-held').getAttribute('title')).toBe(
      'not deleted (prune is off)',
    );
    await page.close();
  });

  it('compares the service rendering with the local one, the diff under them', async () => {
    const page = await open(`/ko/${LOCAL_KEY}.html`);
    await page.getByRole('link', { name: 'compare' }).click();
    await page.waitForURL(/\/ko\/_compare\/faq\/account\/reset-password\.html$/);
    const service = page.getByRole('region', { name: 'On the service' }).frameLocator('iframe.body-frame');
    const local = page.getByRole('region', { name: 'In content/' }).frameLocator('iframe.body-frame');
    await expect.poll(() => service.locator('body').textContent()).toContain(OLD_LINE);
    expect(await service.locator('body').textContent()).not.toContain(NEW_LINE);
    await expect.poll(() => local.locator('body').textContent()).toContain(NEW_LINE);
    expect(await local.locator('body').textContent()).not.toContain(OLD_LINE);
    const diff = page.getByRole('region', { name: 'What changed' });
    expect(await diff.locator('strong').first().textContent()).toBe('body (ko)');
    expect(await diff.locator('.diff-del').allTextContents()).toEqual([
      expect.stringMatching(/^- 새 비밀번호는 8자 이상이어야 하며/),
    ]);
    expect(await diff.locator('.diff-add').allTextContents()).toEqual([`+ ${NEW_LINE}`]);
    const shot = screenshotPath('compare');
    if (shot) await page.screenshot({ path: shot, fullPage: true });
    await page.goto(new URL(`/ko/_compare/${CONSOLE_KEY}.html`, preview.url).href);
    await expect.poll(() => service.locator('body').textContent()).toContain(CONSOLE_TEXT);
    expect(await diff.locator('.diff-del').allTextContents()).toEqual([`- ${CONSOLE_TEXT}`]);
    await page.close();
  });

  it('makes the plan again when a file is saved', async () => {
    const page = await open('/ko/faq/orders/gift-wrap.html');
    expect(await badges(page)).toEqual(['new']);
    expect(await page.locator('.plan-banner').textContent()).toMatch(/Service state as of \d\d:\d\d:\d\d/);
    const sent = emulator.requests.length;
    project.remove('content/faq/orders/gift-wrap.md');
    project.write(`content/${LOCAL_KEY}.md`, project.read(`content/${LOCAL_KEY}.md`));
    await page.goto(new URL(`/ko/${LOCAL_KEY}.html`, preview.url).href);
    // The open page reloads by itself: first with the content, then with the plan made again.
    await expect
      .poll(() => page.locator('.plan-banner').textContent(), { timeout: 10_000 })
      .toContain('Plan: 0 to create, 1 to update');
    // The list pages of the first plan were kept: the saves cost the details of what changed (and the service's
    // languages), no list page.
    const again = emulator.requests.slice(sent).map((r) => `${r.method} ${r.path}`);
    expect(again.length).toBeGreaterThan(0);
    expect(again.filter((r) => !/\/\d+\.json$|\/api\/v2\/service\.json$/.test(r))).toEqual([]);
    await page.close();
  });

  it('writes the site with the plan as static files that open from file://', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'oc-sync-preview-plan-'));
    try {
      const result = await oc(project.root, ['preview', '--env', '--out', out]);
      expect(result.code, said(result)).toBe(0);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(out, 'ko', `${LOCAL_KEY}.html`)).href);
      expect(await badges(page)).toEqual(['changed']);
      await page.getByRole('link', { name: 'compare' }).click();
      expect(page.url()).toMatch(/\/ko\/_compare\/faq\/account\/reset-password\.html$/);
      const service = page.getByRole('region', { name: 'On the service' }).frameLocator('iframe.body-frame');
      await expect.poll(() => service.locator('body').textContent()).toContain(OLD_LINE);
      expect(await page.locator('.diff-add').allTextContents()).toEqual([`+ ${NEW_LINE}`]);
      await page.close();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('sent the service nothing but GET requests', () => {
    const seen = emulator.requests.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    expect(describeRequests(seen.filter(isWrite))).toEqual([]);
  });
});
