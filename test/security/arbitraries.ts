import fc from 'fast-check';
import { expect } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

/**
 * Generators of nasty input for the property tests: YAML, front matter and Markdown built from fragments that
 * stress parsers (anchors and aliases, merge keys, tags, tabs, flow collections, block scalars, document markers,
 * prototype keys, raw HTML, control characters, unicode), not only random strings.
 */

const weird = fc.constantFrom(
  '',
  ' ',
  '\t',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u00a0',
  '\u200b',
  '\u2028',
  '\ufeff',
  '\ud800',
  '🙂',
  '한글',
  'ｆｕｌｌ',
  '\\',
  '"',
  "'",
  '%2e%2e/',
  '&#0;',
);

/** Text with the odd characters parsers trip on. */
export const nastyText = fc
  .array(fc.oneof(fc.string({ maxLength: 8 }), weird, fc.string({ unit: 'grapheme', maxLength: 4 })), {
    maxLength: 5,
  })
  .map((parts) => parts.join(''));

const key = fc.oneof(
  fc.constantFrom(
    'title',
    'category',
    'status',
    'pinned',
    'recommended',
    'attachments',
    'previously',
    'heading',
    'tags',
    'start',
    'code',
    'name',
    'order',
    'children',
    'ko',
    'en',
    'languages',
    'content',
    'environments',
    'sync',
    'local',
    'emulator',
    'timeZone',
    'allowUnsafeHtml',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '<<',
    '? complex',
    '"quoted key"',
    '[flow, key]',
  ),
  fc.stringMatching(/^[A-Za-z_][\w-]{0,6}$/),
);

const scalar = fc.oneof(
  fc.constantFrom(
    '~',
    'null',
    'true',
    'yes',
    'no',
    '0x1F',
    '1e400',
    '-.inf',
    '.nan',
    '2026-12-01',
    '2026-12-01 09:00',
    '"esc \\u0000 \\x41 \\N \\_"',
    "'it''s'",
    '|',
    '>-',
    '|+2',
    '!!binary aGk=',
    '!!js/function "x"',
    '!<tag:yaml.org,2002:str> x',
    '!custom x',
    '&a x',
    '&b [1, 2]',
    '*a',
    '*b',
    '*missing',
    '[*a, *a, *a, *a]',
    '{a: 1, a: 2}',
    '[[[[[]]]]]',
    '{',
    ']',
    '- item',
    '# comment',
    'a: b: c',
    '"unterminated',
    'billing/refunds',
    'published',
    '../../etc/passwd',
  ),
  nastyText.map((t) => JSON.stringify(t)),
  nastyText,
  fc.integer().map(String),
);

const indent = fc.constantFrom('', '', '  ', '    ', '\t', ' \t', '      ');

const yamlLine = fc.oneof(
  fc.tuple(indent, key, scalar).map(([i, k, v]) => `${i}${k}: ${v}`),
  fc.tuple(indent, key).map(([i, k]) => `${i}${k}:`),
  fc.tuple(indent, scalar).map(([i, v]) => `${i}- ${v}`),
  fc.tuple(indent, key, scalar).map(([i, k, v]) => `${i}- ${k}: ${v}`),
  fc.constantFrom(
    '---',
    '...',
    '%YAML 1.2',
    '%TAG ! tag:example.com,2000:',
    '<<: *a',
    '<<: [*a, *b]',
    '__proto__: {polluted: yes}',
    'constructor: {prototype: {polluted: yes}}',
    '- code: a\n  name: A',
    '- code: b\n  name: {ko: 비, en: B}\n  children:\n    - code: c\n      name: C',
    '  ',
    '',
    '# only a comment',
  ),
);

