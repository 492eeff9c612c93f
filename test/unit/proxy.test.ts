import { describe, expect, it } from 'vitest';
import { bypassesProxy, proxyFor } from '../../src/remote/proxy.js';

/** Which proxy a URL goes through (issue 18): curl's reading of HTTP(S)_PROXY and NO_PROXY. */
describe('proxyFor', () => {
  const service = new URL('https://kr1-oc.api.nhncloudservice.com/openapi/');

  it('takes the scheme’s variable, lower case first, and shows host:port only', () => {
    const route = proxyFor(service, {
      HTTPS_PROXY: 'http://other:1',
      https_proxy: 'http://user:p%40ss@proxy.corp.example:3128',
    });
    expect(route?.shown).toBe('proxy.corp.example:3128');
    expect(route?.variable).toBe('https_proxy');
    expect(route?.url.password).toBe('p%40ss');
  });

  it('fills in the default port of the proxy’s scheme', () => {
    expect(proxyFor(service, { HTTPS_PROXY: 'http://proxy.corp.example' })?.shown).toBe(
      'proxy.corp.example:80',
    );
    expect(proxyFor(service, { HTTPS_PROXY: 'https://proxy.corp.example' })?.shown).toBe(
      'proxy.corp.example:443',
    );
  });

  it('none when the variable is unset, empty, or for the other scheme', () => {
    expect(proxyFor(service, {})).toBeUndefined();
    expect(proxyFor(service, { HTTPS_PROXY: '  ' })).toBeUndefined();
    expect(proxyFor(service, { HTTP_PROXY: 'http://proxy:3128' })).toBeUndefined();
  });

  it('localhost is not special: it goes through the proxy unless NO_PROXY names it', () => {
    const local = new URL('http://127.0.0.1:8080/');
    expect(proxyFor(local, { HTTP_PROXY: 'http://proxy:3128' })?.shown).toBe('proxy:3128');
    expect(
      proxyFor(local, { HTTP_PROXY: 'http://proxy:3128', NO_PROXY: 'localhost,127.0.0.1' }),
    ).toBeUndefined();
  });

  it('lower-case no_proxy wins over NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'example.org', NO_PROXY: '*' };
    expect(proxyFor(service, env)).toBeDefined();
  });
});

describe('bypassesProxy', () => {
  const cases: [string, string, boolean][] = [
    ['https://docs.corp.example/', '*', true],
    ['https://docs.corp.example/', 'corp.example', true],
    ['https://docs.corp.example/', '.corp.example', true],
    ['https://docs.corp.example/', '*.corp.example', true],
    ['https://corp.example/', '.corp.example', true],
    ['https://notcorp.example/', 'corp.example', false],
    ['https://DOCS.Corp.Example/', 'docs.corp.example', true],
    ['https://docs.corp.example/', 'docs.corp.example:443', true],
    ['https://docs.corp.example/', 'docs.corp.example:8443', false],
    ['http://docs.corp.example:8080/', 'docs.corp.example:8080', true],
    ['https://docs.corp.example/', 'a.example, docs.corp.example b.example', true],
    ['https://docs.corp.example/', '', false],
    ['http://127.0.0.1:9000/', '127.0.0.1', true],
    ['http://127.0.0.1:9000/', '0.0.1', false],
    ['http://10.1.2.3/', '10.0.0.0/8', true],
    ['http://11.1.2.3/', '10.0.0.0/8', false],
    ['http://[::1]:9000/', '::1', true],
    ['http://[::1]:9000/', '[::1]:9000', true],
    ['http://[::1]:9000/', '[::1]:9001', false],
    ['http://[fd00::5]/', 'fd00::/8', true],
    ['http://docs.corp.example/', '10.0.0.0/8', false],
  ];
  it.each(cases)('%s with NO_PROXY=%j: %s', (url, noProxy, direct) => {
    expect(bypassesProxy(new URL(url), noProxy)).toBe(direct);
  });
});
