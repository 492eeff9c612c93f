import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../src/emulator/content-disposition.js';
import { parseFaultSpec } from '../../src/emulator/fault-spec.js';
import { paginate, readPaging } from '../../src/emulator/paging.js';
import { zonedToEpoch } from '../../src/time/zoned-time.js';

/** The emulator's pure pieces. */

describe('zoned time', () => {
  it('reads a 14-digit wall-clock time in a zone, across DST', () => {
    expect(zonedToEpoch('20240610090000', 'Asia/Seoul')).toBe(Date.UTC(2024, 5, 10, 0, 0, 0));
    expect(zonedToEpoch('20240115070000', 'America/New_York')).toBe(Date.UTC(2024, 0, 15, 12, 0, 0));
    expect(zonedToEpoch('20240715070000', 'America/New_York')).toBe(Date.UTC(2024, 6, 15, 11, 0, 0));
    expect(zonedToEpoch('20240101000000', 'UTC')).toBe(Date.UTC(2024, 0, 1));
  });
});

describe('paging', () => {
  it('defaults, clamps and computes pages', () => {
    expect(readPaging(undefined, undefined, 10)).toEqual({ page: 1, pageSize: 10 });
    expect(readPaging('0', '1000', 10)).toEqual({ page: 1, pageSize: 200 });
    expect(readPaging('x', '0', 100)).toEqual({ page: 1, pageSize: 1 });
    expect(paginate([], 1, 10)).toEqual({ contents: [], total: 0, pages: 0, pageNum: 1, pageSize: 10 });
    expect(paginate([1, 2, 3], 2, 2)).toEqual({ contents: [3], total: 3, pages: 2, pageNum: 2, pageSize: 2 });
  });
});

describe('Content-Disposition', () => {
  it('gives an ASCII fallback and the exact name in RFC 5987 form', () => {
    expect(contentDisposition('inline', 'a b.pdf')).toBe(
      `inline; filename="a b.pdf"; filename*=UTF-8''a%20b.pdf`,
    );
    expect(contentDisposition('attachment', "안내's (1).pdf")).toBe(
      `attachment; filename="__'s (1).pdf"; filename*=UTF-8''%EC%95%88%EB%82%B4%27s%20%281%29.pdf`,
    );
  });
});

describe('fault specs', () => {
  it('parses every kind with a rate and a path', () => {
    expect(parseFaultSpec('503')).toEqual({ type: 'status', status: 503 });
    expect(parseFaultSpec('500:0.25@/helpdoc')).toEqual({
      type: 'status',
      status: 500,
      rate: 0.25,
      path: '/helpdoc',
    });
    expect(parseFaultSpec('429')).toEqual({ type: 'rate-limit' });
    expect(parseFaultSpec('rate-limit=3:0.5')).toEqual({
      type: 'rate-limit',
      retryAfterSeconds: 3,
      rate: 0.5,
    });
    expect(parseFaultSpec('drop@upload')).toEqual({ type: 'drop', path: 'upload' });
    expect(parseFaultSpec('slow=1500')).toEqual({ type: 'slow', delayMs: 1500 });
    expect(parseFaultSpec('commit-then-fail:1')).toEqual({ type: 'commit-then-fail', rate: 1 });
    expect(parseFaultSpec('malformed=html:0.1@/helpdoc')).toEqual({
      type: 'malformed',
      variant: 'html',
      rate: 0.1,
      path: '/helpdoc',
    });
    expect(parseFaultSpec('malformed=huge/1048576')).toEqual({
      type: 'malformed',
      variant: 'huge',
      bytes: 1048576,
    });
  });

  it('explains what is wrong', () => {
    expect(() => parseFaultSpec('418')).toThrow(/status must be one of/);
    expect(() => parseFaultSpec('slow')).toThrow(/needs a delay/);
    expect(() => parseFaultSpec('drop:2')).toThrow(/rate must be 0..1/);
    expect(() => parseFaultSpec('boom')).toThrow(/unknown kind/);
    expect(() => parseFaultSpec('malformed')).toThrow(/malformed needs a variant: html, html-200/);
    expect(() => parseFaultSpec('malformed=xml')).toThrow(/malformed needs a variant/);
    expect(() => parseFaultSpec('malformed=html/10')).toThrow(/only malformed=huge takes a size/);
  });
});
