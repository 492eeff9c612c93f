import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { type ContentChange, createContentMemory, forgetChanged } from '../../src/content/content-memory.js';
import { readContent } from '../../src/content/read-content.js';
import { readSite } from '../../src/preview/read-site.js';
import { type PreviewServer, startPreviewServer } from '../../src/preview/server.js';
import { pagePaths, renderPage } from '../../src/preview/site.js';
import { buildSite, type SiteModel } from '../../src/preview/site-model.js';
import type { E2eProject } from '../e2e/support/project.js';
import { previewProject } from './support.js';

/**
 * The incremental rebuild equals a full one. A sequence of a writer's edits — a body edit, a new document, a
 * linked document deleted and restored, a rename, a list edit, a translation, a case-duplicate key, a missing and
 * then added attachment, an attachment's bytes, a folder removed — and after each step the incrementally rebuilt
 * site is compared with a fresh read of content/ without any cache: the model (every field, hash, body, problem),
 * and every page as the running server answers it over HTTP.
 */

const DAY = '2026-12-02';

interface Step {
  name: string;
  /** Does the edit; returns what chokidar reports for it. */
  run(project: E2eProject): ContentChange[];
}

const at = (project: E2eProject, rel: string) => path.join(project.root, rel);
const write = (project: E2eProject, rel: string, text: string | Uint8Array, event = 'change') => {
  project.write(rel, text);
  return { event, path: at(project, rel) };
};
const remove = (project: E2eProject, rel: string) => {
  project.remove(rel);
  return { event: 'unlink', path: at(project, rel) };
};

let saved: { timeline: string; timelineEn: string } | undefined;

const steps: Step[] = [
  {
    name: 'a body edited',
    run: (p) => {
      const file = 'content/faq/account/reset-password.md';
      return [write(p, file, p.read(file).replace('두 번 입력합니다', '한 번 더 입력합니다'))];
    },
  },
  {
    name: 'a document added, linking to another',
    run: (p) => [
      write(
        p,
        'content/faq/account/new-question.md',
        '---\ncategory: account\n---\n\n# 새 질문\n\n[카드 환불](../billing/card-refund-timeline.md)을 보세요.\n',
        'add',
      ),
    ],
  },
  {
    name: 'a linked document deleted (its links become broken)',
    run: (p) => {
      saved = {
        timeline: p.read('content/faq/billing/card-refund-timeline.md'),
        timelineEn: p.read('content/faq/billing/card-refund-timeline.en.md'),
      };
      return [
        remove(p, 'content/faq/billing/card-refund-timeline.md'),
        remove(p, 'content/faq/billing/card-refund-timeline.en.md'),
      ];
    },
  },
  {
    name: 'the linked document restored, without its translation',
    run: (p) => [write(p, 'content/faq/billing/card-refund-timeline.md', saved?.timeline ?? '', 'add')],
  },
  {
    name: 'a document renamed',
    run: (p) => {
      const changes: ContentChange[] = [];
      for (const suffix of ['.md', '.en.md']) {
        const from = `content/faq/orders/change-address${suffix}`;
        const to = `content/faq/orders/delivery-address${suffix}`;
        const text = p.read(from);
        changes.push(remove(p, from), write(p, to, text, 'add'));
      }
      return changes;
    },
  },
  {
    name: 'a category removed from the list that a document uses, another renamed',
    run: (p) => {
      const file = 'content/faq/_categories.yaml';
      const text = p.read(file);
      const edited = text
        .replace(/ {4}- code: password\n {6}name: \{ ko: 비밀번호, en: Password \}\n/, '')
        .replace('{ ko: 결제, en: Billing }', '{ ko: 결제와 환불, en: Billing and refunds }');
      expect(edited).not.toBe(text);
      return [write(p, file, edited)];
    },
  },
  {
    name: 'a translation added',
    run: (p) => [
      write(
        p,
        'content/faq/account/new-question.en.md',
        '# A new question\n\nSee [card refunds](../billing/card-refund-timeline.md).\n',
        'add',
      ),
    ],
  },
  {
    name: 'a key that differs only in letter case',
    run: (p) => [
      write(p, 'content/faq/account/New-Question.md', '---\ncategory: account\n---\n\n# 중복\n', 'add'),
    ],
  },
  {
    name: 'a document attaching a file that does not exist',
    run: (p) => [
      write(
        p,
        'content/faq/billing/guide.md',
        '---\ncategory: billing\n---\n\n# 안내서\n\n[안내서 받기](./guide.pdf)\n',
        'add',
      ),
    ],
  },
  {
    name: 'the attached file added',
    run: (p) => [write(p, 'content/faq/billing/guide.pdf', Buffer.from('%PDF-1.4 guide\n'), 'add')],
  },
  {
    name: "an attachment's bytes changed",
    run: (p) => [write(p, 'content/faq/billing/refund-form.pdf', Buffer.from('%PDF-1.4 another form\n'))],
  },
  {
    name: 'a folder removed',
    run: (p) => {
      p.remove('content/faq/orders');
      return [{ event: 'unlinkDir', path: at(p, 'content/faq/orders') }];
    },
  },
];

