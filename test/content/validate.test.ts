import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContent } from '../../src/content/read-content.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { makeProject } from '../support/project.js';

/** Each content problem of issue #3, with its exact rule, message and position. */

const lists = {
  'content/faq/_categories.yaml': `- code: billing
  name: { ko: 결제, en: Billing }
  children:
    - code: refunds
      name: { ko: 환불, en: Refunds }
- code: account
  name: 계정
`,
  'content/notices/_headings.yaml': '- code: maintenance\n  name: { ko: 점검, en: Maintenance }\n',
  'content/notices/_tags.yaml': '- code: app\n  name: 앱\n- code: web\n  name: 웹\n',
};

async function check(
  files: Record<string, string | Uint8Array>,
  setup?: (root: string) => void,
): Promise<Diagnostic[]> {
  using project = makeProject({ ...lists, ...files });
  setup?.(project.root);
  const result = await readContent({
    projectRoot: project.root,
    contentDir: path.join(project.root, 'content'),
    languages: ['ko', 'en'],
    timeZone: 'Asia/Seoul',
  });
  return result.diagnostics;
}

const faq = (frontMatter: string, body = '# 질문\n\n답변\n') => `---\n${frontMatter}\n---\n${body}`;
const pick = (d: Diagnostic) => ({
  file: d.file,
  line: d.line,
  column: d.column,
  rule: d.rule,
  message: d.message,
  hint: d.hint,
});

