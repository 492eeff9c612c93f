import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/**
 * oc-sync itself is loaded from its build (`dist/`, as users run it), not through the TypeScript loader: the
 * loader's own memory would count in every scenario's peak RSS. The types come from the sources.
 */
const dist = (module: string) => new URL(`../dist/${module}`, import.meta.url).href;
const { loadConfig, resolveEnvironment } = (await import(
  dist('config/load.js')
)) as typeof import('../src/config/load.js');
const { readContent } = (await import(
  dist('content/read-content.js')
)) as typeof import('../src/content/read-content.js');
const { pullEnvironment } = (await import(
  dist('pull/pull-environment.js')
)) as typeof import('../src/pull/pull-environment.js');
const { connect } = (await import(dist('remote/connect.js'))) as typeof import('../src/remote/connect.js');
const { applyRun } = (await import(dist('sync/apply-run.js'))) as typeof import('../src/sync/apply-run.js');
const { useCompactHeap } = (await import(
  dist('cli/gc-policy.js')
)) as typeof import('../src/cli/gc-policy.js');
const { startPreviewServer } = (await import(
  dist('preview/server.js')
)) as typeof import('../src/preview/server.js');
const { openPlanner } = (await import(
  dist('cli/preview-planner.js')
)) as typeof import('../src/cli/preview-planner.js');
const { contentCacheFile, makePlan } = (await import(
  dist('sync/make-plan.js')
)) as typeof import('../src/sync/make-plan.js');

/**
 * One benchmark scenario, run in its own process so its peak RSS is its own. Prints one JSON line:
 * `{ms, rss, ...}`. The runner (bench/run.ts) starts these and the emulator they talk to.
 */

// As the CLI does.
useCompactHeap();

const [name, projectRoot, extra] = process.argv.slice(2) as [string, string, string | undefined];
const env = { ...process.env };

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function project() {
  const loaded = await loadConfig({ cwd: projectRoot, env });
  const environment = resolveEnvironment(loaded, { env });
  const concurrency = extra ? Number(extra) : loaded.config.sync.concurrency;
  const connection = await connect(environment, {
    // The limit lifted, to measure oc-sync rather than the rate; OC_BENCH_RPS runs at a given rate (scenario 2c).
    settings: { ...loaded.config.sync, concurrency, requestsPerSecond: Number(env.OC_BENCH_RPS ?? 0) },
  });
  return { loaded, environment, connection, concurrency };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the reload events of a running preview (its server-sent events). */
async function reloadEvents(url: string): Promise<{ count: number; stop: () => void }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const events = { count: 0, stop: () => controller.abort() };
  const decoder = new TextDecoder();
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      events.count += decoder
        .decode(value)
        .split('\n')
        .filter((line) => line.startsWith('data: ')).length;
    }
  })();
  while (events.count === 0) await sleep(5);
  return events;
}

/** The first FAQ in file order (default language): the file the preview scenario saves. */
function firstFaq(dir: string): string {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('_')) return firstFaq(abs);
    if (entry.name.endsWith('.md') && !entry.name.endsWith('.en.md')) return abs;
  }
  throw new Error(`no FAQ under ${dir}`);
}