const deleted = steps[2] as Step;

/** content/ read from scratch: no render cache, no memory. */
async function freshSite(project: E2eProject): Promise<SiteModel> {
  const { config, root } = await loadConfig({ cwd: project.root, env: {} });
  const contentDir = path.resolve(root, config.content);
  const result = await readContent({
    projectRoot: project.root,
    contentDir,
    languages: config.languages,
    timeZone: config.timeZone,
    allowUnsafeHtml: config.allowUnsafeHtml,
    keepIncomplete: true,
  });
  return buildSite({
    result,
    languages: config.languages,
    timeZone: config.timeZone,
    projectRoot: project.root,
    contentDir,
  });
}

/** Everything the model holds, as plain data (bodies loaded); what differs between any two builds left out. */
function serialised(site: SiteModel) {
  return {
    documents: [...site.documents.values()].map((entry) => ({
      key: entry.key,
      section: entry.section.kind,
      files: entry.files,
      problems: entry.problems,
      document: entry.document && {
        ...entry.document,
        contents: Object.fromEntries(
          Object.entries(entry.document.contents).map(([language, content]) => [
            language,
            { title: content.title, attachments: content.attachments, body: content.loadBody() },
          ]),
        ),
      },
    })),
    sections: site.sections.map((section) => ({
      kind: section.kind,
      documents: section.documents.map((d) => d.key),
      byCategory: [...section.byCategory].map(([code, filed]) => [code, filed.map((d) => d.key)]),
    })),
    items: [...site.items].map(([kind, items]) => [kind, [...items.values()]]),
    attachments: [...site.attachments.values()],
    diagnostics: site.diagnostics,
    lists: { ...site.state, documents: undefined, attachments: undefined },
  };
}

/** A page without what changes on every build (the live-reload version, the build time). */
function normalised(html: string, site: SiteModel): string {
  return html.replaceAll(site.version, 'VERSION').replaceAll(site.builtAt.toISOString(), 'BUILT');
}

