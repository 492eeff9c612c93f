import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../bench/corpus.js';
import type { DocumentLookup } from '../../src/content/documents.js';
import type * as ReadContentModule from '../../src/content/read-content.js';
import type * as RenderJobModule from '../../src/content/render-job.js';
import type * as RenderPoolModule from '../../src/content/render-pool.js';
import { plain } from '../support/plain-read.js';
import { makeProject, type TempProject } from '../support/project.js';

/**
 * The render pool against one thread, on the build: a worker thread loads compiled JavaScript
 * (`dist/content/render-worker.js`), so these tests import `readContent` from `dist/` as the CLI runs it (from the
 * sources, vitest's own, there is no worker file and everything renders in the main thread).
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const dist = (module: string) => path.join(repoRoot, 'dist', module);
const testWorker = (name: string) => new URL(`./support/${name}`, import.meta.url);

let readContent: typeof ReadContentModule.readContent;
let renderJob: typeof RenderJobModule.renderJob;
let startRenderPool: typeof RenderPoolModule.startRenderPool;

beforeAll(async () => {
  if (!existsSync(dist('content/render-worker.js'))) {
    throw new Error('oc-sync is not built: run `npx tsc -p tsconfig.build.json` (npm test does) first');
  }
  ({ readContent } = (await import(dist('content/read-content.js'))) as typeof ReadContentModule);
  ({ renderJob } = (await import(dist('content/render-job.js'))) as typeof RenderJobModule);
  ({ startRenderPool } = (await import(dist('content/render-pool.js'))) as typeof RenderPoolModule);
});

/** A corpus with every kind of finding next to the benchmark's documents (attachments, links, translations). */
function projectWithFindings(): TempProject {
  const project = makeProject({
    'content/faq/c0-0-0/links.md':
      '---\ncategory: c0-0-0\n---\n# 링크\n\n[다른 문서](./q00000.md) [없는 문서](./nope.md) ![그림](../shared/diagram.png)\n',
    'content/faq/c0-0-0/links.en.md': '# Links\n\n[other](./q00000.md)\n',
    'content/faq/c0-0-0/bad-key.md': '---\ncategory: c0-0-0\ncolour: red\n---\n# 키\n\n본문\n',
    'content/faq/c0-0-0/bad-code.md': '---\ncategory: c9-9-9\n---\n# 코드\n\n본문\n',
    'content/faq/c0-0-0/missing-file.md': '---\ncategory: c0-0-0\n---\n# 첨부\n\n[파일](./gone.pdf)\n',
    'content/faq/c0-0-0/unsafe.md': '---\ncategory: c0-0-0\n---\n# 스크립트\n\n<script>alert(1)</script>\n',
    'content/faq/c0-0-0/no-title.md': '---\ncategory: c0-0-0\n---\n본문만 있다\n',
    'content/faq/c0-0-0/orphan.en.md': '# Orphan\n',
    'content/faq/c0-0-0/not-utf8.md': Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]),
    'content/guide.md': '# A stray document\n',
  });
  writeCorpus(path.join(project.root, 'content'), { docs: 24, seed: 7 });
  return project;
}

function read(project: TempProject, renderPool: Parameters<typeof readContent>[0]['renderPool']) {
  return readContent({
    projectRoot: project.root,
    contentDir: path.join(project.root, 'content'),
    languages: ['ko', 'en'],
    timeZone: 'Asia/Seoul',
    cacheFile: path.join(project.root, '.oc-sync/cache/content.json'),
    renderPool,
  });
}

