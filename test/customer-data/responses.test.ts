import { describe, expect, it } from 'vitest';
import { OC_CUSTOMER_DATA_DISPLAY, ocDisplayFor } from '../../src/customer-data/display.js';
import {
  type CustomerDataFailureStatus,
  customerDataFailure,
  customerDataSuccess,
} from '../../src/customer-data/responses.js';

describe('customerDataSuccess', () => {
  it('wraps the fields as {data} with status 200', () => {
    expect(customerDataSuccess({ userName: '홍길동', id: 'testId' })).toEqual({
      status: 200,
      body: { data: { userName: '홍길동', id: 'testId' } },
    });
  });

  it('copies the fields, so later changes to the caller object do not leak in', () => {
    const fields = { id: 'a' };
    const reply = customerDataSuccess(fields);
    fields.id = 'b';
    expect(reply.body.data.id).toBe('a');
  });

  it.each([
    [{ cash: 0 }, /data\.cash is a number/],
    [{ vip: true }, /data\.vip is a boolean/],
    [{ note: null }, /data\.note is null/],
    [{ tags: ['a'] }, /data\.tags is an array/],
  ])('throws a TypeError naming the field for %j', (data, message) => {
    expect(() => customerDataSuccess(data as unknown as Record<string, string>)).toThrow(TypeError);
    expect(() => customerDataSuccess(data as unknown as Record<string, string>)).toThrow(message);
  });

  it('throws when data is not an object', () => {
    expect(() => customerDataSuccess(null as unknown as Record<string, string>)).toThrow(/must be an object/);
  });
});

describe('customerDataFailure', () => {
  it.each([400, 403, 404, 500] as const)('builds {error: {code, message, detail}} for %i', (status) => {
    expect(customerDataFailure(status, { code: 911, message: 'Not existing user.' })).toEqual({
      status,
      body: { error: { code: 911, message: 'Not existing user.', detail: null } },
    });
  });

  it('keeps a string code and a detail', () => {
    expect(
      customerDataFailure(400, { code: 'no-result', message: 'none', detail: 'callNum 000' }).body,
    ).toEqual({
      error: { code: 'no-result', message: 'none', detail: 'callNum 000' },
    });
  });

  it('refuses statuses outside the documented set and malformed errors', () => {
    expect(() => customerDataFailure(401 as CustomerDataFailureStatus, { code: 1, message: 'x' })).toThrow(
      RangeError,
    );
    expect(() => customerDataFailure(200 as CustomerDataFailureStatus, { code: 1, message: 'x' })).toThrow(
      RangeError,
    );
    expect(() => customerDataFailure(400, { code: 1, message: 2 as unknown as string })).toThrow(/message/);
    expect(() => customerDataFailure(400, { code: {} as unknown as string, message: 'x' })).toThrow(/code/);
    expect(() => customerDataFailure(400, { code: 1, message: 'x', detail: 3 as unknown as string })).toThrow(
      /detail/,
    );
  });
});

describe('what Online Contact displays per status', () => {
  it('lists the five documented statuses with the Korean text and an English gloss', () => {
    expect(Object.keys(OC_CUSTOMER_DATA_DISPLAY)).toEqual(['200', '400', '403', '404', '500']);
    expect(ocDisplayFor(400)).toMatchObject({ ko: '조회 결과가 없습니다.', en: 'no result' });
    expect(ocDisplayFor(403)?.en).toMatch(/no permission/);
    for (const display of Object.values(OC_CUSTOMER_DATA_DISPLAY)) {
      expect(display.ko).not.toBe('');
      expect(display.en).not.toBe('');
    }
  });

  it('has nothing for statuses the guide does not list', () => {
    expect(ocDisplayFor(401)).toBeUndefined();
    expect(ocDisplayFor(502)).toBeUndefined();
  });
});