describe('an incremental read of content/ (ContentMemory)', () => {
  it('equals a fresh read after every step of a sequence of edits', async () => {
    using project = previewProject();
    const loaded = await loadConfig({ cwd: project.root, env: {} });
    const contentDir = path.join(project.root, 'content');
    const memory = createContentMemory();
    await readSite(loaded, project.root, { memory });
    for (const step of steps) {
      forgetChanged(memory, contentDir, step.run(project));
      const parsed: string[] = [];
      const incremental = await readSite(loaded, project.root, {
        memory,
        onParse: (file) => parsed.push(file),
      });
      expect(serialised(incremental), step.name).toEqual(serialised(await freshSite(project)));
      if (step === steps[0]) expect(parsed).toEqual(['content/faq/account/reset-password.md']);
      if (step === deleted)
        expect(
          incremental.documents
            .get('faq/billing/refund-request')
            ?.problems.filter((p) => p.rule === 'content/broken-link').length,
        ).toBe(2);
    }
  });

  it('reads a file again only when told it changed, and walks again only when a file was added or removed', async () => {
    using project = previewProject();
    const loaded = await loadConfig({ cwd: project.root, env: {} });
    const memory = createContentMemory();
    await readSite(loaded, project.root, { memory });
    const file = 'content/faq/account/reset-password.md';
    project.write(file, project.read(file).replace('# 비밀번호를 잊어버렸어요', '# 바뀐 제목'));
    project.write('content/faq/account/unseen.md', '---\ncategory: account\n---\n\n# 아직 모름\n');
    // Not told: the memory still answers with what it read.
    const stale = await readSite(loaded, project.root, { memory });
    expect(stale.documents.get('faq/account/reset-password')?.document?.contents.ko?.title).toBe(
      '비밀번호를 잊어버렸어요',
    );
    expect(stale.documents.has('faq/account/unseen')).toBe(false);
    forgetChanged(memory, path.join(project.root, 'content'), [
      { event: 'change', path: path.join(project.root, file) },
    ]);
    const changed = await readSite(loaded, project.root, { memory });
    expect(changed.documents.get('faq/account/reset-password')?.document?.contents.ko?.title).toBe(
      '바뀐 제목',
    );
    expect(changed.documents.has('faq/account/unseen')).toBe(false);
    forgetChanged(memory, path.join(project.root, 'content'), [
      { event: 'add', path: path.join(project.root, 'content/faq/account/unseen.md') },
    ]);
    expect((await readSite(loaded, project.root, { memory })).documents.has('faq/account/unseen')).toBe(true);
  });
});

describe('the preview server after each save', () => {
  let project: E2eProject;
  let server: PreviewServer;
  let events: { count: number; stop: () => void };

  beforeAll(async () => {
    project = previewProject();
    server = await startPreviewServer({
      cwd: project.root,
      env: {},
      port: 0,
      debounceMs: 50,
      cacheSaveDelayMs: 100,
      print: () => {},
    });
    events = await listen(new URL('_preview/events', server.url).href);
  });

  afterAll(async () => {
    events.stop();
    await server.stop();
    project[Symbol.dispose]();
  });

  it('serves every page as a fresh full build renders it', async () => {
    for (const step of steps) {
      const before = events.count;
      step.run(project);
      await settled(events, before);
      const fresh = await freshSite(project);
      if (step === deleted) {
        const linking = await fetch(new URL('ko/faq/billing/refund-request.html', server.url));
        expect(await linking.text()).toContain('data-preview-broken');
      }
      for (const page of pagePaths(fresh)) {
        const response = await fetch(new URL(`${page}?date=${DAY}`, server.url));
        expect(response.status, `${step.name}: ${page}`).toBe(200);
        const served = await response.text();
        const version = /data-version="([^"]+)"/.exec(served)?.[1] ?? '';
        const built = /at (\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(served)?.[1] ?? '';
        const expected = normalised(renderPage(fresh, page, { live: true, day: DAY }) ?? '', fresh);
        expect(
          served.replaceAll(version, 'VERSION').replaceAll(built, 'BUILT'),
          `${step.name}: ${page}`,
        ).toBe(expected);
      }
    }
  });
});

/** Counts the server's reload events. */
async function listen(url: string): Promise<{ count: number; stop: () => void }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const state = { count: 0, stop: () => controller.abort() };
  let buffered = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        state.count += lines.filter((line) => line.startsWith('data: ')).length;
      }
    } catch {
      // Aborted at the end.
    }
  })();
  await until(() => state.count > 0);
  return state;
}

/** After a step: a reload event, then no more for a while (the step's saves may come in two rebuilds). */
async function settled(events: { count: number }, before: number): Promise<void> {
  await until(() => events.count > before);
  for (;;) {
    const seen = events.count;
    await new Promise((resolve) => setTimeout(resolve, 600));
    if (events.count === seen) return;
  }
}

async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error('no reload event within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
