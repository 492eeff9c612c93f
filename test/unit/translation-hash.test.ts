import { describe, expect, it } from 'vitest';
import { withTranslatedFrom } from '../../src/content/translated-from-edit.js';
import {
  translationHash,
  translationHashOfFile,
  writtenTextOfFile,
} from '../../src/content/translation-hash.js';

/** Issue 21: the hash a translation records of its default-language document. */
describe('translationHash', () => {
  const base =
    '---\ntitle: 환불 정책\ncategory: billing\nstatus: published\n---\n\n환불은 7일 이내에 가능합니다.\n\n- 카드\n- 계좌이체\n';
  const hashOf = (text: string) => translationHashOfFile(text) as string;

  it('is 12 hex digits, the same for the same text', () => {
    expect(hashOf(base)).toMatch(/^[0-9a-f]{12}$/);
    expect(hashOf(base)).toBe(hashOf(`${base}`));
  });

  it.each([
    [
      'keys in another order',
      '---\nstatus: published\ncategory: billing\ntitle: 환불 정책\n---\n\n환불은 7일 이내에 가능합니다.\n\n- 카드\n- 계좌이체\n',
    ],
    [
      'the title quoted',
      '---\ntitle: "환불 정책"\ncategory: billing\nstatus: published\n---\n\n환불은 7일 이내에 가능합니다.\n\n- 카드\n- 계좌이체\n',
    ],
    [
      'another status, category, flags, tags and dates',
      "---\ntitle: '환불 정책'\ncategory: other\nstatus: draft\npinned: true\ntags: [a, b]\nstart: 2026-01-01\n---\n\n환불은 7일 이내에 가능합니다.\n\n- 카드\n- 계좌이체\n",
    ],
    [
      'no other key at all',
      '---\ntitle: 환불 정책\n---\n환불은 7일 이내에 가능합니다.\n\n- 카드\n- 계좌이체',
    ],
    ['CRLF line endings', base.replaceAll('\n', '\r\n')],
    [
      'trailing spaces and blank lines around the body',
      '---\ntitle: 환불 정책  \ncategory: billing\n---\n\n\n환불은 7일 이내에 가능합니다.   \n\n- 카드\t\n- 계좌이체\n\n\n',
    ],
    [
      'the title as the first # heading',
      '---\ncategory: billing\n---\n# 환불 정책\n\n환불은 7일 이내에 가능합니다.\n\n- 카드\n- 계좌이체\n',
    ],
    ['decomposed Hangul (NFD)', base.normalize('NFD')],
  ])('does not change with %s', (_what, text) => {
    expect(hashOf(text)).toBe(hashOf(base));
  });

  it.each([
    ['one character of the body', base.replace('7일', '14일')],
    ['the title', base.replace('title: 환불 정책', 'title: 환불 규정')],
    ['a line added', `${base}- 휴대폰\n`],
    ['a list item reordered', base.replace('- 카드\n- 계좌이체', '- 계좌이체\n- 카드')],
    ['a link target', base.replace('카드', '[카드](./card.md)')],
    ['a paragraph split', base.replace('7일 이내에 ', '7일 이내에\n\n')],
    ['the heading title moved into the body', base.replace('\n\n환불은', '\n\n# 환불 정책\n\n환불은')],
  ])('changes with %s', (_what, text) => {
    expect(hashOf(text)).not.toBe(hashOf(base));
  });

  it('hashes title and body apart: text moved between them counts', () => {
    expect(translationHash({ title: 'a b', body: 'c' })).not.toBe(
      translationHash({ title: 'a', body: 'b c' }),
    );
  });

  it('takes out only the heading the title came from', () => {
    const text = writtenTextOfFile('---\ncategory: x\n---\nIntro\n\n# Title\n\nBody\n');
    expect(text).toEqual({ title: 'Title', body: 'Intro\n\n\n\nBody\n' });
  });

  it('is undefined for front matter that does not parse', () => {
    expect(translationHashOfFile('---\ntitle: [\n---\nx\n')).toBeUndefined();
  });
});

describe('withTranslatedFrom', () => {
  const hash = 'abcdef012345';

  it('adds the line at the end of the front matter and keeps every other byte', () => {
    const text = '---\n# a comment\ntitle:   "Refund"   \nattachments: [ a.pdf ]\n---\n\nBody  \n\n\n';
    const edited = withTranslatedFrom(text, hash);
    expect(edited).toEqual({
      ok: true,
      text: '---\n# a comment\ntitle:   "Refund"   \nattachments: [ a.pdf ]\ntranslatedFrom: abcdef012345\n---\n\nBody  \n\n\n',
    });
  });

  it('replaces an existing line where it is, with CRLF line ends kept', () => {
    const text = '---\r\ntranslatedFrom: 000000000000\r\ntitle: Refund\r\n---\r\nBody\r\n';
    expect(withTranslatedFrom(text, hash)).toEqual({
      ok: true,
      text: '---\r\ntranslatedFrom: abcdef012345\r\ntitle: Refund\r\n---\r\nBody\r\n',
    });
  });

  it.each(['123456789012', '123456e78901'])('quotes a hash YAML would read as a number (%s)', (digits) => {
    expect(withTranslatedFrom('---\ntitle: T\n---\nBody\n', digits)).toEqual({
      ok: true,
      text: `---\ntitle: T\ntranslatedFrom: '${digits}'\n---\nBody\n`,
    });
  });

  it('adds a front matter to a file without one', () => {
    expect(withTranslatedFrom('# Refund\n\nBody\n', hash)).toEqual({
      ok: true,
      text: '---\ntranslatedFrom: abcdef012345\n---\n# Refund\n\nBody\n',
    });
  });

  it('refuses front matter that does not parse, and writes nothing for it', () => {
    const edited = withTranslatedFrom('---\ntitle: [\n---\nBody\n', hash);
    expect(edited.ok).toBe(false);
    expect(edited.ok ? '' : edited.problem).toContain('does not parse');
  });
});
