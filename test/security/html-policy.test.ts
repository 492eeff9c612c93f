import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse-config.js';
import { renderMarkdown } from '../../src/content/markdown.js';
import { unsafeScheme } from '../../src/content/unsafe-html.js';
import { UserInputError } from '../../src/diagnostics/diagnostic.js';
import { startPullRig } from '../pull/support/pull-rig.js';
import { faq, readProject, where } from './support.js';

/**
 * README "HTML policy": HTML that runs script or embeds another page is kept byte for byte (never stripped), and is
 * a validation error at its position unless `allowUnsafeHtml` allows its kind; pull writes it and warns.
 */

const hostile = [
  '# 질문',
  '',
  '<script>alert(1)</script>',
  '',
  '<iframe src="https://www.youtube.com/embed/abc"></iframe>',
  '',
  'Text <img src="https://example.com/x.png" onerror="alert(1)"> [a](javascript:alert(1)) <a href=" JaVaScRiPt:alert(1)">b</a>',
  '',
  '<a href="vbscript:msgbox(1)">c</a> <a href="data:text/html;base64,PHNjcmlwdD4=">d</a>',
  '',
  '<object data="https://e.com/m.swf"></object><embed src="https://e.com/m.swf"><svg><a xlink:href="javascript:1">e</a></svg>',
  '',
  'Fine: <img src="data:image/png;base64,iVBORw0KGgo="> <a href="https://example.com">f</a> <a href="#top">g</a>',
  '',
].join('\n');

