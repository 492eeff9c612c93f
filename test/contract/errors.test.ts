import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/remote/errors.js';
import { startRig, type TestRig } from '../support/connect.js';

/** The documented failure codes (oc-api.md §4.2, §7 items 8–10) arrive as typed errors with method, path and code. */
describe('failure codes', () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.emulator.close());

  const notice = (categoryId: number, extra: Record<string, unknown> = {}) => ({
    status: 'O' as const,
    categoryId,
    isTop: false,
    startDt: '20260101000000',
    endDt: '',
    contents: { ko: { title: '안내', content: '<p>본문</p>' } },
    ...extra,
  });

  it('9005 when the body references a heading that does not exist', async () => {
    const error = (await rig.api.notice.create(notice(424242)).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.resultCode).toBe(9005);
    expect(error.method).toBe('POST');
    expect(error.path).toBe('/HelpCenter/openapi/v1/multilanguage/notice.json');
    expect(error.message).toContain('9005');
  });

  it('9005 for a missing tag, attachment or parent category', async () => {
    const heading = await rig.api.heading.create({ categoryCode: 'e1', languages: { ko: '일반' } });
    await expect(
      rig.api.notice.create(notice(heading.categoryId, { tags: [{ tagId: 999 }] })),
    ).rejects.toMatchObject({
      resultCode: 9005,
    });
    const withAttachment = notice(heading.categoryId, {
      contents: { ko: { title: 'a', content: 'b', attachments: [{ attachmentId: 'f'.repeat(32) }] } },
    });
    await expect(rig.api.notice.create(withAttachment)).rejects.toMatchObject({ resultCode: 9005 });
    await expect(
      rig.api.faqCategory.create({ parent: 999999, languages: { ko: '고아' } }),
    ).rejects.toMatchObject({
      resultCode: 9005,
    });
  });

  it('9007 for a duplicate code or name, and for deleting what is still in use', async () => {
    await rig.api.tag.create({ tagCode: 'dup', languages: { ko: '중복' } });
    await expect(rig.api.tag.create({ tagCode: 'dup', languages: { ko: '다른' } })).rejects.toMatchObject({
      resultCode: 9007,
    });
    const heading = await rig.api.heading.create({ categoryCode: 'used', languages: { ko: '사용중' } });
    await expect(
      rig.api.heading.create({ categoryCode: 'used2', languages: { ko: '사용중' } }),
    ).rejects.toMatchObject({
      resultCode: 9007,
    });
    await rig.api.notice.create(notice(heading.categoryId));
    await expect(rig.api.heading.delete(heading.categoryId)).rejects.toMatchObject({ resultCode: 9007 });
  });

  it('9007 for a fourth category level and for deleting a category with children', async () => {
    const l1 = await rig.api.faqCategory.create({ categoryCode: 'l1', languages: { ko: '하나' } });
    const l2 = await rig.api.faqCategory.create({
      categoryCode: 'l2',
      parent: l1.categoryId,
      languages: { ko: '둘' },
    });
    const l3 = await rig.api.faqCategory.create({
      categoryCode: 'l3',
      parent: l2.categoryId,
      languages: { ko: '셋' },
    });
    expect([l1.level, l2.level, l3.level]).toEqual([1, 2, 3]);
    expect(l3.path).toBe(`\\${l1.categoryId}\\${l2.categoryId}\\`);
    const fourth = (await rig.api.faqCategory
      .create({ categoryCode: 'l4', parent: l3.categoryId, languages: { ko: '넷' } })
      .catch((e: unknown) => e)) as ApiError;
    expect([400, 9007]).toContain(fourth.resultCode);
    await expect(rig.api.faqCategory.delete(l1.categoryId)).rejects.toMatchObject({ resultCode: 9007 });
  });

  it('400 for a body the service cannot accept, naming the problem', async () => {
    const heading = await rig.api.heading.create({ categoryCode: 'e400', languages: { ko: '사백' } });
    const badDate = (await rig.api.notice
      .create(notice(heading.categoryId, { startDt: '2026-01-01' }))
      .catch((e: unknown) => e)) as ApiError;
    expect(badDate.resultCode).toBe(400);
    expect(badDate.resultMessage).toMatch(/startDt/);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately outside the typed body
    const badEnum = notice(heading.categoryId, { status: 'X' }) as any;
    await expect(rig.api.notice.create(badEnum)).rejects.toMatchObject({ resultCode: 400 });
    await expect(rig.api.heading.create({ categoryCode: 'p', name: '점검!' })).rejects.toMatchObject({
      resultCode: 400,
    });
    await expect(rig.api.tag.create({ tagCode: 'none' })).rejects.toMatchObject({ resultCode: 400 });
  });

  it('400 for a JSON body that is not an object', async () => {
    const response = await rig.http
      .request({ scope: 'service', method: 'POST', path: 'v1/notice/tag.json', body: '{"tagCode":' })
      .catch((e: unknown) => e);
    expect(response).toMatchObject({ resultCode: 400 });
  });

  it('404 for an unknown route, with the method and path in the message', async () => {
    const error = (await rig.http
      .request({ scope: 'service', method: 'GET', path: 'v1/nothing/here.json' })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.resultCode).toBe(404);
    expect(error.message).toContain('GET /HelpCenter/openapi/v1/nothing/here.json');
  });
});
