import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/remote/errors.js';
import { startRig, type TestRig } from '../support/connect.js';
import { closedPort, type ForwardProxy, startForwardProxy } from '../support/forward-proxy.js';

/**
 * Issue 18: HTTP_PROXY / HTTPS_PROXY / NO_PROXY, through a real local proxy. The variables are passed to each client
 * (`proxyEnv`), never set on this process: other test files run beside this one.
 */

const PASSWORD = 'pr0xy-S3CRET';

async function failureOf(run: () => Promise<unknown>): Promise<TransportError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

describe('through a forward proxy', () => {
  let rig: TestRig;
  let proxy: ForwardProxy;
  beforeAll(async () => {
    rig = await startRig();
    proxy = await startForwardProxy();
  });
  afterAll(async () => {
    await proxy.close();
    await rig.emulator.close();
  });

  it('HTTP_PROXY: every request arrives through the proxy in absolute form, signatures still valid', async () => {
    const before = proxy.seen.length;
    const proxyUrl = `http://oc:${PASSWORD}@127.0.0.1:${proxy.port}`;
    const { http, api } = rig.client({ proxyEnv: { HTTP_PROXY: proxyUrl }, retries: 0 });
    expect(http.proxy).toEqual({ shown: `127.0.0.1:${proxy.port}`, variable: 'HTTP_PROXY' });

    const heading = await api.heading.create({ categoryCode: 'proxied', languages: { ko: '프록시' } });
    const bytes = randomBytes(20_000);
    const uploaded = await api.attachments.upload('notice', {
      bytes,
      fileName: '안내.pdf',
      contentType: 'application/pdf',
    });
    const downloaded = await api.attachments.download('notice', uploaded.attachmentId);
    expect(Buffer.from(downloaded.bytes).equals(bytes)).toBe(true);
    const headings = await api.heading.listPage();
    expect(headings.items.map((h) => h.categoryId)).toContain(heading.categoryId);

    const through = proxy.seen.slice(before);
    expect(through).toHaveLength(http.stats.requests);
    expect(through.length).toBeGreaterThanOrEqual(4);
    for (const line of through) expect(line).toMatch(new RegExp(`^(GET|POST) ${rig.emulator.url}/`));
    const basic = `Basic ${Buffer.from(`oc:${PASSWORD}`).toString('base64')}`;
    expect(proxy.authorizations.slice(before)).toEqual(through.map(() => basic));
  });

  it('lower-case http_proxy wins over HTTP_PROXY, as curl and undici read them', async () => {
    const before = proxy.seen.length;
    const port = await closedPort();
    const { http, api } = rig.client({
      proxyEnv: { http_proxy: proxy.url, HTTP_PROXY: `http://127.0.0.1:${port}` },
    });
    await api.tag.listPage();
    expect(http.proxy?.variable).toBe('http_proxy');
    expect(proxy.seen.length).toBe(before + 1);
  });

  it.each([
    ['the host', '127.0.0.1'],
    ['every host', '*'],
    ['the host and its port', () => `example.com, 127.0.0.1:${new URL(rig.emulator.url).port}`],
    ['an IP range', '127.0.0.0/8'],
  ])('NO_PROXY naming %s: direct, the proxy sees nothing', async (_, value) => {
    const before = proxy.seen.length;
    const noProxy = typeof value === 'function' ? value() : value;
    const { http, api } = rig.client({ proxyEnv: { HTTP_PROXY: proxy.url, NO_PROXY: noProxy } });
    expect(http.proxy).toBeUndefined();
    await api.tag.listPage();
    expect(http.stats.requests).toBe(1);
    expect(proxy.seen.length).toBe(before);
  });

  it('NO_PROXY for another port or host of the same name still goes through the proxy', async () => {
    const before = proxy.seen.length;
    const { api } = rig.client({
      proxyEnv: { HTTP_PROXY: proxy.url, no_proxy: '127.0.0.1:1, 0.0.1, localhost' },
    });
    await api.tag.listPage();
    expect(proxy.seen.length).toBe(before + 1);
  });

  it('HTTPS_PROXY is not used for an http URL, nor HTTP_PROXY for an https one', async () => {
    const { http } = rig.client({ proxyEnv: { HTTPS_PROXY: proxy.url } });
    expect(http.proxy).toBeUndefined();
    const secure = rig.client({ baseUrl: 'https://127.0.0.1:1', proxyEnv: { HTTP_PROXY: proxy.url } });
    expect(secure.http.proxy).toBeUndefined();
  });

  it('a proxy that is down: connection refused by the proxy, named by host:port, credentials never shown', async () => {
    const port = await closedPort();
    const { api } = rig.client({
      proxyEnv: { HTTP_PROXY: `http://oc:${PASSWORD}@127.0.0.1:${port}` },
      retries: 0,
    });
    const error = await failureOf(() => api.tag.listPage());
    expect(error.reason).toBe('network');
    expect(error.message).toContain(`connection refused by proxy 127.0.0.1:${port} (from HTTP_PROXY)`);
    expect(error.message).toContain('check HTTP_PROXY and that the proxy is up');
    expect(error.message).toContain('add 127.0.0.1 to NO_PROXY');
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).not.toContain('oc:');
  });

  it('a proxy that answers 407 to a plain http request: asks for credentials, never shows the ones it had', async () => {
    await using refusing = await startForwardProxy({ refuseRequests: 407 });
    const { api } = rig.client({
      proxyEnv: { HTTP_PROXY: `http://oc:${PASSWORD}@127.0.0.1:${refusing.port}` },
      retries: 0,
    });
    const error = await failureOf(() => api.tag.listPage());
    expect(error.message).toContain(
      `proxy 127.0.0.1:${refusing.port} (from HTTP_PROXY) asks for credentials`,
    );
    expect(error.message).not.toContain(PASSWORD);
    expect(refusing.seen).toHaveLength(1);
  });

  it('a proxy variable that is not a URL: the variable named, its value never', () => {
    expect(() => rig.client({ proxyEnv: { HTTP_PROXY: `http://oc:${PASSWORD}@` } })).toThrow(
      /^HTTP_PROXY is not a proxy URL; set it to http:\/\/host:port/,
    );
    expect(() => rig.client({ proxyEnv: { HTTP_PROXY: `socks5://127.0.0.1:${proxy.port}` } })).toThrow(
      'HTTP_PROXY names a socks5 proxy',
    );
  });

  it('a proxy given without a scheme is taken as http://', async () => {
    const before = proxy.seen.length;
    const { api } = rig.client({ proxyEnv: { HTTP_PROXY: `127.0.0.1:${proxy.port}` } });
    await api.tag.listPage();
    expect(proxy.seen.length).toBe(before + 1);
  });
});

