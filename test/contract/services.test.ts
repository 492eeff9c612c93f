import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/remote/errors.js';
import { startRig, type TestRig } from '../support/connect.js';

describe('organization service calls (organization key)', () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig({
      services: [
        { serviceId: 'HelpCenter', serviceKey: 'key-one', languages: ['ko', 'en'] },
        { serviceId: 'Second', serviceKey: 'key-two', languages: ['ja'] },
      ],
    });
  });
  afterAll(() => rig.emulator.close());

  it('lists the services and reads one, with its key and languages', async () => {
    const all = await rig.api.services.listAll();
    expect(all.map((s) => s.serviceId).sort()).toEqual(['HelpCenter', 'Second']);
    const detail = await rig.api.services.get('Second');
    expect(detail).toMatchObject({
      serviceId: 'Second',
      active: true,
      language: 'ja',
      securityKey: 'key-two',
    });
    expect(detail.languages?.map((l) => l.code)).toEqual(['ja']);
  });

  it('answers 404 for an unknown service', async () => {
    await expect(rig.api.services.get('Nope')).rejects.toMatchObject({ resultCode: 404 });
  });

  it('rejects a service key on an organization path', async () => {
    const wrong = rig.client({ orgKey: 'key-one' });
    const error = (await wrong.api.services.listAll().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.resultMessage).toBe('Authorization is incorrect');
    expect(error.message).not.toContain('key-one');
  });

  it('says what is missing when no organization key is configured', async () => {
    const { api } = rig.client({ orgKey: undefined });
    await expect(api.services.listAll()).rejects.toThrow(/organization key/);
  });
});

describe('FAQ actions and multi-detail', () => {
  let rig: TestRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.emulator.close());

  it('toggles recommend and top with query params, and close sets status C', async () => {
    const category = await rig.api.faqCategory.create({ categoryCode: 'x', languages: { ko: '기타' } });
    const faq = await rig.api.faq.create({
      status: 'O',
      categoryId: category.categoryId,
      isTop: false,
      isRecommend: false,
      contents: { ko: { title: '질문', content: '<p>답</p>' } },
    });
    await rig.api.faq.actions.recommend(faq.helpDocId, true);
    await rig.api.faq.actions.top(faq.helpDocId, true);
    expect(await rig.api.faq.get(faq.helpDocId)).toMatchObject({
      isRecommend: true,
      isTop: true,
      status: 'O',
    });
    await rig.api.faq.actions.top(faq.helpDocId, false);
    await rig.api.faq.actions.close(faq.helpDocId);
    expect(await rig.api.faq.get(faq.helpDocId)).toMatchObject({
      isRecommend: true,
      isTop: false,
      status: 'C',
    });
    const put = rig.emulator.requests.find((r) => r.path.endsWith('/recommend.json'));
    expect(put).toMatchObject({ method: 'PUT', query: 'recommend=true' });
  });

  it('reads several notices in one call', async () => {
    const heading = await rig.api.heading.create({ categoryCode: 'm', languages: { ko: '여러' } });
    const ids: number[] = [];
    for (const title of ['하나', '둘', '셋']) {
      const created = await rig.api.notice.create({
        status: 'O',
        categoryId: heading.categoryId,
        isTop: false,
        startDt: '20260101000000',
        endDt: '',
        contents: { ko: { title, content: `<p>${title}</p>` } },
      });
      ids.push(created.noticeId);
    }
    const many = await rig.api.notice.getMany(ids);
    expect(many.map((n) => n.contents.ko?.title).sort()).toEqual(['둘', '셋', '하나']);
  });
});
