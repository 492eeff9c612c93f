import { describe, expect, it } from 'vitest';
import { safeFileName, safePathSegment, slugify, uniqueFileName, uniqueName } from '../../src/pull/slug.js';

describe('slugs', () => {
  it('keeps Hangul, Kana and Han, lowercases Latin letters without accents, and hyphenates the rest', () => {
    expect(slugify('환불은 어떻게 신청하나요?')).toBe('환불은-어떻게-신청하나요');
    expect(slugify('12월 정기 점검 안내 (긴급!)')).toBe('12월-정기-점검-안내-긴급');
    expect(slugify('返金手続きについて — ガイド')).toBe('返金手続きについて-ガイド');
    expect(slugify('Scheduled Maintenance: Café & API v2.1')).toBe('scheduled-maintenance-cafe-api-v2-1');
    expect(slugify('ＦＵＬＬ　ｗｉｄｔｈ')).toBe('full-width');
    expect(slugify('ハングル「한글」コーヒー')).toBe('ハングル-한글-コーヒー');
    expect(slugify('???')).toBe('');
    // Decomposed Hangul (as some systems store it) gives the same slug.
    expect(slugify('환불'.normalize('NFD'))).toBe('환불');
  });

  it('cuts long titles at a word boundary', () => {
    const slug = slugify('아주 긴 제목 '.repeat(20));
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug.endsWith('-')).toBe(false);
    expect('아주-긴-제목-'.repeat(20).startsWith(`${slug}-`)).toBe(true);
  });

  it('makes names unique with a numbered suffix', () => {
    const taken = new Set(['안내', '안내-2']);
    expect(uniqueName('안내', (c) => taken.has(c))).toBe('안내-3');
    expect(uniqueName('공지', (c) => taken.has(c))).toBe('공지');
    expect(uniqueFileName('guide.pdf', (c) => c === 'guide.pdf')).toBe('guide-2.pdf');
  });

  it('gives attachments file names a link needs no escaping for', () => {
    expect(safeFileName('환불 신청서 (2024).PDF')).toBe('환불-신청서-2024.pdf');
    expect(safeFileName('50% off #1?.png')).toBe('50-off-1.png');
    expect(safeFileName('.hidden')).toBe('hidden');
    expect(safeFileName('_draft.docx')).toBe('draft.docx');
    expect(safeFileName('C:\\Users\\me\\report.xlsx')).toBe('report.xlsx');
    expect(safeFileName('notes.md')).toBe('notes.md.txt');
    expect(safeFileName('')).toBe('attachment');
  });

  it('caps names by UTF-8 bytes keeping the extension, and maps control characters and device names (issue 14 case 6)', () => {
    const long = safeFileName(`${'가'.repeat(90)}.pdf`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(long).toBe(`${'가'.repeat(65)}.pdf`);
    expect(safeFileName('a\u0000b\u001f.pdf')).toBe('a-b.pdf');
    expect(safeFileName('con.txt')).toBe('con-file.txt');
    expect(safeFileName('NUL')).toBe('NUL-file');
    expect(safeFileName('LPT1.log')).toBe('LPT1-file.log');
    expect(safeFileName(`x.${'e'.repeat(40)}`)).toBe(`x-${'e'.repeat(40)}`);
    expect(safePathSegment('billing', 'category')).toBe('billing');
    expect(safePathSegment('..', 'category')).toBe('category');
    expect(safePathSegment('.', 'category')).toBe('category');
    expect(safePathSegment('a\\b', 'category')).toBe('a-b');
    expect(safePathSegment('nul\u0000code', 'category')).toBe('nul-code');
    expect(safePathSegment('con', 'category')).toBe('con-file');
    expect(safePathSegment('환불'.normalize('NFD'), 'category')).toBe('환불');
    expect(Buffer.byteLength(safePathSegment('𠀀'.repeat(60), 'x'))).toBeLessThanOrEqual(200);
  });
});
