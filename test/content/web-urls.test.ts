import { describe, expect, it } from 'vitest';
import { escapeWebUrl, isWebUrl, unescapeWebUrl } from '../../src/content/web-urls.js';
import { rootRelativeTemplate, serviceUrls } from '../../src/pull/service-urls.js';
import { createLinkCodec, type LinkTargets } from '../../src/sync/links.js';

/** Which URLs are web URLs and the `web:` escape for page-relative ones (issue 16). */

describe('web URLs', () => {
  it('root-relative, scheme-relative, fragments and schemes are web URLs; other relative URLs are files', () => {
    for (const url of ['/hc/ko/faq/12', '//cdn.example.com/x', '#top', 'mailto:a@b.c', 'https://x', ''])
      expect(isWebUrl(url), url).toBe(true);
    for (const url of ['guide', '../guide', './a.png', '?page=2', '\\\\server\\share'])
      expect(isWebUrl(url), url).toBe(false);
  });

  it('an absolute URL template ({baseUrl} or any scheme://host) has a root-relative form; a relative one has none', () => {
    expect(rootRelativeTemplate('{baseUrl}/hc/{serviceId}/faq/{id}')).toBe('/hc/{serviceId}/faq/{id}');
    expect(rootRelativeTemplate('HTTPS://help.example.com/hc/x/{id}')).toBe('/hc/x/{id}');
    expect(rootRelativeTemplate('git+ssh://host/p/{id}')).toBe('/p/{id}');
    for (const template of ['/hc/{id}', '1http://host/{id}', 'https://host//x/{id}', 'mailto:a@b/{id}'])
      expect(rootRelativeTemplate(template), template).toBeUndefined();
  });

  it('web: round-trips every page-relative URL byte for byte, spaces and a web: of its own included', () => {
    for (const url of ['guide', '../guide?a=1#b', ' guide ', '?page=2', 'web:odd', '\\x'])
      expect(unescapeWebUrl(escapeWebUrl(url) as string), url).toEqual({ kind: 'web', url });
    for (const url of ['/hc/ko/faq/12', '#top', 'https://x']) expect(escapeWebUrl(url), url).toBeUndefined();
  });

  it('web: before a scheme is refused, however the scheme is hidden', () => {
    for (const url of ['web:javascript:alert(1)', 'WEB: java\tscript:alert(1)', 'web:\u0001data:text/html,x'])
      expect(unescapeWebUrl(url).kind, url).toBe('refused');
  });
});

describe('document URLs of the service', () => {
  const targets = (documentUrl: string): LinkTargets => ({
    baseUrl: 'https://api.example.com',
    serviceId: 'HelpCenter',
    attachmentUrl: '{baseUrl}/{serviceId}/openapi/v2/attachments/{kind}/{id}',
    documentUrl,
  });

  it('recognises the template form and, for an absolute template, its root-relative path', () => {
    const urls = serviceUrls(targets('https://help.example.com/hc/{serviceId}/{kind}/{id}'));
    expect(urls.document('https://help.example.com/hc/HelpCenter/faq/5042#x')).toEqual({
      kind: 'faq',
      id: 5042,
      suffix: '#x',
      form: 'templated',
    });
    expect(urls.document('/hc/HelpCenter/notice/7')).toMatchObject({ id: 7, form: 'root-relative' });
    expect(urls.document('https://other.example.com/hc/HelpCenter/faq/5042')).toBeUndefined();
    const relative = serviceUrls(targets('/hc/{serviceId}/{kind}/{id}'));
    expect(relative.document('/hc/HelpCenter/faq/5042')).toMatchObject({ id: 5042, form: 'templated' });
  });

  it('a root-relative template reads whole URLs only, never the path of another site', () => {
    const codec = createLinkCodec(targets('/hc/{serviceId}/{kind}/{id}'), {
      attachmentId: () => undefined,
      attachmentIdentity: () => undefined,
      documentId: () => ({ kind: 'faq', id: 12 }),
      documentKey: () => 'faq/a',
    });
    expect(
      codec.read(
        '<a href="/hc/HelpCenter/faq/12#x">a</a> <a href="https://o.com/hc/HelpCenter/faq/12">b</a>',
      ),
    ).toBe('<a href="oc-sync:document/faq/a#x">a</a> <a href="https://o.com/hc/HelpCenter/faq/12">b</a>');
    expect(codec.write('<a href="oc-sync:document/faq/a#x">a</a>', 'help')).toBe(
      '<a href="/hc/HelpCenter/faq/12#x">a</a>',
    );
  });
});
