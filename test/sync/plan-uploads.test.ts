import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/sync/plan.js';
import { plannedUploads, unusedUploads } from '../../src/sync/plan-uploads.js';
import { attachment, faqDoc, languageContent } from '../support/plan-fixtures.js';

const form = attachment('faq/files/refund-form.pdf', 'a'.repeat(32));
const photo = attachment('faq/files/photo.png', 'b'.repeat(32));
const withFiles = (key: string, files: string[]) =>
  faqDoc(key, { contents: { ko: languageContent('제목', '<p>본문</p>', files) } });
const create = (key: string, hold?: Change['hold']): Change => ({
  action: 'create',
  kind: 'faq',
  key,
  changedFields: [],
  payloadHash: `payload-${key}`,
  ...(hold ? { hold } : {}),
});

describe('the uploads a plan makes', () => {
  const documents = [withFiles('faq/a', [form.path]), withFiles('faq/b', [form.path, photo.path])];

  it('uploads each file once, naming every document written in this run that attaches it', () => {
    const uploads = plannedUploads({
      changes: [create('faq/a'), create('faq/b')],
      documents,
      attachments: [form, photo],
      recorded: {},
      overwriteDrift: false,
    });
    expect(uploads).toEqual([
      { path: form.path, store: 'help', size: 1024, documents: ['faq/a', 'faq/b'] },
      { path: photo.path, store: 'help', size: 1024, documents: ['faq/b'] },
    ]);
  });

  it('uploads nothing for a held create, nor what the service has already', () => {
    const recorded = {
      [`help:${form.identity}`]: {
        id: 'att-1',
        fileName: form.fileName,
        size: 1024,
        uploaded: true as const,
      },
    };
    const uploads = plannedUploads({
      changes: [create('faq/a'), create('faq/b', 'exists-unmanaged')],
      documents,
      attachments: [form, photo],
      recorded,
      overwriteDrift: false,
    });
    expect(uploads).toEqual([]);
  });

  it('counts a drifted update once overwriting drift is asked for', () => {
    const drifted: Change = {
      action: 'update',
      kind: 'faq',
      key: 'faq/b',
      remoteId: 7,
      changedFields: ['contents.ko.body'],
      after: { fields: {}, contents: {} },
      payloadHash: 'p',
      hold: 'drift',
    };
    const input = { changes: [drifted], documents, attachments: [form, photo], recorded: {} };
    expect(plannedUploads({ ...input, overwriteDrift: false })).toEqual([]);
    expect(plannedUploads({ ...input, overwriteDrift: true }).map((u) => u.path)).toEqual([
      form.path,
      photo.path,
    ]);
  });
});

describe('uploads nobody uses any more', () => {
  it('lists recorded uploads no file of content/ is, and marks the ones found on the service as only forgotten', () => {
    const recorded = {
      [`help:${form.identity}`]: { id: 'att-1', fileName: form.fileName, size: 10, uploaded: true as const },
      [`help:${photo.identity}`]: {
        id: 'att-2',
        fileName: photo.fileName,
        size: 20,
        uploaded: true as const,
      },
      'notice:console-made': { id: 'att-3', fileName: 'console.png', size: 30 },
    };
    expect(unusedUploads([form], recorded)).toEqual([
      { key: `help:${photo.identity}`, fileName: 'photo.png', size: 20, forgetOnly: false },
      { key: 'notice:console-made', fileName: 'console.png', size: 30, forgetOnly: true },
    ]);
  });
});
