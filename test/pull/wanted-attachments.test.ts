import { describe, expect, it } from 'vitest';
import { serviceUrls } from '../../src/pull/service-urls.js';
import { attachmentInfos, wantedAttachments } from '../../src/pull/wanted-attachments.js';
import type { DocumentView } from '../../src/resources/view.js';

const urls = serviceUrls({
  baseUrl: 'https://help.example.com',
  serviceId: 'svc',
  attachmentUrl: '{baseUrl}/files/{kind}/{id}',
  documentUrl: '{baseUrl}/hc/{kind}/{id}',
});

const view = (contents: Record<string, string>): DocumentView =>
  ({
    fields: {},
    contents: Object.fromEntries(
      Object.entries(contents).map(([language, html]) => [language, { title: 't', html, attachments: [] }]),
    ),
  }) as unknown as DocumentView;

const hex = (digit: string) => digit.repeat(32);
const [a1, a2, a3, n9, other] = [hex('1'), hex('2'), hex('3'), hex('9'), hex('f')];
const file = (store: string, id: string) => `https://help.example.com/files/${store}/${id}`;

describe('wantedAttachments', () => {
  it('gathers listed and linked files once, a listed one with its name, a linked one in its own store', () => {
    const record = {
      contents: {
        ko: { attachments: [{ attachmentId: a1, fileName: 'guide.pdf' }] },
        en: { attachments: [{ attachmentId: a2, fileName: null }] },
      },
    };
    const html = {
      ko: `<p><a href="${file('help', a1)}">guide</a><img src="${file('notice', n9)}"></p>`,
      en: `<p><a href="${file('help', a3)}?download=1">x</a><a href="https://other.example/files/help/${other}">web</a></p>`,
    };
    const wanted = wantedAttachments(
      [{ kind: 'faq', record, view: view(html), languages: ['ko', 'en'] }],
      urls,
      'ko',
    );
    expect([...wanted]).toEqual([
      [`help:${a1}`, { store: 'help', id: a1, fileName: 'guide.pdf' }],
      [`notice:${n9}`, { store: 'notice', id: n9 }],
      [`help:${a2}`, { store: 'help', id: a2, fileName: undefined }],
      [`help:${a3}`, { store: 'help', id: a3 }],
    ]);
  });

  it('reads only the languages written, and nothing for a kind without attachments', () => {
    const record = {
      contents: {
        ko: { attachments: [{ attachmentId: 'a1' }] },
        en: { attachments: [{ attachmentId: 'a2' }] },
      },
    };
    const faq = wantedAttachments(
      [{ kind: 'faq', record, view: view({ ko: '', en: '' }), languages: ['ko'] }],
      urls,
      'ko',
    );
    expect([...faq.keys()]).toEqual(['help:a1']);
    const template = wantedAttachments(
      [{ kind: 'template', record, view: view({ ko: '' }), languages: ['ko'] }],
      urls,
      'ko',
    );
    expect(template.size).toBe(0);
  });
});

describe('attachmentInfos', () => {
  it('reads per-language lists, or the top-level list for the default language of a single-language record', () => {
    const multi = {
      contents: { en: { attachments: [{ attachmentId: 'e' }] } },
      attachments: [{ attachmentId: 'top' }],
    };
    expect(attachmentInfos(multi, 'en', 'ko')).toEqual([{ attachmentId: 'e' }]);
    expect(attachmentInfos(multi, 'ko', 'ko')).toEqual([]);
    const single = { attachments: [{ attachmentId: 'top' }] };
    expect(attachmentInfos(single, 'ko', 'ko')).toEqual([{ attachmentId: 'top' }]);
    expect(attachmentInfos(single, 'en', 'ko')).toEqual([]);
    expect(attachmentInfos({ contents: {}, attachments: null }, 'ko', 'ko')).toEqual([]);
  });
});
