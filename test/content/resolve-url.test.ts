import { describe, expect, it } from 'vitest';
import { resolveUrl, type UrlContext } from '../../src/content/documents.js';

/** What `parseDocument` makes of each URL in a body, as plain data. */
describe('resolveUrl', () => {
  const context: UrlContext = {
    fromRel: 'notices/guide/start.md',
    languages: ['ko', 'en'],
    keys: new Set(['notices/guide/next', 'faq/billing']),
    label: 'notice',
    attachmentStore: 'notice',
  };
  const at = (url: string, element = 'a') =>
    resolveUrl({ url, element, attribute: 'href', line: 3, column: 5 }, context);

  it('keeps web URLs and writes page-relative web: URLs without the escape', () => {
    expect(at('https://example.com/x')).toEqual({});
    expect(at('mailto:a@example.com')).toEqual({});
    expect(at('web:../pricing')).toEqual({ url: '../pricing' });
    expect(at('web:https://example.com').problem?.[0]).toBe('content/web-url-with-scheme');
  });

  it('turns a document link into a placeholder, its suffix kept, and names the key', () => {
    expect(at('./next.md#part')).toEqual({
      url: 'oc-sync:document/notices/guide/next#part',
      link: 'notices/guide/next',
    });
    expect(at('../../faq/billing.en.md')).toEqual({
      url: 'oc-sync:document/faq/billing',
      link: 'faq/billing',
    });
    expect(at('./nxt.md')).toEqual({
      problem: [
        'content/broken-link',
        'link to ./nxt.md: there is no document notices/guide/nxt',
        'did you mean notices/guide/next?',
      ],
    });
  });

  it('turns a file into an attachment placeholder, inside content/ only, for kinds with attachments', () => {
    expect(at('files/a%20b.pdf?dl=1')).toEqual({
      url: 'oc-sync:attachment/notices/guide/files/a b.pdf?dl=1',
      attachment: 'notices/guide/files/a b.pdf',
    });
    expect(at('..\\..\\..\\secret.png', 'img').problem).toEqual([
      'content/path-outside-content',
      'image ..\\..\\..\\secret.png points outside content/',
      'keep linked files inside content/; a web URL relative to the page is written web:..\\..\\..\\secret.png',
    ]);
    const noStore = resolveUrl(
      { url: 'a.png', element: 'img', attribute: 'src', line: 1, column: 1 },
      { ...context, label: 'template', attachmentStore: undefined },
    );
    expect(noStore.problem?.slice(0, 2)).toEqual([
      'content/attachment-not-supported',
      'templates cannot have attachments (a.png)',
    ]);
  });
});
