import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/content/documents.js';
import { renderMarkdown } from '../../src/content/markdown.js';
import { readContent } from '../../src/content/read-content.js';
import { resources } from '../../src/resources/registry.js';
import { makeProject } from '../support/project.js';
import {
  expectPositioned,
  expectPrototypeUntouched,
  markdownFile,
  markdownText,
  RUNS,
  yamlText,
} from './arbitraries.js';

/**
 * Property: a Markdown document — front matter and body, alone or read end to end from a project — ends in a
 * desired document or positioned diagnostics, never a throw; rendering is deterministic.
 */

const categories = '- code: billing\n  name: { ko: 결제, en: Billing }\n';
const lookup = {
  languages: ['ko', 'en'],
  timeZone: 'Asia/Seoul',
  keys: new Set(['faq/a', 'faq/other']),
  categories: new Map([
    ['billing', { code: 'billing', names: { ko: '결제' }, order: 0, level: 1, file: 'x', line: 1 }],
  ]),
  headings: new Map(),
  tags: new Map(),
};

describe('Markdown input never crashes (property)', () => {
  it('renders deterministically, or reports a positioned limit', () => {
    fc.assert(
      fc.property(markdownText, (body) => {
        const options = { bodyLine: 1, extractTitle: true, resolveUrl: () => undefined };
        const first = renderMarkdown(body, options);
        expect(renderMarkdown(body, options)).toEqual(first);
        if (first.problem) {
          expect(first.html).toBe('');
          expectPositioned([{ file: 'a.md', severity: 'error', ...first.problem }], { 'a.md': body });
        }
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('a script-running construct anywhere is flagged and kept byte for byte, never stripped', () => {
    const dangerous = fc.constantFrom(
      ['<script>alert(1)</script>', 'script'],
      ['<iframe src="https://example.com/v"></iframe>', 'iframe'],
      ['<embed src="https://example.com/m.swf">', 'object'],
      ['<img src="https://example.com/i.png" onerror="alert(1)">', 'event-handlers'],
      ['<a href="javascript:alert(1)">x</a>', 'unsafe-urls'],
    );
    fc.assert(
      fc.property(markdownText, dangerous, markdownText, (before, [html, kind], after) => {
        // A blank line on each side keeps the fragment out of a code block or an HTML comment left open above.
        const body = `${before.replaceAll(/```|~~~|<!--|<pre|<script|<style|<textarea/gi, '')}\n\n${html}\n\n${after}`;
        const rendered = renderMarkdown(body, {
          bodyLine: 1,
          extractTitle: false,
          resolveUrl: () => undefined,
        });
        if (rendered.problem) return;
        expect(rendered.unsafe.map((u) => u.kind)).toContain(kind);
        expect(rendered.html).toContain(html);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('one document with a translation: a desired document and positioned diagnostics', () => {
    fc.assert(
      fc.property(markdownFile, markdownFile, (ko, en) => {
        const files = [
          { rel: 'faq/a.md', file: 'content/faq/a.md', language: 'ko', isDefault: true, text: ko },
          { rel: 'faq/a.en.md', file: 'content/faq/a.en.md', language: 'en', isDefault: false, text: en },
        ];
        const parsed = parseDocument(resources.faq, 'faq/a', files, lookup);
        expect(Object.keys(parsed.document.contents).sort()).toEqual(['en', 'ko']);
        expectPositioned(parsed.diagnostics, { 'content/faq/a.md': ko, 'content/faq/a.en.md': en });
        for (const site of parsed.attachmentSites) {
          // Whatever the link, an attachment is a path inside content/.
          expect(site.path.startsWith('../') || site.path.startsWith('/') || site.path.includes('\\')).toBe(
            false,
          );
        }
        expectPrototypeUntouched();
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('readContent over a project of hostile files: positioned diagnostics, nothing outside content/ read', async () => {
    const bytes = fc.oneof(
      markdownFile.map((t) => new TextEncoder().encode(t)),
      fc.uint8Array({ maxLength: 64 }),
      markdownFile.map((t) => new Uint8Array([...new TextEncoder().encode(t), 0xff, 0xc0, 0x80])),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          categories: fc.oneof(fc.constant(categories), yamlText),
          headings: yamlText,
          faq: bytes,
          translation: bytes,
          notice: bytes,
        }),
        async (input) => {
          const files: Record<string, string | Uint8Array> = {
            'secret.pdf': 'outside content/',
            'content/faq/_categories.yaml': input.categories,
            'content/notices/_headings.yaml': input.headings,
            'content/faq/a.md': input.faq,
            'content/faq/a.en.md': input.translation,
            'content/notices/n.md': input.notice,
            'content/faq/image.png': 'png',
          };
          using project = makeProject(files);
          const result = await readContent({
            projectRoot: project.root,
            contentDir: path.join(project.root, 'content'),
            languages: ['ko', 'en'],
            timeZone: 'Asia/Seoul',
          });
          const texts = Object.fromEntries(
            Object.entries(files).map(([rel, content]) => [
              rel,
              typeof content === 'string' ? content : new TextDecoder().decode(content),
            ]),
          );
          expectPositioned(result.diagnostics, texts);
          for (const attachment of result.state.attachments) expect(attachment.path).toBe('faq/image.png');
          expectPrototypeUntouched();
        },
      ),
      { numRuns: Math.ceil(RUNS / 6) },
    );
  });
});