/** A YAML document: lines of keys, list items, anchors, aliases, directives and junk. */
export const yamlText = fc
  .tuple(fc.array(yamlLine, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([lines, eol]) => lines.join(eol));

const htmlFragment = fc.constantFrom(
  '<div>',
  '</div>',
  '<p>',
  '<span style="color:red">',
  '</span>',
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//x></SCRIPT>',
  '<iframe src="https://example.com"></iframe>',
  '<object data="x.swf"></object>',
  '<img src=x onerror="alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  '<a href=" jav&#x09;ascript:alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
  '<img src="data:image/png;base64,AAAA">',
  '<svg><a xlink:href="javascript:1">x</a></svg>',
  '<!-- comment',
  '-->',
  '<![CDATA[ x ]]>',
  '<?php echo 1 ?>',
  '<!DOCTYPE html>',
  '<table><tr><td>x',
  '<pre>\n\n</pre>',
  '<a href="../../etc/passwd">x</a>',
  '<img src="/etc/passwd">',
  '</no-paragraph>',
);

const markdownLine = fc.oneof(
  nastyText,
  htmlFragment,
  fc.tuple(fc.integer({ min: 1, max: 7 }), nastyText).map(([n, t]) => `${'#'.repeat(n)} ${t}`),
  fc.tuple(fc.integer({ min: 1, max: 30 }), nastyText).map(([n, t]) => `${'> '.repeat(n)}${t}`),
  fc
    .tuple(fc.integer({ min: 0, max: 20 }), fc.constantFrom('- ', '* ', '1. ', '2) ', '- [ ] '))
    .map(([n, m]) => `${'  '.repeat(n)}${m}item`),
  fc
    .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom('*', '_', '~~', '`', '[', ']'))
    .map(([n, c]) => `${c.repeat(n)}x${c.repeat(n)}`),
  fc.constantFrom(
    '```',
    '~~~js',
    '    indented code',
    '---',
    '***',
    '| a | b |',
    '|---|:-:|',
    '| 1 | 2 |',
    '[ref]: ./file.pdf "t"',
    '[ref]',
    '[^1]',
    '[^1]: note',
    '<http://example.com>',
    'www.example.com',
    '![image](./image.png)',
    '![image](../../../etc/passwd)',
    '[link](/etc/passwd)',
    '[link](%2e%2e/%2e%2e/secret.pdf)',
    '[link](..\\..\\secret.pdf)',
    '[link](C:\\Windows\\win.ini)',
    '[link](file:///etc/passwd)',
    '[link](./other.md)',
    '[link](<./with space.pdf>)',
    '&#x110000; &#0; &nbsp; &bogus;',
    '\\',
    '',
    '',
  ),
);

/** A Markdown body: headings, quotes, lists, fences, tables, links (some hostile), raw HTML and junk. */
export const markdownText = fc
  .tuple(fc.array(markdownLine, { maxLength: 15 }), fc.constantFrom('\n', '\r\n'))
  .map(([lines, eol]) => lines.join(eol));

/** A whole Markdown file: sometimes front matter (closed or not, YAML or another language), then a body. */
export const markdownFile = fc
  .tuple(
    fc.constantFrom('', '\ufeff'),
    fc.constantFrom('---', '--- ', '---yaml', '---json', '---js', '---toml', '---coffee', 'none'),
    yamlText,
    fc.constantFrom('---', '--- ', '...', '', '----'),
    markdownText,
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([bom, open, yaml, close, body, eol]) =>
    open === 'none' ? `${bom}${body}` : `${bom}${open}${eol}${yaml}${eol}${close}${eol}${body}`,
  );

/** Rules about a whole file, whose line and column are 0 by design. */
const WHOLE_FILE_RULES = new Set([
  'content/file-too-large',
  'content/unreadable',
  'content/orphan-translation',
  'content/unknown-language',
  'content/duplicate-key',
  'content/stray-file',
  'content/path-outside-content',
  'content/missing-folder',
  'content/symlink-loop',
]);

/**
 * Every diagnostic names its file, a position inside the text (1-based line and column), a stable rule and a
 * message; only whole-file rules may use line 0.
 */
export function expectPositioned(
  diagnostics: readonly Diagnostic[],
  texts: Readonly<Record<string, string>>,
) {
  for (const d of diagnostics) {
    expect(d.rule, JSON.stringify(d)).toMatch(/^(content|config)\/[a-z0-9-]+$/);
    expect(d.message.length, JSON.stringify(d)).toBeGreaterThan(0);
    expect(['error', 'warning']).toContain(d.severity);
    expect(Object.keys(texts), JSON.stringify(d)).toContain(d.file);
    if (d.line === 0 && WHOLE_FILE_RULES.has(d.rule)) continue;
    const text = texts[d.file] as string;
    // A lone CR ends a line for Markdown and YAML; LF-only counting is what editors without CR support show.
    const lines = text.split(/\r\n|\r|\n/);
    const lfLines = text.split('\n');
    const width = Math.max(lines[d.line - 1]?.length ?? 0, lfLines[d.line - 1]?.length ?? 0);
    expect(d.line, JSON.stringify(d)).toBeGreaterThanOrEqual(1);
    expect(d.line, JSON.stringify(d)).toBeLessThanOrEqual(lines.length + 1);
    expect(d.column, JSON.stringify(d)).toBeGreaterThanOrEqual(1);
    expect(d.column, JSON.stringify(d)).toBeLessThanOrEqual(width + 2);
  }
}

/** Object.prototype must never gain a property, whatever the input's keys. */
export function expectPrototypeUntouched() {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

/** Runs per property: enough to find the crashes this suite was written against, small enough for CI. */
export const RUNS = Number(process.env.OC_SYNC_PROPERTY_RUNS ?? 300);
