import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readContent } from '../../src/content/read-content.js';
import { plain } from '../support/plain-read.js';
import { makeProject } from '../support/project.js';

/** The parsed-document cache must never change what reading content/ gives, only how fast. */
describe('render cache', () => {
  const files = {
    'content/faq/_categories.yaml': '- code: billing\n  name: 결제\n',
    'content/faq/a.md': '---\ncategory: billing\n---\n# 질문 A\n\n[B](./b.md)\n',
    'content/faq/b.md': '---\ncategory: billing\n---\n# 질문 B\n\n본문\n',
  };
  const read = (root: string) =>
    readContent({
      projectRoot: root,
      contentDir: path.join(root, 'content'),
      languages: ['ko'],
      timeZone: 'Asia/Seoul',
      cacheFile: path.join(root, '.oc-sync/cache/content.json'),
    });

  it('gives the same result cold and warm, and stores entries', async () => {
    using project = makeProject(files);
    const cold = await read(project.root);
    const warm = await read(project.root);
    // Bodies from the cache are read through loadBody(): compare the plain form, bodies included.
    expect(plain(warm)).toEqual(plain(cold));
    expect(warm.state.documents[0]?.contents.ko?.loadBody()).toContain(
      '<a href="oc-sync:document/faq/b">B</a>',
    );
    const cache = JSON.parse(readFileSync(path.join(project.root, '.oc-sync/cache/content.json'), 'utf8'));
    expect(Object.keys(cache.entries).sort()).toEqual(['faq/a', 'faq/b']);
  });

  it('re-parses a document whose link target disappeared, so the broken link is reported', async () => {
    using project = makeProject(files);
    await read(project.root);
    rmSync(path.join(project.root, 'content/faq/b.md'));
    const result = await read(project.root);
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['content/broken-link']);
  });

  it('is not used when a YAML list changes, so unknown codes are reported', async () => {
    using project = makeProject(files);
    await read(project.root);
    project.write('content/faq/_categories.yaml', '- code: payments\n  name: 결제\n');
    const result = await read(project.root);
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['content/unknown-code', 'content/unknown-code']);
  });

  it('picks up an edited file', async () => {
    using project = makeProject(files);
    await read(project.root);
    project.write('content/faq/b.md', '---\ncategory: billing\n---\n# 질문 B2\n');
    const result = await read(project.root);
    expect(result.state.documents.find((d) => d.key === 'faq/b')?.contents.ko?.title).toBe('질문 B2');
  });
});

describe('render cache packs', () => {
  const files = {
    'content/faq/_categories.yaml': '- code: billing\n  name: 결제\n',
    'content/faq/a.md': '---\ncategory: billing\n---\n# 질문 A\n\n본문 A\n',
    'content/faq/b.md': '---\ncategory: billing\n---\n# 질문 B\n\n본문 B\n',
  };
  const read = (root: string, cache = true) =>
    readContent({
      projectRoot: root,
      contentDir: path.join(root, 'content'),
      languages: ['ko'],
      timeZone: 'Asia/Seoul',
      ...(cache ? { cacheFile: path.join(root, '.oc-sync/cache/content.json') } : {}),
    });
  const packs = (root: string) =>
    readdirSync(path.join(root, '.oc-sync/cache')).filter((n) => n.endsWith('.pack'));

  it('keeps bodies in a few packs however often a document changes, and reads them back exactly', async () => {
    using project = makeProject(files);
    await read(project.root);
    for (let i = 0; i < 12; i++) {
      project.write('content/faq/b.md', `---\ncategory: billing\n---\n# 질문 B\n\n본문 B, 판 ${i}\n`);
      await read(project.root);
      // Packs nobody points into are removed; the rest are compacted once mostly garbage.
      expect(packs(project.root).length).toBeLessThanOrEqual(2);
    }
    const warm = await read(project.root);
    expect(warm.state.documents.find((d) => d.key === 'faq/b')?.contents.ko?.loadBody()).toBe(
      '<p>본문 B, 판 11</p>',
    );
    expect(plain(warm)).toEqual(plain(await read(project.root, false)));
  });

  it('compacts packs that are mostly bodies nobody uses any more', async () => {
    using project = makeProject({
      ...files,
      'content/faq/c.md': `---\ncategory: billing\n---\n# 질문 C\n\n${'긴 본문 '.repeat(200)}\n`,
    });
    await read(project.root);
    for (let i = 0; i < 12; i++) {
      project.write(
        'content/faq/b.md',
        `---\ncategory: billing\n---\n# 질문 B\n\n${`판 ${i} `.repeat(300)}\n`,
      );
      if (i % 2 === 0)
        project.write(
          'content/faq/c.md',
          `---\ncategory: billing\n---\n# 질문 C\n\n${`판 ${i} `.repeat(300)}\n`,
        );
      const result = await read(project.root);
      const live = result.state.documents.reduce(
        (sum, d) => sum + Buffer.byteLength(JSON.stringify({ ko: d.contents.ko?.loadBody() })),
        0,
      );
      const stored = packs(project.root).reduce(
        (sum, pack) => sum + statSync(path.join(project.root, '.oc-sync/cache', pack)).size,
        0,
      );
      expect(stored).toBeLessThanOrEqual(2 * live);
      expect(packs(project.root).length).toBeLessThanOrEqual(8);
    }
    expect(plain(await read(project.root))).toEqual(plain(await read(project.root, false)));
  });

  it('renders again when a pack went missing, instead of failing', async () => {
    using project = makeProject(files);
    await read(project.root);
    for (const pack of packs(project.root)) rmSync(path.join(project.root, '.oc-sync/cache', pack));
    const result = await read(project.root);
    expect(result.state.documents.map((d) => d.contents.ko?.loadBody())).toEqual([
      '<p>본문 A</p>',
      '<p>본문 B</p>',
    ]);
  });
});
