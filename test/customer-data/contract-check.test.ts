import { describe, expect, it } from 'vitest';
import { checkCustomerDataReply } from '../../src/customer-data/contract-check.js';

const json = 'application/json; charset=UTF-8';

describe('checkCustomerDataReply', () => {
  it('passes 200 with a data object of strings', () => {
    const report = checkCustomerDataReply({ status: 200, contentType: json, body: { data: { id: 'a' } } });
    expect(report.passed).toBe(true);
    expect(report.checks.every((check) => check.status === 'pass')).toBe(true);
  });

  it('fails 200 with non-string data values and names them', () => {
    const report = checkCustomerDataReply({
      status: 200,
      contentType: json,
      body: { data: { id: 'a', cash: 0, vip: true } },
    });
    expect(report.passed).toBe(false);
    expect(report.checks).toContainEqual({
      status: 'fail',
      label: 'data values must be strings; not strings: cash, vip',
    });
  });

  it('fails 200 without data, and a body that is not JSON', () => {
    expect(checkCustomerDataReply({ status: 200, contentType: json, body: { userName: 'x' } }).passed).toBe(
      false,
    );
    expect(checkCustomerDataReply({ status: 200, contentType: 'text/plain', body: undefined }).passed).toBe(
      false,
    );
  });

  it('fails a failure reply unless --expect-error, and checks the error shape either way', () => {
    const reply = {
      status: 400,
      contentType: json,
      body: { error: { code: 911, message: 'Not existing user.', detail: null } },
    };
    expect(checkCustomerDataReply(reply).passed).toBe(false);
    expect(checkCustomerDataReply(reply, true).passed).toBe(true);
    const bad = { status: 404, contentType: json, body: { error: { code: 1, detail: 5 } } };
    const report = checkCustomerDataReply(bad, true);
    expect(report.passed).toBe(false);
    expect(report.checks.filter((check) => check.status === 'fail').map((check) => check.label)).toEqual([
      'error.message must be a string, got undefined',
      'error.detail must be a string or null, got a number',
    ]);
  });

  it('fails a 200 under --expect-error', () => {
    const report = checkCustomerDataReply(
      { status: 200, contentType: json, body: { data: { id: 'a' } } },
      true,
    );
    expect(report.passed).toBe(false);
  });

  it('only warns about an undocumented failure status or a non-JSON Content-Type', () => {
    const report = checkCustomerDataReply(
      { status: 401, contentType: 'text/json', body: { error: { code: 'x', message: 'y' } } },
      true,
    );
    expect(report.passed).toBe(true);
    expect(report.checks.filter((check) => check.status === 'warn')).toHaveLength(2);
  });
});
