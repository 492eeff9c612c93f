import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ATTACHMENT_URL,
  DEFAULT_DOCUMENT_URL,
  fillUrlTemplate,
  unknownPlaceholders,
  urlTemplatePatternSource,
} from '../../src/config/url-template.js';

describe('URL templates', () => {
  it('fill the defaults, trimming the base URL and encoding path parts', () => {
    const values = {
      baseUrl: 'https://example.oc.nhncloud.com/',
      serviceId: 'HelpCenter',
      kind: 'help',
      id: 'a b',
    };
    expect(fillUrlTemplate(DEFAULT_ATTACHMENT_URL, values)).toBe(
      'https://example.oc.nhncloud.com/HelpCenter/openapi/v2/attachments/help/a%20b',
    );
    expect(fillUrlTemplate(DEFAULT_DOCUMENT_URL, { ...values, kind: 'faq', id: 1041 })).toBe(
      'https://example.oc.nhncloud.com/hc/HelpCenter/faq/1041',
    );
  });

  it('name the placeholders that are not {baseUrl}, {serviceId}, {kind} or {id}', () => {
    expect(unknownPlaceholders('{baseUrl}/{lang}/{kind}/{slug}')).toEqual(['lang', 'slug']);
    expect(unknownPlaceholders(DEFAULT_ATTACHMENT_URL)).toEqual([]);
  });

  it('match every URL a template fills to, {kind} and {id} as named groups, everything else literally', () => {
    const site = { baseUrl: 'https://help.example.com/', serviceId: 'Help.Center' };
    const pattern = new RegExp(
      `^${urlTemplatePatternSource(DEFAULT_DOCUMENT_URL, site, ['faq', 'notice'], '\\d+')}$`,
    );
    expect(pattern.exec('https://help.example.com/hc/Help.Center/faq/12')?.groups).toEqual({
      kind: 'faq',
      id: '12',
    });
    for (const url of [
      'https://help.example.com/hc/HelpXCenter/faq/12',
      'https://help.example.com/hc/Help.Center/template/12',
      'https://help.example.com/hc/Help.Center/faq/x',
    ])
      expect(pattern.test(url), url).toBe(false);
  });
});
