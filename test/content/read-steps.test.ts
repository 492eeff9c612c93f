import { describe, expect, it } from 'vitest';
import {
  emptyAttachmentIndex,
  recordAttachments,
  sortedAttachments,
} from '../../src/content/attachment-index.js';
import { documentKeys, groupDocuments, orderedFiles } from '../../src/content/document-groups.js';
import { missingFolderFinding, strayFindings } from '../../src/content/tree-findings.js';
import { attachmentIdentity } from '../../src/resources/attachment.js';
import { resourceList } from '../../src/resources/registry.js';

/** The steps `readContent` is made of, with plain data: names in, groups and findings out. */
describe('readContent steps', () => {
  const languages = ['ko', 'en'];
  const found = (...rels: string[]) => rels.map((rel) => ({ rel, abs: `/p/content/${rel}` }));
  const names = { languages, foundPath: (f: { rel: string }) => `content/${f.rel}` };
  const projectPath = (abs: string) => abs.replace('/p/', '');

  it('groups a document with its translations, and leaves files of no kind out', () => {
    const { groups, diagnostics } = groupDocuments(
      found('faq/a.en.md', 'faq/a.md', 'notices/n.md', 'other/x.md'),
      resourceList,
      names,
    );
    expect(diagnostics).toEqual([]);
    expect([...groups.keys()]).toEqual(['faq/a', 'notices/n']);
    const a = groups.get('faq/a');
    expect(a?.def.kind).toBe('faq');
    expect(a?.files.map((f) => [f.file, f.language, f.isDefault])).toEqual([
      ['content/faq/a.en.md', 'en', false],
      ['content/faq/a.md', 'ko', true],
    ]);
    expect(orderedFiles(a as NonNullable<typeof a>, languages).map((f) => f.rel)).toEqual([
      'faq/a.md',
      'faq/a.en.md',
    ]);
  });

  it('names unknown languages, keys that differ in case and two files of one language', () => {
    const { groups, diagnostics } = groupDocuments(
      found('faq/a.md', 'faq/A.md', 'faq/b.ja.md', 'faq/c.md', 'faq/c.ko.md'),
      resourceList,
      names,
    );
    expect([...groups.keys()]).toEqual(['faq/a', 'faq/c']);
    expect(diagnostics.map((d) => [d.file, d.rule, d.message])).toEqual([
      ['content/faq/A.md', 'content/duplicate-key', 'faq/A and faq/a differ only in letter case'],
      [
        'content/faq/b.ja.md',
        'content/unknown-language',
        'b.ja.md is a ja translation, but ja is not in the config languages (ko, en)',
      ],
      ['content/faq/c.ko.md', 'content/duplicate-key', 'c.ko.md and c.md are both the ko version of faq/c'],
    ]);
    expect(diagnostics[2]?.hint).toBe('keep one; the default language (ko) is written without a suffix');
  });

  it('keeps the keys with a default file; each file of the others is an orphan translation', () => {
    const { groups } = groupDocuments(found('faq/a.md', 'faq/b.en.md'), resourceList, names);
    const { keys, diagnostics } = documentKeys(groups, languages, projectPath);
    expect([...keys]).toEqual(['faq/a']);
    expect(diagnostics).toEqual([
      {
        file: 'content/faq/b.en.md',
        line: 0,
        column: 0,
        severity: 'error',
        rule: 'content/orphan-translation',
        message: 'translation without its default-language file faq/b.md',
        hint: 'create b.md (ko) next to it, or rename this file',
      },
    ]);
  });

  it('turns the walk’s strays and a missing folder into findings', () => {
    const strays = strayFindings(
      [
        { file: { rel: 'x.md', abs: '/p/content/x.md' }, reason: 'outside-kind-folder' },
        { file: { rel: 'faq/l', abs: '/p/content/faq/l' }, reason: 'symlink-loop' },
        { file: { rel: 'faq/o.md', abs: '/p/content/faq/o.md' }, reason: 'symlink-outside' },
      ],
      ['faq', 'notices'],
      projectPath,
    );
    expect(strays.map((d) => [d.file, d.severity, d.rule])).toEqual([
      ['content/x.md', 'warning', 'content/stray-file'],
      ['content/faq/l', 'error', 'content/symlink-loop'],
      ['content/faq/o.md', 'error', 'content/path-outside-content'],
    ]);
    expect(strays[0]?.message).toBe('not inside faq/, notices/, so it is not synced');
    const missing = Object.assign(new Error('gone'), { code: 'ENOENT' });
    expect(missingFolderFinding('content', missing).message).toBe(
      'the content folder content does not exist',
    );
    expect(
      missingFolderFinding('content', Object.assign(new Error('denied'), { code: 'EACCES' })).message,
    ).toBe('cannot read content: denied');
  });

  it('records hashed attachments once per store and path, and names the missing ones', () => {
    const index = emptyAttachmentIndex();
    const site = (path: string, line: number) => ({ path, file: 'content/notices/n.md', line, column: 3 });
    const md5 = 'a'.repeat(32);
    const first = recordAttachments(
      [site('notices/f.pdf', 2), site('notices/gone.pdf', 4), site('notices/f.pdf', 6), site('x/link', 8)],
      [{ md5, size: 3 }, 'does not exist', { md5, size: 3 }, 'points outside content/ through a symlink'],
      'notice',
      index,
    );
    expect(first.missing).toBe(true);
    expect(first.md5s).toEqual([`notices/f.pdf\u0000${md5}`, `notices/f.pdf\u0000${md5}`]);
    expect(first.diagnostics.map((d) => [d.line, d.rule, d.message])).toEqual([
      [4, 'content/missing-attachment', 'attachment notices/gone.pdf does not exist'],
      [8, 'content/path-outside-content', 'attachment x/link points outside content/ through a symlink'],
    ]);
    const second = recordAttachments([site('notices/f.pdf', 1)], [{ md5, size: 3 }], 'help', index);
    expect(second).toEqual({ md5s: [`notices/f.pdf\u0000${md5}`], missing: false, diagnostics: [] });
    const identity = attachmentIdentity(md5, 'f.pdf');
    expect(index.identityByPath.get('notices/f.pdf')).toBe(identity);
    expect(index.md5ByPath.get('notices/f.pdf')).toBe(md5);
    expect(sortedAttachments(index).map((a) => [a.path, a.store, a.fileName, a.identity])).toEqual([
      ['notices/f.pdf', 'help', 'f.pdf', identity],
      ['notices/f.pdf', 'notice', 'f.pdf', identity],
    ]);
  });
});