/** The cache as bytes: its index with pack names numbered in order of use, and each pack's content. */
function cacheContents(project: TempProject): { index: unknown; packs: string[] } {
  const dir = path.join(project.root, '.oc-sync/cache');
  const packs = readdirSync(dir)
    .filter((name) => name.endsWith('.pack'))
    .sort();
  const index = readFileSync(path.join(dir, 'content.json'), 'utf8').replace(
    /bodies-[^"]+\.pack/g,
    (name) => `pack-${packs.indexOf(name)}`,
  );
  return { index: JSON.parse(index), packs: packs.map((name) => readFileSync(path.join(dir, name), 'utf8')) };
}

describe('render pool', { timeout: 60_000 }, () => {
  it('gives the main thread’s documents, bodies, findings in order and cache, byte for byte', async () => {
    using single = projectWithFindings();
    using pooled = projectWithFindings();
    const one = await read(single, { workers: 0 });
    // Every document through the workers: the main thread renders none itself.
    const many = await read(pooled, { workers: 2, threshold: 0, mainRenders: false });
    expect(one.state.documents.length).toBeGreaterThan(24);
    const rules = new Set(one.diagnostics.map((d) => d.rule));
    for (const rule of [
      'content/broken-link',
      'content/unknown-key',
      'content/unknown-code',
      'content/missing-attachment',
      'content/unsafe-html',
      'content/empty-title',
      'content/orphan-translation',
      'content/stray-file',
    ]) {
      expect(rules).toContain(rule);
    }
    expect(one.state.attachments.length).toBeGreaterThan(0);
    expect(plain(many)).toEqual(plain(one));
    expect(many.diagnostics).toEqual(one.diagnostics);
    expect(cacheContents(pooled)).toEqual(cacheContents(single));
    // The pool's cache read back in one thread is the same content again.
    expect(plain(await read(pooled, { workers: 0 }))).toEqual(plain(one));
  });

  it('gives the same when the main thread renders what it waits for, as it does by default', async () => {
    using single = projectWithFindings();
    using mixed = projectWithFindings();
    const one = await read(single, { workers: 0 });
    expect(plain(await read(mixed, { workers: 2, threshold: 0 }))).toEqual(plain(one));
    expect(cacheContents(mixed)).toEqual(cacheContents(single));
  });

  it('reports the document a worker crashed on, reads every other one, and finishes', async () => {
    using single = projectWithFindings();
    using crashing = projectWithFindings();
    const crashFile = 'content/faq/c0-0-0/crash-me.md';
    for (const project of [single, crashing])
      project.write(crashFile, '---\ncategory: c0-0-0\n---\n# 충돌\n');
    const one = await read(single, { workers: 0 });
    const workerFile = testWorker('crashing-worker.mjs');
    const result = await read(crashing, { workers: 2, threshold: 0, mainRenders: false, workerFile });
    const failure = result.diagnostics.filter((d) => d.rule === 'content/render-failed');
    expect(failure).toEqual([
      expect.objectContaining({
        file: crashFile,
        message: 'the worker thread rendering it stopped (it exited with code 3)',
      }),
    ]);
    expect(result.diagnostics.filter((d) => d.rule !== 'content/render-failed')).toEqual(one.diagnostics);
    const others = one.state.documents.filter((d) => d.key !== 'faq/c0-0-0/crash-me');
    expect(plain(result.state.documents)).toEqual(plain(others));
  });

  it('starts no worker below the threshold, and the workers it is given above it', async () => {
    using project = projectWithFindings();
    const log = path.join(project.root, 'workers.log');
    process.env.OC_SYNC_TEST_WORKER_LOG = log;
    try {
      const workerFile = testWorker('counting-worker.mjs');
      await read(project, { workers: 2, threshold: 1000, workerFile });
      expect(existsSync(log)).toBe(false);
      project.write('.oc-sync/cache/content.json', '{}');
      await read(project, { workers: 2, threshold: 10, workerFile });
      expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
    } finally {
      delete process.env.OC_SYNC_TEST_WORKER_LOG;
    }
  });

  it('renders everything in the main thread when no worker can start', async () => {
    using single = projectWithFindings();
    using broken = projectWithFindings();
    const one = await read(single, { workers: 0 });
    const workerFile = testWorker('failing-worker.mjs');
    const result = await read(broken, { workers: 2, threshold: 0, workerFile });
    expect(plain(result)).toEqual(plain(one));
  });
});

describe('render pool failures', () => {
  const lookup: DocumentLookup = {
    languages: ['ko'],
    timeZone: 'Asia/Seoul',
    keys: new Set(['faq/a', 'faq/b', 'faq/crash-me', 'faq/c']),
    categories: new Map([['billing', { code: 'billing', names: { ko: '결제' }, file: 'x', line: 1 }]]),
    headings: new Map(),
    tags: new Map(),
  };
  const job = (key: string, kind = 'faq') => ({
    kind: kind as 'faq',
    key,
    files: [
      {
        rel: `${key}.md`,
        file: `content/${key}.md`,
        language: 'ko',
        isDefault: true,
        text: `---\ncategory: billing\n---\n# ${key}\n\n[a](./a.md) 본문\n`,
      },
    ],
  });

  it('answers a crashed worker’s job with a finding, the others as one thread does, and does not hang', async () => {
    const pool = startRenderPool({ size: 1, lookup, workerFile: testWorker('crashing-worker.mjs') });
    try {
      const jobs = ['faq/a', 'faq/crash-me', 'faq/b', 'faq/c'].map((key) => job(key));
      const answers = await Promise.all(jobs.map((j) => pool.submit(j).result));
      expect(answers[1]?.failed).toBe(true);
      expect(answers[1]?.diagnostics).toEqual([
        expect.objectContaining({
          file: 'content/faq/crash-me.md',
          severity: 'error',
          rule: 'content/render-failed',
          message: 'the worker thread rendering it stopped (it exited with code 3)',
        }),
      ]);
      for (const i of [0, 2, 3]) expect(answers[i]).toEqual(renderJob(jobs[i] as never, lookup));
    } finally {
      await pool.close();
    }
  });

  it('turns an exception into the same finding in a worker as in the main thread', async () => {
    const workerFile = pathToFileURL(dist('content/render-worker.js'));
    const pool = startRenderPool({ size: 1, lookup, workerFile });
    try {
      const throwing = job('faq/a', 'no-such-kind');
      const inWorker = await pool.submit(throwing).result;
      expect(inWorker).toEqual(renderJob(throwing as never, lookup));
      expect(inWorker.diagnostics).toEqual([
        expect.objectContaining({ rule: 'content/render-failed', file: 'content/faq/a.md' }),
      ]);
      expect(inWorker.diagnostics[0]?.message).toMatch(/^oc-sync could not render it: TypeError: /);
    } finally {
      await pool.close();
    }
  });

  it('gives a job no worker has started back to the caller', async () => {
    const pool = startRenderPool({ size: 1, lookup, workerFile: testWorker('failing-worker.mjs') });
    try {
      const ticket = pool.submit(job('faq/a'));
      expect(ticket.take()).toBe(true);
      expect(ticket.take()).toBe(false);
    } finally {
      await pool.close();
    }
  });
});
