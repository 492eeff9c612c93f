import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  customerDataStringToSign,
  hmacBase64,
  isBlankBody,
  md5Hex,
  parseQueryString,
  signRequest,
  stringToSign,
} from '../../src/remote/sign.js';

interface Vector {
  name: string;
  key: string;
  orgId: string | null;
  method: string;
  uri: string;
  query: Record<string, string | string[]>;
  queryString: string;
  body: string | null;
  fileBase64: string | null;
  timestamp: string;
  stringToSign: string;
  authorization: string;
}

// The vectors are the shared contract; a copy lives in the repo so a clean clone can test without ../shared.
const vectorsUrl = new URL('../fixtures/oc-api-vectors.json', import.meta.url);
const vectors = JSON.parse(readFileSync(vectorsUrl, 'utf8')) as Vector[];

describe('signing vectors', () => {
  it('has the 19 vectors of oc-api.md §3', () => {
    expect(vectors).toHaveLength(19);
  });

  for (const vector of vectors.filter((v) => v.orgId !== null)) {
    it(`${vector.name}: builds the string to sign from the wire form and signs it`, () => {
      const file = vector.fileBase64 === null ? undefined : Buffer.from(vector.fileBase64, 'base64');
      const parts = {
        orgId: vector.orgId ?? '',
        path: vector.uri,
        params: parseQueryString(vector.queryString),
        body: vector.body ?? undefined,
        fileMd5: file && md5Hex(file),
        timestamp: vector.timestamp,
      };
      expect(stringToSign(parts)).toBe(vector.stringToSign);
      expect(signRequest(vector.key, parts)).toBe(vector.authorization);
    });

    it(`${vector.name}: the decoded query matches the vector's query map`, () => {
      const decoded = new Map<string, string[]>();
      for (const [name, value] of parseQueryString(vector.queryString)) {
        decoded.set(name, [...(decoded.get(name) ?? []), value]);
      }
      const expected = Object.entries(vector.query).map(([name, value]) => [
        name,
        Array.isArray(value) ? value : [value],
      ]);
      expect([...decoded.entries()]).toEqual(expected);
    });
  }

  for (const vector of vectors.filter((v) => v.orgId === null)) {
    it(`${vector.name}: inbound customer-data signature`, () => {
      const text = customerDataStringToSign(vector.body ?? '', vector.timestamp);
      expect(text).toBe(vector.stringToSign);
      expect(hmacBase64(vector.key, text)).toBe(vector.authorization);
    });
  }
});

describe('string to sign rules', () => {
  const base = { orgId: 'ORG', path: '/S/openapi/v1/x.json', timestamp: '1' };

  it('signs an empty value as an empty slot', () => {
    expect(stringToSign({ ...base, params: parseQueryString('a=&b=1') })).toBe('ORG/S/openapi/v1/x.json&11');
  });

  it('sorts by UTF-16 code units: uppercase before lowercase, prefix first', () => {
    const params = parseQueryString('b=3&a=2&Z=1&pageSize=5&page=4');
    expect(stringToSign({ ...base, params })).toBe('ORG/S/openapi/v1/x.json1&2&3&4&51');
  });

  it('puts one & between params and body only when both exist', () => {
    expect(stringToSign({ ...base, body: '{}' })).toBe('ORG/S/openapi/v1/x.json{}1');
    expect(stringToSign({ ...base, params: [['p', 'v']], body: '{}' })).toBe('ORG/S/openapi/v1/x.jsonv&{}1');
  });

  it('skips blank bodies the way Java does, but keeps a body of U+00A0', () => {
    expect(isBlankBody(' \n\t')).toBe(true);
    expect(isBlankBody('\u00a0')).toBe(false);
    expect(stringToSign({ ...base, body: '  ' })).toBe('ORG/S/openapi/v1/x.json1');
    expect(stringToSign({ ...base, body: '\u00a0' })).toBe('ORG/S/openapi/v1/x.json\u00a01');
  });

  it('ignores params and body on multipart uploads', () => {
    expect(stringToSign({ ...base, params: [['a', 'b']], body: 'x', fileMd5: 'abc' })).toBe(
      'ORG/S/openapi/v1/x.jsonabc1',
    );
  });

  it('decodes + as space and keeps malformed escapes verbatim', () => {
    expect(parseQueryString('q=a+b%2Bc&bad=%E0%A4%A&flag')).toEqual([
      ['q', 'a b+c'],
      ['bad', '%E0%A4%A'],
      ['flag', ''],
    ]);
  });
});
