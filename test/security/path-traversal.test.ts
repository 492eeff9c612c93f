import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { faq, readProject, where } from './support.js';

/** Attachment references and symlinks can never make oc-sync read a file outside content/. */

const SECRET = 'secret bytes outside content/';

describe('path traversal in attachment references', () => {
  it('.., absolute, URL-encoded and Windows-style paths are errors at their position', async () => {
    const body = [
      '# 질문',
      '',
      '[a](../../secret.txt) [b](/etc/passwd) [c](%2e%2e/%2E%2E/secret.txt)',
      '',
      // In Markdown a backslash is written twice; browsers and Windows read it as /.
      '[d](..\\\\..\\\\secret.txt) [e](\\\\\\\\server\\\\share\\\\secret.txt) [f](sub/../../../secret.txt)',
      '',
      '<a href="../../secret.txt">g</a> <img src="%2e%2e%2f%2e%2e%2fsecret.txt"> [h](a%00b.pdf)',
      '',
    ].join('\n');
    const { diagnostics, state } = await readProject({
      'content/faq/a.md': faq(
        'category: billing\nattachments: [../../secret.txt, /etc/passwd, "..\\\\..\\\\secret.txt"]',
        body,
      ),
      'secret.txt': SECRET,
    });
    expect(diagnostics.map((d) => [d.line, d.column, d.rule, d.message])).toEqual([
      [3, 15, 'content/path-outside-content', 'attachment ../../secret.txt points outside content/'],
      [3, 33, 'content/path-outside-content', 'attachment /etc/passwd points outside content/'],
      [3, 46, 'content/path-outside-content', 'attachment ..\\..\\secret.txt points outside content/'],
      [7, 1, 'content/path-outside-content', 'link ../../secret.txt points outside content/'],
      // [b](/etc/passwd) is a root-relative web URL on the help center's site (issue 16): kept, never read.
      [7, 40, 'content/path-outside-content', 'link %2e%2e/%2E%2E/secret.txt points outside content/'],
      [9, 1, 'content/path-outside-content', 'link ..%5C..%5Csecret.txt points outside content/'],
      [
        9,
        25,
        'content/path-outside-content',
        'link %5C%5Cserver%5Cshare%5Csecret.txt points outside content/',
      ],
      [9, 60, 'content/path-outside-content', 'link sub/../../../secret.txt points outside content/'],
      [11, 1, 'content/path-outside-content', 'link ../../secret.txt points outside content/'],
      // %2f stays encoded (it is not a separator in a path segment): a file of that odd name, which does not exist.
      [11, 34, 'content/missing-attachment', 'attachment faq/..%2f..%2fsecret.txt does not exist'],
      [11, 75, 'content/path-outside-content', 'link a%00b.pdf points outside content/'],
    ]);
    expect(state.attachments).toEqual([]);
    expect(diagnostics.every((d) => d.file === 'content/faq/a.md' && d.severity === 'error')).toBe(true);
  });

  it('URLs with a scheme are links, never files: file://, C:\\ and the like are not read', async () => {
    const { diagnostics, state } = await readProject({
      'content/faq/a.md': faq(
        'category: billing',
        '# 질문\n\n[a](file:///etc/passwd) [b](C:\\Windows\\win.ini)\n',
      ),
    });
    expect(diagnostics).toEqual([]);
    expect(state.attachments).toEqual([]);
    expect(state.documents[0]?.contents.ko?.loadBody()).toBe(
      '<p><a href="file:///etc/passwd">a</a> <a href="C:%5CWindows%5Cwin.ini">b</a></p>',
    );
  });
});