const scenarios: Record<string, () => Promise<Record<string, unknown>>> = {
  /** Scenario 1: parse, validate and render everything, as a first `oc-sync validate` does (an empty cache). */
  async validate() {
    const { ms, value } = await timed(() =>
      readContent({
        projectRoot,
        contentDir: path.join(projectRoot, 'content'),
        languages: ['ko', 'en'],
        timeZone: 'Asia/Seoul',
        cacheFile: contentCacheFile(projectRoot),
      }),
    );
    return { ms, documents: value.state.documents.length, problems: value.diagnostics.length };
  },

  /** The floor for scenario 1: the same files through a bare gray-matter + unified pipeline. */
  async 'bare-pipeline'() {
    const processor = unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypeRaw)
      .use(rehypeStringify)
      .freeze();
    const { ms, value } = await timed(async () => {
      const files = (await listFiles(path.join(projectRoot, 'content'))).filter((f) => f.endsWith('.md'));
      let bytes = 0;
      for (const file of files) {
        const parsed = matter(readFileSync(file, 'utf8'), {});
        bytes += String(processor.processSync(parsed.content)).length;
      }
      return { files: files.length, bytes };
    });
    return { ms, ...value };
  },

  /** Scenarios 2 and 4: plan and apply, as `oc-sync apply --yes` does. */
  async apply() {
    const { loaded, environment, connection, concurrency } = await project();
    let planned = 0;
    const started = performance.now();
    const report = await applyRun({
      loaded,
      environment,
      connection,
      cwd: projectRoot,
      prune: false,
      overwriteDrift: false,
      maxDeletes: 0,
      concurrency,
      onPlan: () => {
        planned = performance.now() - started;
      },
    });
    await connection.close();
    return { ms: report.ms, planMs: planned, applyMs: report.ms - planned, counts: report.result.counts };
  },

  /** Scenario 3: a plan with nothing to do. */
  async plan() {
    const { loaded, environment, connection } = await project();
    const { ms, value } = await timed(() =>
      makePlan({ loaded, environment, connection, projectRoot, cwd: projectRoot, prune: false }),
    );
    await connection.close();
    return { ms, summary: value.plan.summary, cacheFile: contentCacheFile(projectRoot) };
  },

  /**
   * Scenario 7: `oc-sync preview` (`extra` = `env`: with the plan against the environment) on the corpus,
   * one file saved several times, a few seconds apart as a writer saves: the time from the save to the reload
   * event every open page gets, and to the saved page served again (with the plan, to the second reload, when
   * the plan made again is in).
   */
  async preview() {
    const planner = extra === 'env' ? await openPlanner({ cwd: projectRoot, color: false }, true) : undefined;
    const started = performance.now();
    const server = await startPreviewServer({
      cwd: projectRoot,
      env,
      port: 0,
      plan: planner?.plan,
      print: () => {},
    });
    const firstBuildMs = performance.now() - started;
    const events = await reloadEvents(new URL('_preview/events', server.url).href);
    const file = firstFaq(path.join(projectRoot, 'content', 'faq'));
    const key = path
      .relative(path.join(projectRoot, 'content'), file)
      .split(path.sep)
      .join('/')
      .replace(/\.md$/, '');
    const page = new URL(`ko/${key}.html`, server.url).href;
    const original = readFileSync(file, 'utf8');
    const reloads: number[] = [];
    const served: number[] = [];
    // With the plan: a second reload event when the plan made again is in.
    const planned: number[] = [];
    for (let i = 0; i < 7; i++) {
      // Past the render cache's write (2 s after a rebuild), as between a writer's saves.
      await sleep(2500);
      const before = events.count;
      const saved = performance.now();
      writeFileSync(file, `${original}\nSaved ${i} times.\n`);
      while (events.count === before) await sleep(2);
      reloads.push(performance.now() - saved);
      const html = await (await fetch(page)).text();
      if (!html.includes(`Saved ${i} times.`)) throw new Error(`the page at ${page} did not show save ${i}`);
      served.push(performance.now() - saved);
      if (!planner) continue;
      while (events.count < before + 2) await sleep(2);
      planned.push(performance.now() - saved);
    }
    writeFileSync(file, original);
    events.stop();
    await server.stop();
    await planner?.[Symbol.asyncDispose]();
    return {
      ms: median(reloads),
      reloads,
      pageMs: median(served),
      planned,
      plannedMs: planned.length ? median(planned) : undefined,
      firstBuildMs,
    };
  },

  /** Scenario 5: pull the whole service into an empty folder. */
  async pull() {
    const { loaded, environment, connection } = await project();
    const into = path.join(projectRoot, 'pulled');
    const { ms, value } = await timed(() =>
      pullEnvironment({ loaded, environment, connection, cwd: projectRoot, into }),
    );
    await connection.close();
    return {
      ms,
      documents: value.documents.length,
      exact: value.conversion,
      problems: value.diagnostics.length,
    };
  },

  /** The floor for scenario 3: read and hash every file, fetch the list pages. */
  async 'plan-floor'() {
    const { connection } = await project();
    const { ms } = await timed(async () => {
      // As fast as reading can be: synchronous reads of small files, no parsing at all.
      for (const file of await listFiles(path.join(projectRoot, 'content'))) {
        createHash('sha256').update(readFileSync(file)).digest('hex');
      }
      const api = connection.api;
      await Promise.all([
        api.tag.listAll(),
        api.heading.listAll(),
        api.faqCategory.listAll(),
        api.faq.listAll(),
        api.notice.listAll(),
        api.template.listAll(),
      ]);
    });
    await connection.close();
    return { ms };
  },
};

const scenario = scenarios[name];
if (!scenario) throw new Error(`unknown scenario ${name}`);
const result = await scenario();
process.stdout.write(`${JSON.stringify({ ...result, rss: process.resourceUsage().maxRSS * 1024 })}\n`);
process.exit(0);
