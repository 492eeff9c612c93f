import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MALFORMED_VARIANTS, type MalformedVariant } from '../../src/emulator/index.js';
import { createApi, ResponseShapeError } from '../../src/remote/api.js';
import { ApiError, TransportError } from '../../src/remote/errors.js';
import { startRig, type TestRig } from '../support/connect.js';
import { sampleFor } from '../support/samples.js';

/**
 * The client against answers a broken or hostile server could give (the emulator's `malformed` fault): each ends in
 * one clear error naming the call and what came instead — or, where the data is fine despite odd keys, in the right
 * result — never a crash, a hang, unbounded memory or a loop, and never polluted objects.
 */

const FAQ_LIST = '/openapi/v1/helpdoc.json';

/** What each variant on a read must say; `null`: the read succeeds. */
const READ_ERRORS: Record<MalformedVariant, RegExp | null> = {
  html: /GET \/HelpCenter\/openapi\/v1\/helpdoc\.json failed after 3 attempt\(s\): HTTP 502 answered with an HTML page \("502 Bad Gateway"\).*check baseUrl/,
  'html-200':
    /failed after 1 attempt\(s\): HTTP 200 answered with an HTML page \("Sign in"\) instead of the Online Contact JSON envelope — check baseUrl/,
  truncated: /failed after 3 attempt\(s\): HTTP 200 answered with JSON cut off after \d+ bytes/,
  'not-json':
    /failed after 1 attempt\(s\): HTTP 200 answered with text \(text\/plain\), not the Online Contact JSON envelope/,
  'no-envelope': /failed after 1 attempt\(s\): HTTP 200 answered with JSON but without the envelope's header/,
  'no-header': /failed after 1 attempt\(s\): HTTP 200 answered with JSON but without the envelope's header/,
  'wrong-types':
    /GET v1\/helpdoc\.json: unexpected answer from the service: FAQ list: (total|pages|pageNum|pageSize|contents): /,
  'string-ids':
    /GET v1\/helpdoc\.json: unexpected answer from the service: FAQ list item: helpDocId: .*number.*Nothing was taken from it/,
  'proto-keys': null,
  huge: /failed after 1 attempt\(s\): HTTP 200: the answer is larger than 32 MiB.*it was not read/,
  'endless-pages':
    /GET v1\/helpdoc\.json: unexpected answer from the service: FAQ list: the service claims 1000000000 items on \d+ pages, more than oc-sync reads/,
  'repeat-page': /FAQ list: page 2 repeats items of earlier pages only; the paging is broken/,
};

describe('client against malformed answers', () => {
  let rig: TestRig;
  let faqIds: number[];
  beforeEach(async () => {
    rig = await startRig();
    const sample = await sampleFor('faq', rig.api);
    faqIds = [];
    for (let i = 0; i < 3; i++) {
      const created = await rig.api.faq.create({ ...sample.create, title: `질문 ${i}` } as never);
      faqIds.push(created.helpDocId);
    }
  });
  afterEach(() => rig.emulator.close());

  it.each(MALFORMED_VARIANTS)('a list answered %s', async (variant) => {
    // Two per page, so there is a second page to repeat.
    const api = createApi(rig.client({ retries: 2 }).http, { pageSize: 2 });
    const before = rig.emulator.requests.length;
    rig.emulator.addFault({ type: 'malformed', variant, method: 'GET', path: FAQ_LIST });
    const outcome = await api.faq.listAll().then(
      (items) => ({ items }),
      (error: unknown) => ({ error }),
    );
    const expected = READ_ERRORS[variant];
    if (expected === null) {
      expect('items' in outcome && outcome.items.map((f) => f.helpDocId).sort()).toEqual(faqIds.sort());
    } else {
      expect('error' in outcome, `${variant} was accepted`).toBe(true);
      const error = (outcome as { error: Error }).error;
      expect([TransportError, ResponseShapeError]).toContain(error.constructor);
      expect(error.message).toMatch(expected);
    }
    // Bounded: a broken list is never followed page after page.
    expect(rig.emulator.requests.length - before).toBeLessThanOrEqual(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('__proto__ and constructor keys in every object neither pollute nor change what is read', async () => {
    rig.emulator.addFault({ type: 'malformed', variant: 'proto-keys' });
    const detail = (await rig.api.faq.get(faqIds[0] as number)) as Record<string, unknown>;
    expect(detail.helpDocId).toBe(faqIds[0]);
    expect(Object.getPrototypeOf(detail)).toBe(Object.prototype);
    expect(detail.polluted).toBeUndefined();
    const tag = await rig.api.tag.create({ tagCode: 'p', languages: { ko: '오염' } });
    expect(Object.getPrototypeOf(tag)).toBe(Object.prototype);
    expect(tag.tagCode).toBe('p');
    // The header's own fields count, not the ones a `__proto__` key offers.
    rig.emulator.clearFaults();
    rig.emulator.addFault({ type: 'status', status: 404, path: '/helpdoc/999999.json' });
    await expect(rig.api.faq.get(999999)).rejects.toBeInstanceOf(ApiError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a create answered with garbage fails clearly, and the write it made can be found', async () => {
    for (const variant of ['html', 'truncated', 'wrong-types', 'no-envelope'] as const) {
      rig.emulator.addFault({ type: 'malformed', variant, method: 'POST', times: 1 });
      const error = (await rig.api.tag
        .create({ tagCode: `g-${variant}`, languages: { ko: variant } })
        .catch((e: unknown) => e)) as Error;
      expect(error, variant).toBeInstanceOf(Error);
      expect(error.message).toMatch(/tag\.json/);
    }
    // A create is never repeated on a bad answer: one POST each, and each tag exists once.
    expect(rig.emulator.requests.filter((r) => r.method === 'POST' && r.fault === 'malformed')).toHaveLength(
      4,
    );
    const codes = (await rig.api.tag.listAll()).map((t) => t.tagCode).sort();
    expect(codes).toEqual(['g-html', 'g-no-envelope', 'g-truncated', 'g-wrong-types']);
  });

  it('a transient bad answer on a read is retried: a proxy page or a cut-off answer, once', async () => {
    for (const variant of ['html', 'truncated'] as const) {
      rig.emulator.addFault({ type: 'malformed', variant, method: 'GET', path: FAQ_LIST, times: 1 });
      await expect(rig.api.faq.listAll()).resolves.toHaveLength(3);
    }
  });

  it('a huge answer is not read whole, with or without a Content-Length', async () => {
    rig.emulator.addFault({ type: 'malformed', variant: 'huge', path: FAQ_LIST, times: 1 });
    const small = rig.client({ maxResponseBytes: 1024 * 1024 });
    const error = (await small.api.faq.listAll().catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(/larger than 1 MiB/);
    // The limit is on what is read, not on what is claimed: normal answers pass.
    await expect(small.api.faq.listAll()).resolves.toHaveLength(3);
  });
});