describe('content validation', () => {
  it('passes clean content with no diagnostics', async () => {
    expect(await check({ 'content/faq/billing/refund.md': faq('category: billing/refunds') })).toEqual([]);
  });

  it('malformed YAML in front matter', async () => {
    const [d] = await check({ 'content/faq/a.md': faq('category: billing\ntitle: [unclosed') });
    expect(pick(d as Diagnostic)).toMatchObject({
      file: 'content/faq/a.md',
      line: 3,
      rule: 'content/yaml-syntax',
    });
    expect(d?.message).toMatch(/^YAML syntax error: /);
  });

  it('wrong types name the key, the expected value and what was found', async () => {
    const [d] = await check({ 'content/faq/a.md': faq('category: billing\npinned: "yes"') });
    expect(pick(d as Diagnostic)).toMatchObject({
      line: 3,
      column: 9,
      rule: 'content/invalid-value',
      message: 'pinned must be true or false, got "yes"',
    });
  });

  it('a value close to one the field accepts gets a did-you-mean, and no second error about the title', async () => {
    const diagnostics = await check({ 'content/faq/a.md': faq('category: billing\nstatus: Published') });
    expect(diagnostics.map((d) => [d.rule, d.message, d.hint])).toEqual([
      [
        'content/invalid-value',
        'status must be one of draft, published, done, got "Published"',
        'did you mean published?',
      ],
    ]);
  });

  it('unknown keys, with a did-you-mean', async () => {
    const [d] = await check({ 'content/faq/a.md': faq('categroy: billing') });
    const unknown = (await check({ 'content/faq/a.md': faq('category: billing\nrecomended: true') }))[0];
    expect(pick(unknown as Diagnostic)).toMatchObject({
      line: 3,
      column: 1,
      rule: 'content/unknown-key',
      message: 'recomended is not a known key',
      hint: 'did you mean recommended?',
    });
    expect(d?.rule).toBe('content/unknown-key');
    expect(d?.hint).toBe('did you mean category?');
  });

  it('unknown category, heading and tag codes, with a did-you-mean', async () => {
    const diagnostics = await check({
      'content/faq/a.md': faq('category: refund'),
      'content/notices/n.md': faq('heading: maintenence\ntags: [app, wbe]\nstart: 2026-12-01'),
    });
    expect(diagnostics.map(pick)).toEqual([
      {
        file: 'content/faq/a.md',
        line: 2,
        column: 11,
        rule: 'content/unknown-code',
        message: 'category refund is not declared in faq/_categories.yaml',
        hint: 'did you mean refunds?',
      },
      {
        file: 'content/notices/n.md',
        line: 2,
        column: 10,
        rule: 'content/unknown-code',
        message: 'heading maintenence is not declared in notices/_headings.yaml',
        hint: 'did you mean maintenance?',
      },
      {
        file: 'content/notices/n.md',
        line: 3,
        column: 13,
        rule: 'content/unknown-code',
        message: 'tag wbe is not declared in notices/_tags.yaml',
        hint: 'did you mean web?',
      },
    ]);
  });

  it('a category path that does not match the tree', async () => {
    const [d] = await check({ 'content/faq/a.md': faq('category: account/refunds') });
    expect(pick(d as Diagnostic)).toMatchObject({
      rule: 'content/unknown-code',
      message: 'category path account/refunds does not match faq/_categories.yaml',
      hint: 'write billing/refunds or just refunds',
    });
  });

  it('codes declared twice, and a fourth category level', async () => {
    const diagnostics = await check({
      'content/faq/_categories.yaml': `- code: a
  name: 가
  children:
    - code: b
      name: 나
      children:
        - code: c
          name: 다
          children:
            - code: d
              name: 라
- code: a
  name: 마
`,
      'content/notices/_tags.yaml': '- code: app\n  name: 앱\n- code: app\n  name: 애플리케이션\n',
      'content/notices/_headings.yaml': '- code: m\n  name: 점검\n- code: m\n  name: 작업\n',
    });
    expect(diagnostics.map(pick)).toEqual([
      expect.objectContaining({
        file: 'content/faq/_categories.yaml',
        line: 10,
        column: 21,
        rule: 'content/category-depth',
        message: 'category d is on level 4; FAQ categories have at most 3 levels',
      }),
      expect.objectContaining({
        file: 'content/faq/_categories.yaml',
        line: 12,
        column: 9,
        rule: 'content/duplicate-code',
        message: 'category code a is declared twice (first on line 1)',
      }),
      expect.objectContaining({
        file: 'content/notices/_headings.yaml',
        line: 3,
        rule: 'content/duplicate-code',
        message: 'heading code m is declared twice (first on line 1)',
      }),
      expect.objectContaining({
        file: 'content/notices/_tags.yaml',
        line: 3,
        rule: 'content/duplicate-code',
        message: 'tag code app is declared twice (first on line 1)',
      }),
    ]);
  });

  it('category names that the service would refuse', async () => {
    const [d] = await check({ 'content/faq/_categories.yaml': '- code: x\n  name: "주문·배송!"\n' });
    expect(pick(d as Diagnostic)).toMatchObject({ line: 2, column: 9, rule: 'content/invalid-value' });
    expect(d?.message).toMatch(/^\[0\]\.name must be /);
  });

  it('a translation without its default-language file', async () => {
    const [d] = await check({ 'content/faq/only.en.md': '# Only English\n' });
    expect(pick(d as Diagnostic)).toMatchObject({
      file: 'content/faq/only.en.md',
      rule: 'content/orphan-translation',
      message: 'translation without its default-language file faq/only.md',
    });
  });

  it('a language that is not in the config', async () => {
    const [d] = await check({
      'content/faq/a.md': faq('category: billing'),
      'content/faq/a.ja.md': '# 日本語\n',
    });
    expect(pick(d as Diagnostic)).toMatchObject({
      file: 'content/faq/a.ja.md',
      rule: 'content/unknown-language',
      message: 'a.ja.md is a ja translation, but ja is not in the config languages (ko, en)',
    });
  });

  it('document keys that differ only in case', async () => {
    const diagnostics = await check({
      'content/faq/Billing/refund.md': faq('category: billing'),
      'content/faq/billing/refund.md': faq('category: billing'),
    });
    expect(diagnostics.map(pick)).toEqual([
      expect.objectContaining({
        file: 'content/faq/billing/refund.md',
        rule: 'content/duplicate-key',
        message: 'faq/billing/refund and faq/Billing/refund differ only in letter case',
      }),
    ]);
  });

  it('missing attachment files, at the link', async () => {
    const [d] = await check({
      'content/faq/a.md': faq('category: billing', '# 질문\n\n[양식](./form.pdf)\n'),
    });
    expect(pick(d as Diagnostic)).toMatchObject({
      file: 'content/faq/a.md',
      line: 6,
      column: 1,
      rule: 'content/missing-attachment',
      message: 'attachment faq/form.pdf does not exist',
    });
  });

  it('paths leaving content/: .., absolute, and symlinks out', async () => {
    const diagnostics = await check(
      {
        'content/faq/a.md': faq(
          'category: billing\nattachments: [../../secret.txt]',
          '# 질문\n\n![x](/etc/passwd) [y](../../x.pdf) [z](./link.pdf)\n',
        ),
        'secret.txt': 'secret',
      },
      (root) => {
        symlinkSync(path.join(root, 'secret.txt'), path.join(root, 'content/faq/link.pdf'));
        writeFileSync(path.join(root, 'outside.md'), '# outside');
        symlinkSync(path.join(root, 'outside.md'), path.join(root, 'content/faq/linked-doc.md'));
      },
    );
    expect(diagnostics.map((d) => [d.file, d.line, d.rule, d.message])).toEqual([
      [
        'content/faq/a.md',
        3,
        'content/path-outside-content',
        'attachment ../../secret.txt points outside content/',
      ],
      // ![x](/etc/passwd) is a root-relative web URL on the help center's site (issue 16): kept, never read.
      ['content/faq/a.md', 7, 'content/path-outside-content', 'link ../../x.pdf points outside content/'],
      [
        'content/faq/a.md',
        7,
        'content/path-outside-content',
        'attachment faq/link.pdf points outside content/ through a symlink',
      ],
      [
        'content/faq/linked-doc.md',
        0,
        'content/path-outside-content',
        'this symlink points outside content/ and is not read',
      ],
    ]);
  });

  it('files that are not UTF-8, with the position of the first bad byte', async () => {
    const bytes = Buffer.concat([
      Buffer.from('---\ncategory: billing\n---\n# 제목\n\nab'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\n'),
    ]);
    const [d] = await check({ 'content/faq/a.md': bytes });
    expect(pick(d as Diagnostic)).toMatchObject({
      line: 6,
      column: 3,
      rule: 'content/not-utf8',
      message: 'the file is not valid UTF-8',
    });
  });

  it('empty titles', async () => {
    const diagnostics = await check({
      'content/faq/a.md': faq('category: billing', 'No heading here.\n'),
      'content/faq/b.md': faq('category: billing\ntitle: ""'),
    });
    expect(diagnostics.map(pick)).toEqual([
      expect.objectContaining({
        file: 'content/faq/a.md',
        line: 4,
        rule: 'content/empty-title',
        message: 'the ko file has no title',
      }),
      expect.objectContaining({ file: 'content/faq/b.md', line: 3, column: 8, rule: 'content/empty-title' }),
    ]);
  });

  it('bad dates, and an end before the start', async () => {
    const diagnostics = await check({
      'content/notices/a.md': faq('heading: maintenance\nstart: 2026-13-01'),
      'content/notices/b.md': faq('heading: maintenance\nstart: 2026-12-02 09:00\nend: 2026-12-01 09:00'),
      'content/notices/c.md': faq('heading: maintenance\nstart: "next tuesday"'),
    });
    expect(diagnostics.map(pick)).toEqual([
      expect.objectContaining({
        file: 'content/notices/a.md',
        line: 3,
        column: 8,
        rule: 'content/invalid-date',
        message: 'start "2026-13-01" is not a real date: month 13 does not exist',
      }),
      expect.objectContaining({
        file: 'content/notices/b.md',
        line: 4,
        column: 6,
        rule: 'content/date-order',
        message: 'end (2026-12-01 09:00) is before start (2026-12-02 09:00)',
      }),
      expect.objectContaining({ file: 'content/notices/c.md', rule: 'content/invalid-date' }),
    ]);
  });

  it('shared fields in a translation belong in the default file', async () => {
    const [d] = await check({
      'content/faq/a.md': faq('category: billing'),
      'content/faq/a.en.md': '---\ncategory: billing\n---\n# Question\n',
    });
    expect(pick(d as Diagnostic)).toMatchObject({
      file: 'content/faq/a.en.md',
      line: 2,
      rule: 'content/shared-field-in-translation',
      message: 'category is shared by all languages and belongs in the default-language file',
      hint: 'move category: to a.md',
    });
  });

  it('links to documents that do not exist', async () => {
    const [d] = await check({
      'content/faq/a.md': faq('category: billing', '# 질문\n\n[다른 글](./refnd.md)\n'),
      'content/faq/refund.md': faq('category: billing'),
    });
    expect(pick(d as Diagnostic)).toMatchObject({
      line: 6,
      rule: 'content/broken-link',
      message: 'link to ./refnd.md: there is no document faq/refnd',
      hint: 'did you mean faq/refund?',
    });
  });

  it('refuses front matter that would run code', async () => {
    const [d] = await check({ 'content/faq/a.md': '---js\n{ category: "billing" }\n---\n# x\n' });
    expect(d?.rule).toBe('content/front-matter-language');
  });

  it('reports every problem of a broken project in one run', async () => {
    const diagnostics = await check({
      'content/faq/a.md': faq('categroy: billing'),
      'content/faq/b.md': faq('category: nope\npinned: 3'),
      'content/faq/c.en.md': '# orphan\n',
      'content/notices/n.md': faq('heading: maintenance\nstart: 2026-02-30'),
    });
    expect(new Set(diagnostics.map((d) => d.rule))).toEqual(
      new Set([
        'content/unknown-key',
        'content/unknown-code',
        'content/invalid-value',
        'content/orphan-translation',
        'content/invalid-date',
      ]),
    );
    expect(diagnostics).toHaveLength(5);
  });
});