describe('HTML policy', () => {
  it('every script-running construct is an error at its position, with a hint naming the opt-out', async () => {
    const { diagnostics, state } = await readProject({
      'content/faq/a.md': faq('category: billing', hostile),
    });
    expect(diagnostics.map((d) => [...where(d), d.message])).toEqual([
      [
        'content/faq/a.md',
        6,
        1,
        'error',
        'content/unsafe-html',
        '<script> element: HTML that runs script or embeds another page is not published',
      ],
      [
        'content/faq/a.md',
        8,
        1,
        'error',
        'content/unsafe-html',
        '<iframe> element: HTML that runs script or embeds another page is not published',
      ],
      [
        'content/faq/a.md',
        10,
        6,
        'error',
        'content/unsafe-html',
        'event handler onerror on <img>: HTML that runs script or embeds another page is not published',
      ],
      [
        'content/faq/a.md',
        10,
        63,
        'error',
        'content/unsafe-html',
        'javascript: URL in href of <a>: HTML that runs script or embeds another page is not published',
      ],
      [
        'content/faq/a.md',
        10,
        88,
        'error',
        'content/unsafe-html',
        'javascript: URL in href of <a>: HTML that runs script or embeds another page is not published',
      ],
      [
        'content/faq/a.md',
        12,
        1,
        'error',
        'content/unsafe-html',
        'vbscript: URL in href of <a>: HTML that runs script or embeds another page is not published',
      ],
      [
        'content/faq/a.md',
        12,
        36,
        'error',
        'content/unsafe-html',
        'data: URL in href of <a>: HTML that runs script or embeds another page is not published',
      ],
      [
        'content/faq/a.md',
        14,
        1,
        'error',
        'content/unsafe-html',
        '<object> element: HTML that runs script or embeds another page is not published',
      ],
      [
        'content/faq/a.md',
        14,
        45,
        'error',
        'content/unsafe-html',
        '<embed> element: HTML that runs script or embeds another page is not published',
      ],
      [
        'content/faq/a.md',
        14,
        83,
        'error',
        'content/unsafe-html',
        'javascript: URL in xlink:href of <a>: HTML that runs script or embeds another page is not published',
      ],
    ]);
    expect(diagnostics[0]?.hint).toBe(
      'remove it; if this service embeds it on purpose, allow it in sync.config.yaml: allowUnsafeHtml: [script]',
    );
    expect(diagnostics[2]?.hint).toContain('allowUnsafeHtml: [event-handlers]');
    // Nothing is stripped: the document keeps exactly what was written.
    expect(state.documents[0]?.contents.ko?.loadBody()).toContain('<script>alert(1)</script>');
  });

  it('allowUnsafeHtml allows the kinds it names, and true allows all; the HTML is the same either way', async () => {
    const some = await readProject(
      { 'content/faq/a.md': faq('category: billing', hostile) },
      { allowUnsafeHtml: ['iframe', 'object', 'unsafe-urls'] },
    );
    expect(some.diagnostics.map((d) => [d.line, d.column, d.message.split(':')[0]])).toEqual([
      [6, 1, '<script> element'],
      [10, 6, 'event handler onerror on <img>'],
    ]);
    const all = await readProject(
      { 'content/faq/a.md': faq('category: billing', hostile) },
      { allowUnsafeHtml: true },
    );
    expect(all.diagnostics).toEqual([]);
    const strict = await readProject({ 'content/faq/a.md': faq('category: billing', hostile) });
    const plainContents = (doc: (typeof all.state.documents)[number] | undefined) =>
      Object.entries(doc?.contents ?? {}).map(([language, c]) => [
        language,
        c.title,
        c.loadBody(),
        c.attachments,
      ]);
    expect(plainContents(all.state.documents[0])).toEqual(plainContents(strict.state.documents[0]));
  });

  it('the config key is validated, with the accepted kinds in the message', () => {
    const ok = parseConfigText('allowUnsafeHtml: [iframe, event-handlers]\n', {
      file: 'sync.config.yaml',
      env: {},
    });
    expect(ok.config?.allowUnsafeHtml).toEqual(['iframe', 'event-handlers']);
    const bad = parseConfigText('allowUnsafeHtml: [iframes]\n', { file: 'sync.config.yaml', env: {} });
    expect(bad.diagnostics.map(where)).toEqual([
      ['sync.config.yaml', 1, 18, 'error', 'config/invalid-value'],
    ]);
    expect(bad.diagnostics[0]?.message).toContain('script, iframe, object, event-handlers, unsafe-urls');
  });

  it('a scheme is read the way browsers read it: case, whitespace and control characters ignored', () => {
    expect(unsafeScheme('JAVASCRIPT:x')).toBe('javascript:');
    expect(unsafeScheme(' \tjava\nscript:x')).toBe('javascript:');
    expect(unsafeScheme('java\u0000script:x')).toBe('javascript:');
    expect(unsafeScheme('data:image/svg+xml;base64,x')).toBe('data:');
    expect(unsafeScheme('data:image/png;base64,x')).toBeUndefined();
    expect(unsafeScheme('https://example.com/javascript:x')).toBeUndefined();
    expect(unsafeScheme('./javascript.pdf')).toBeUndefined();
    // Entities are decoded by the HTML parser before the check.
    const rendered = renderMarkdown('<a href="&#106;avascript:alert(1)">x</a>', {
      bodyLine: 1,
      extractTitle: false,
      resolveUrl: () => undefined,
    });
    expect(rendered.unsafe.map((s) => s.kind)).toEqual(['unsafe-urls']);
  });

  it('pull writes such bodies exactly and warns; plan refuses them until the config allows them, then is a no-op', async () => {
    await using rig = await startPullRig();
    const configFile = path.join(rig.project.root, 'sync.config.yaml');
    const config = readFileSync(configFile, 'utf8');
    writeFileSync(configFile, config.replace(/^.*allowUnsafeHtml.*\n/m, ''));
    const service = rig.source.service();
    const category = service.create('faqCategory', {
      categoryCode: 'billing',
      parent: 0,
      orderNo: 0,
      languages: { ko: '결제', en: 'Billing' },
    });
    const html =
      '<p>영상을 보세요.</p>\n<iframe src="https://www.youtube.com/embed/abc" allowfullscreen></iframe>\n<p><a href="#" onclick="track()">링크</a></p>\n<script>console.log("hi")</script>';
    service.create('faq', {
      status: 'O',
      categoryId: category.categoryId,
      isTop: false,
      isRecommend: false,
      contents: { ko: { title: '영상 안내', content: html, attachments: [] } },
    });

    const result = await rig.pull();
    expect(result.diagnostics).toEqual([]);
    expect(result.conversion).toMatchObject({ bodies: 1, exact: 1 });
    expect(result.warnings.map((w) => w.replace(/ HTML that.*/, ''))).toEqual([
      'content/faq/billing/영상-안내.md:9:1 <iframe> element:',
      'content/faq/billing/영상-안내.md:11:1 event handler onclick on <a>:',
      'content/faq/billing/영상-안내.md:13:1 <script> element:',
    ]);
    expect(result.warnings[0]).toContain('validate and apply will refuse it');
    const written = readFileSync(path.join(rig.project.root, 'content/faq/billing/영상-안내.md'), 'utf8');
    expect(written).toContain('<iframe src="https://www.youtube.com/embed/abc" allowfullscreen></iframe>');
    expect(written).toContain('<script>console.log("hi")</script>');

    // Validation fails, so nothing is written to the service.
    rig.source.requests.length = 0;
    const refused = await rig.apply().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(UserInputError);
    expect((refused as UserInputError).diagnostics.map((d) => d.rule)).toEqual([
      'content/unsafe-html',
      'content/unsafe-html',
      'content/unsafe-html',
    ]);
    expect(rig.source.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    writeFileSync(
      configFile,
      `${readFileSync(configFile, 'utf8')}allowUnsafeHtml: [iframe, event-handlers, script]\n`,
    );
    const plan = await rig.plan();
    expect(plan.plan.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
  });
});