describe('HTTPS through a proxy: CONNECT', () => {
  let rig: TestRig;
  let tls: Server;
  let tlsUrl: string;
  beforeAll(async () => {
    rig = await startRig();
    const fixtures = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
    tls = createHttpsServer({
      key: readFileSync(`${fixtures}self-signed.key`),
      cert: readFileSync(`${fixtures}self-signed.crt`),
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    tlsUrl = `https://127.0.0.1:${(tls.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    tls.close();
    await rig.emulator.close();
  });

  it('HTTPS_PROXY: the proxy is asked to CONNECT to host:port; TLS is then the service’s own', async () => {
    await using proxy = await startForwardProxy();
    const { api } = rig.client({ baseUrl: tlsUrl, proxyEnv: { HTTPS_PROXY: proxy.url }, retries: 0 });
    const error = await failureOf(() => api.tag.listPage());
    expect(proxy.seen).toEqual([`CONNECT ${new URL(tlsUrl).host}`]);
    // The test server's certificate is self-signed: the handshake went through the tunnel to it.
    expect(error.message).toContain('TLS: certificate of 127.0.0.1 not accepted: self-signed certificate');
    expect(error.message).toContain(`sent through proxy 127.0.0.1:${proxy.port} (from HTTPS_PROXY)`);
  });

  it('a proxy that refuses the tunnel with 407: asks for credentials, says where to put them', async () => {
    await using proxy = await startForwardProxy({ refuseConnect: 407 });
    const { api } = rig.client({
      baseUrl: tlsUrl,
      proxyEnv: { https_proxy: `http://oc:${PASSWORD}@127.0.0.1:${proxy.port}` },
      retries: 0,
    });
    const error = await failureOf(() => api.tag.listPage());
    expect(error.message).toContain(`proxy 127.0.0.1:${proxy.port} (from https_proxy) asks for credentials`);
    expect(error.message).toContain(`http://user:password@127.0.0.1:${proxy.port}`);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('a proxy that refuses the tunnel with 403: names the host it would not reach; a create is tried again', async () => {
    await using proxy = await startForwardProxy({ refuseConnect: 403 });
    const { api } = rig.client({ baseUrl: tlsUrl, proxyEnv: { HTTPS_PROXY: proxy.url }, retries: 1 });
    const error = await failureOf(() => api.tag.create({ tagCode: 'x', languages: { ko: '엑스' } }));
    expect(error.message).toContain(
      `proxy 127.0.0.1:${proxy.port} (from HTTPS_PROXY) refused to connect to ${new URL(tlsUrl).host} (HTTP 403)`,
    );
    // The tunnel was never opened, so the POST never left: it was safe to try once more.
    expect(proxy.seen).toHaveLength(2);
  });
});