describe('symlinks', () => {
  const outside = (root: string) => {
    mkdirSync(path.join(root, 'outside'), { recursive: true });
    writeFileSync(path.join(root, 'outside/secret.pdf'), SECRET);
    writeFileSync(path.join(root, 'outside/doc.md'), '---\ncategory: billing\n---\n# outside\n');
    writeFileSync(path.join(root, 'outside/_tags.yaml'), '- code: leaked\n  name: 새어나감\n');
  };

  it('to files and folders outside content/, and chains of them, are errors and never read', async () => {
    const { diagnostics, state } = await readProject(
      {
        'content/faq/a.md': faq(
          'category: billing\nattachments: [chain.pdf]',
          '# 질문\n\n[x](linked.pdf) [y](dir/secret.pdf)\n',
        ),
      },
      {
        setup: (root) => {
          outside(root);
          const faqDir = path.join(root, 'content/faq');
          symlinkSync(path.join(root, 'outside/secret.pdf'), path.join(faqDir, 'linked.pdf'));
          symlinkSync(path.join(root, 'outside'), path.join(faqDir, 'dir'));
          // A link to a link inside content/ that leaves it.
          symlinkSync(path.join(faqDir, 'linked.pdf'), path.join(faqDir, 'chain.pdf'));
          symlinkSync(path.join(root, 'outside/doc.md'), path.join(faqDir, 'doc.md'));
          symlinkSync(
            path.join(root, 'outside/_tags.yaml'),
            path.join(root, 'content/notices/_tags.yaml.tmp'),
          );
        },
      },
    );
    expect(diagnostics.map((d) => [d.file, d.line, d.rule, d.message])).toEqual([
      [
        'content/faq/a.md',
        3,
        'content/path-outside-content',
        'attachment faq/chain.pdf points outside content/ through a symlink',
      ],
      [
        'content/faq/a.md',
        7,
        'content/path-outside-content',
        'attachment faq/linked.pdf points outside content/ through a symlink',
      ],
      [
        'content/faq/a.md',
        7,
        'content/path-outside-content',
        'attachment faq/dir/secret.pdf points outside content/ through a symlink',
      ],
      [
        'content/faq/doc.md',
        0,
        'content/path-outside-content',
        'this symlink points outside content/ and is not read',
      ],
    ]);
    // faq/a has errors, so it is not a desired document either; the symlinked doc.md was never read.
    expect(state.documents).toEqual([]);
    expect(state.attachments).toEqual([]);
  });

  it('a YAML list that is a symlink out of content/ is reported and not read (regression)', async () => {
    const { diagnostics, state } = await readProject(
      { 'content/notices/n.md': faq('tags: [leaked]') },
      {
        setup: (root) => {
          outside(root);
          const tags = path.join(root, 'content/notices/_tags.yaml');
          rmSync(tags);
          symlinkSync(path.join(root, 'outside/_tags.yaml'), tags);
        },
      },
    );
    expect(
      diagnostics.filter((d) => d.rule !== 'content/missing-key').map((d) => [d.file, d.line, d.message]),
    ).toEqual([
      ['content/notices/_tags.yaml', 0, 'this symlink points outside content/ and is not read'],
      ['content/notices/n.md', 2, 'tag leaked is not declared in notices/_tags.yaml'],
    ]);
    expect(state.tags).toEqual([]);
  });

  it('a symlink inside content/ is followed; a symlink loop is an error, not forty copies (regression)', async () => {
    const { diagnostics, state } = await readProject(
      { 'content/faq/a.md': faq('category: billing'), 'content/faq/files/form.pdf': 'pdf' },
      {
        setup: (root) => {
          const faqDir = path.join(root, 'content/faq');
          symlinkSync(path.join(faqDir, 'files/form.pdf'), path.join(faqDir, 'form.pdf'));
          symlinkSync(faqDir, path.join(faqDir, 'loop'));
          writeFileSync(path.join(faqDir, 'b.md'), faq('category: billing', '# 둘\n\n[양식](form.pdf)\n'));
        },
      },
    );
    expect(diagnostics.map(where)).toEqual([['content/faq/loop', 0, 0, 'error', 'content/symlink-loop']]);
    expect(state.documents.map((d) => d.key)).toEqual(['faq/a', 'faq/b']);
    expect(state.attachments.map((a) => [a.path, a.size])).toEqual([['faq/form.pdf', 3]]);
  });
});
