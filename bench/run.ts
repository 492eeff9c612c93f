import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { syncSettingsSchema } from '../src/config/schema.js';
import { createEmulator, type Emulator } from '../src/emulator/index.js';
import { createApi } from '../src/remote/api.js';
import { createHttpClient } from '../src/remote/client.js';
import { writeCorpus } from './corpus.js';

/**
 * `npm run bench`: what users feel on large help centers, next to the floor physics allows, measured side by side
 * in one run (absolute times vary between machines; ratios much less). Writes bench/results/results.{md,json}.
 *
 *   npm run bench -- --docs 10000 --latency 20 --runs 3
 *   npm run bench -- --docs 10000 --only validate   # scenario 1 alone: the render pool, one thread, bare unified
 */

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '2000' },
    latency: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4' },
    naive: { type: 'boolean' },
    'no-naive': { type: 'boolean' },
    'no-rate-limited': { type: 'boolean' },
    // `--only validate`: scenario 1 alone (the pool, one thread, bare unified), e.g. for a 10,000-document run;
    // `--only preview`: scenario 7 alone (after one cold apply, for the plan it shows).
    only: { type: 'string' },
    out: { type: 'string', default: path.join(here, 'results') },
  },
});
const docs = Number(args.docs);
const latency = Number(args.latency);
const runs = Number(args.runs);
const concurrency = Number(args.concurrency);
// The naive sequential run takes minutes on large corpora: on by default up to 2,000 documents.
const naive = args['no-naive'] ? false : (args.naive ?? docs <= 2000);
const KEY_VARIABLE = 'OC_BENCH_SERVICE_KEY';
// At the default rate a cold apply takes requests ÷ 10 seconds: on by default up to 2,000 documents, as the naive run.
const rateLimited = args['no-rate-limited'] ? false : docs <= 2000;
const DEFAULT_RPS = syncSettingsSchema.parse({}).requestsPerSecond;
const all = args.only === undefined;
if (!all && args.only !== 'preview' && args.only !== 'validate')
  throw new Error(`--only: the scenarios that run alone are validate and preview, not ${args.only}`);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// The scenarios load oc-sync from its build, as users run it: build it first.
await run(
  process.execPath,
  [path.join(here, '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: path.join(here, '..'),
  },
);

const root = mkdtempSync(path.join(os.tmpdir(), 'oc-sync-bench-'));
const corpus = writeCorpus(path.join(root, 'content'), { docs, seed: 42 });
process.stderr.write(`corpus: ${corpus.documents} documents, ${corpus.files} files in ${root}\n`);

async function scenario(
  name: string,
  emulator: Emulator | undefined,
  extra?: string,
  rps?: number,
  env: Record<string, string> = {},
): Promise<Record<string, unknown> & { ms: number; rss: number }> {
  if (emulator) configure(emulator);
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'scenario.ts'), name, root, ...(extra ? [extra] : [])],
    {
      env: {
        ...process.env,
        [KEY_VARIABLE]: emulator?.services[0]?.serviceKey ?? '',
        ...(rps ? { OC_BENCH_RPS: String(rps) } : {}),
        ...env,
      },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

function configure(emulator: Emulator) {
  const service = emulator.services[0] as { serviceId: string };
  writeFileSync(
    path.join(root, 'sync.config.yaml'),
    `languages: [ko, en]\ntimeZone: Asia/Seoul\ndefaultEnvironment: bench\nenvironments:\n  bench:\n    baseUrl: ${emulator.url}\n    serviceId: ${service.serviceId}\n    orgId: ${emulator.orgId}\n    serviceKey: \${${KEY_VARIABLE}}\nsync: { concurrency: ${concurrency}, requestsPerSecond: 1000 }\n`,
  );
}

function freshState() {
  rmSync(path.join(root, '.oc-sync'), { recursive: true, force: true });
}

const requestsByKind = (emulator: Emulator, from = 0) => {
  const counts: Record<string, number> = {};
  for (const r of emulator.requests.slice(from)) {
    const route = r.path
      .replace(/^\/[^/]+\/openapi\//, '')
      .replace(/\/\d+/g, '/{id}')
      .replace(/[0-9a-f]{32}/g, '{id}');
    const key = `${r.method} ${route}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

const rows: {
  scenario: string;
  measured: string;
  reference: string;
  ratio: string;
  target: string;
  requests: string;
  rss: string;
}[] = [];
const json: Record<string, unknown> = {
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memory: os.totalmem(),
    node: process.version,
  },
  docs,
  latency,
  runs,
  concurrency,
};

// 1. validate vs the bare pipeline: with the render pool (the default), in one thread (OC_SYNC_WORKERS=0), and the
// bare unified pipeline in one thread, interleaved in each run (the order turning), so a neighbour's load on a
// shared machine falls on all three alike.
if (all || args.only === 'validate') {
  const times: Record<'pool' | 'one' | 'bare', number[]> = { pool: [], one: [], bare: [] };
  const measure = {
    pool: () => scenario('validate', undefined),
    one: () => scenario('validate', undefined, undefined, undefined, { OC_SYNC_WORKERS: '0' }),
    bare: () => scenario('bare-pipeline', undefined),
  };
  const order = Object.keys(measure) as (keyof typeof measure)[];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    for (const which of [...order.slice(i % 3), ...order.slice(0, i % 3)]) {
      freshState(); // an empty render cache: the first validate of a fresh clone
      const result = await measure[which]();
      times[which].push(result.ms);
      if (which === 'pool') rss = Math.max(rss, result.rss);
    }
  }
  const bare = median(times.bare);
  const spread = (values: number[]) =>
    `${seconds(median(values))} (${seconds(Math.min(...values))}–${seconds(Math.max(...values))})`;
  rows.push({
    scenario: `1. validate (parse + render all), render pool of ${os.availableParallelism()}`,
    measured: spread(times.pool),
    reference: `bare unified, one thread ${spread(times.bare)}`,
    ratio: `${(median(times.pool) / bare).toFixed(2)}×`,
    target: '≤ 0.6×',
    requests: '0',
    rss: mb(rss),
  });
  rows.push({
    scenario: '1a. validate in one thread (OC_SYNC_WORKERS=0)',
    measured: spread(times.one),
    reference: `bare unified ${seconds(bare)}`,
    ratio: `${(median(times.one) / bare).toFixed(2)}×`,
    target: '≤ 1.25×',
    requests: '0',
    rss: '—',
  });
  json.validate = {
    ms: median(times.pool),
    oneThreadMs: median(times.one),
    bareMs: bare,
    ratio: median(times.pool) / bare,
    oneThreadRatio: median(times.one) / bare,
    workers: os.availableParallelism(),
    runs: times,
    rss,
  };
}

// `--only validate`: scenario 1 alone (scenarios 2–6 talk to an emulator and take much longer).
if (args.only === 'validate') {
  writeResults();
  process.exit(0);
}

// 2. cold apply vs the ideal, and vs a naive sequential sync
let emulator = await createEmulator({ latencyMs: latency });
if (all) {
  const times: number[] = [];
  const applyTimes: number[] = [];
  const planTimes: number[] = [];
  let requests = 0;
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    await emulator.close();
    emulator = await createEmulator({ latencyMs: latency });
    freshState();
    const result = await scenario('apply', emulator);
    times.push(result.ms);
    applyTimes.push(result.applyMs as number);
    planTimes.push(result.planMs as number);
    requests = emulator.requests.length;
    rss = Math.max(rss, result.rss);
  }
  const ideal = (requests * latency) / concurrency;
  const ratio = median(applyTimes) / ideal;
  rows.push({
    scenario: `2. cold apply: the writes (concurrency ${concurrency}, ${latency} ms latency)`,
    measured: seconds(median(applyTimes)),
    reference: `ideal ${seconds(ideal)}`,
    ratio: `${ratio.toFixed(2)}×`,
    target: '≤ 1.15×',
    requests: String(requests),
    rss: mb(rss),
  });
  rows.push({
    scenario: '2a. cold apply: total, incl. first render of every file',
    measured: seconds(median(times)),
    reference: `plan ${seconds(median(planTimes))}`,
    ratio: `${(median(times) / ideal).toFixed(2)}×`,
    target: '—',
    requests: String(requests),
    rss: mb(rss),
  });
  json.coldApply = {
    ms: median(times),
    applyMs: median(applyTimes),
    planMs: median(planTimes),
    requests,
    idealMs: ideal,
    ratio,
    rss,
    requestsByKind: requestsByKind(emulator),
  };
  if (naive) {
    const sequential = await createEmulator({ latencyMs: latency });
    const before = path.join(root, '.oc-sync');
    rmSync(before, { recursive: true, force: true });
    const result = await scenario('apply', sequential, '1');
    rows.push({
      scenario: '2b. naive sequential apply (1 at a time)',
      measured: seconds(result.ms),
      reference: `ours ${seconds(median(times))}`,
      ratio: `${(result.ms / median(times)).toFixed(2)}× slower`,
      target: '—',
      requests: String(sequential.requests.length),
      rss: mb(result.rss),
    });
    json.naiveApply = { ms: result.ms, requests: sequential.requests.length };
    await sequential.close();
    // Back to the state of the last cold apply for the next scenarios.
    freshState();
    await emulator.close();
    emulator = await createEmulator({ latencyMs: latency });
    await scenario('apply', emulator);
  }
}

// 2c. cold apply at the default rate limit: what a user with the default config waits (the rows above lift it)
if (all && rateLimited) {
  const limited = await createEmulator({ latencyMs: latency });
  const saved = path.join(root, 'saved-state');
  rmSync(saved, { recursive: true, force: true });
  cpSync(path.join(root, '.oc-sync'), saved, { recursive: true });
  freshState();
  const result = await scenario('apply', limited, undefined, DEFAULT_RPS);
  const requests = limited.requests.length;
  rows.push({
    scenario: `2c. cold apply at the default ${DEFAULT_RPS} requests/s (sync.requestsPerSecond)`,
    measured: seconds(result.ms),
    reference: `floor ${seconds((requests / DEFAULT_RPS) * 1000)} (requests ÷ rate)`,
    ratio: `${(result.ms / ((requests / DEFAULT_RPS) * 1000)).toFixed(2)}×`,
    target: '—',
    requests: String(requests),
    rss: mb(result.rss),
  });
  json.coldApplyDefaultRate = { ms: result.ms, requests, rps: DEFAULT_RPS };
  await limited.close();
  // Back to the state the other scenarios plan against.
  freshState();
  cpSync(saved, path.join(root, '.oc-sync'), { recursive: true });
  rmSync(saved, { recursive: true, force: true });
}

// 3. no-op plan vs the floor
let warmNoopMs = 0;
if (all) {
  const times: number[] = [];
  const floors: number[] = [];
  let requests = 0;
  let rss = 0;
  let summary: unknown;
  for (let i = 0; i < runs; i++) {
    const from = emulator.requests.length;
    const result = await scenario('plan', emulator);
    requests = emulator.requests.length - from;
    summary = result.summary;
    times.push(result.ms);
    rss = Math.max(rss, result.rss);
    floors.push((await scenario('plan-floor', emulator)).ms);
  }
  const ratio = median(times) / median(floors);
  rows.push({
    scenario: '3. no-op plan',
    measured: seconds(median(times)),
    reference: `read+hash+list pages ${seconds(median(floors))}`,
    ratio: `${ratio.toFixed(2)}×`,
    target: '≤ 1.5× and < 2 s',
    requests: String(requests),
    rss: mb(rss),
  });
  json.noopPlan = { ms: median(times), floorMs: median(floors), ratio, requests, summary, rss };
  warmNoopMs = median(times);
}

// 3b–d. A fresh CI checkout: no render cache (.oc-sync/cache/ is not committed), or the one the Action restores from
// the base branch; then one file changed in the pull request, with the restored cache.
if (all) {
  const cacheDir = path.join(root, '.oc-sync', 'cache');
  const saved = path.join(root, 'saved-cache');
  rmSync(saved, { recursive: true, force: true });
  cpSync(cacheDir, saved, { recursive: true });
  const restore = (withCache: boolean) => {
    rmSync(cacheDir, { recursive: true, force: true });
    if (withCache) cpSync(saved, cacheDir, { recursive: true });
  };
  const file = readdirFirst(path.join(root, 'content/faq'));
  const original = readFileSync(file, 'utf8');
  const fresh: number[] = [];
  const restored: number[] = [];
  const edited: number[] = [];
  for (let i = 0; i < runs; i++) {
    restore(false);
    fresh.push((await scenario('plan', emulator)).ms);
    restore(true);
    restored.push((await scenario('plan', emulator)).ms);
    writeFileSync(file, `${original}\nA sentence the pull request adds.\n`);
    restore(true);
    edited.push((await scenario('plan', emulator)).ms);
    writeFileSync(file, original);
  }
  restore(true);
  rmSync(saved, { recursive: true, force: true });
  const warm = `warm no-op ${seconds(warmNoopMs)}`;
  const rowOf = (scenario: string, times: number[], target: string) => ({
    scenario,
    measured: seconds(median(times)),
    reference: warm,
    ratio: `${(median(times) / warmNoopMs).toFixed(2)}×`,
    target,
    requests: '—',
    rss: '—',
  });
  rows.push(
    rowOf('3b. no-op plan, fresh checkout, no render cache', fresh, '—'),
    rowOf('3c. no-op plan, fresh checkout, render cache restored', restored, '≈ 1×'),
    rowOf('3d. one file changed, fresh checkout, render cache restored', edited, '≪ 3b'),
  );
  json.freshCheckout = {
    noCacheMs: median(fresh),
    restoredMs: median(restored),
    oneChangedRestoredMs: median(edited),
    warmNoopMs,
  };
}

// 4. one file edited
if (all) {
  const file = readdirFirst(path.join(root, 'content/faq'));
  writeFileSync(file, `${readFileSync(file, 'utf8')}\nOne more sentence.\n`);
  const from = emulator.requests.length;
  const result = await scenario('apply', emulator);
  const byKind = requestsByKind(emulator, from);
  const writes = Object.entries(byKind).filter(([k]) => !k.startsWith('GET') || /\{id\}/.test(k));
  rows.push({
    scenario: '4. one file edited → apply',
    measured: seconds(result.ms),
    reference: '—',
    ratio: '—',
    target: '1 detail GET + 1 PUT',
    requests: writes.map(([k, v]) => `${v}× ${k}`).join(', '),
    rss: mb(result.rss),
  });
  json.oneEdit = { ms: result.ms, requestsByKind: byKind, rss: result.rss };
}
// 7. the preview: a file saved → the open page told to reload, and the page served again
if (!all) await scenario('apply', emulator);
{
  const plain: Record<string, unknown>[] = [];
  const planned: Record<string, unknown>[] = [];
  for (let i = 0; i < runs; i++) {
    plain.push(await scenario('preview', undefined));
    planned.push(await scenario('preview', emulator, 'env'));
  }
  const rowOf = (name: string, results: Record<string, unknown>[]) => {
    const ms = median(results.map((r) => r.ms as number));
    const pageMs = median(results.map((r) => r.pageMs as number));
    const firstMs = median(results.map((r) => r.firstBuildMs as number));
    return {
      scenario: name,
      measured: seconds(ms),
      reference: `page served ${seconds(pageMs)}; first build ${seconds(firstMs)}`,
      ratio: '—',
      target: '≤ 0.5 s',
      requests: '—',
      rss: mb(Math.max(...results.map((r) => r.rss as number))),
    };
  };
  const plannedMs = median(planned.map((r) => r.plannedMs as number));
  rows.push(rowOf('7. preview: one file changed → page reloaded (save → reload event)', plain), {
    ...rowOf(`7a. the same with --env (${latency} ms latency): content reload`, planned),
    target: `≤ 0.5 s; the plan's reload ${seconds(plannedMs)}`,
  });
  json.preview = {
    reloadMs: plain.map((r) => r.reloads),
    medianReloadMs: median(plain.map((r) => r.ms as number)),
    medianPageMs: median(plain.map((r) => r.pageMs as number)),
    withPlanReloadMs: planned.map((r) => r.reloads),
    withPlanMedianReloadMs: median(planned.map((r) => r.ms as number)),
    withPlanPlannedMs: planned.map((r) => r.planned),
    withPlanMedianPlannedMs: plannedMs,
    firstBuildMs: plain.map((r) => r.firstBuildMs),
  };
}

// 5. pull of the whole service into an empty folder
if (all) {
  const from = emulator.requests.length;
  const result = await scenario('pull', emulator);
  const requests = emulator.requests.length - from;
  rows.push({
    scenario: '5. pull everything into an empty folder',
    measured: seconds(result.ms),
    reference: `${result.documents} documents, ${(result.exact as { exact: number; bodies: number }).exact}/${(result.exact as { exact: number; bodies: number }).bodies} bodies exact`,
    ratio: '—',
    target: '—',
    requests: String(requests),
    rss: mb(result.rss),
  });
  json.pull = {
    ms: result.ms,
    requests,
    documents: result.documents,
    conversion: result.exact,
    problems: result.problems,
    rss: result.rss,
  };
  rmSync(path.join(root, 'pulled'), { recursive: true, force: true });
}
await emulator.close();

// 6. emulator throughput on loopback
if (all) {
  const fast = await createEmulator();
  const service = fast.services[0] as { serviceId: string; serviceKey: string };
  const http = createHttpClient({
    baseUrl: fast.url,
    orgId: fast.orgId,
    serviceId: service.serviceId,
    serviceKey: service.serviceKey,
    requestsPerSecond: 0,
    concurrency: 16,
  });
  const api = createApi(http);
  const total = 3000;
  // Warm up the JIT on both sides first: the figure is the emulator's steady state.
  await Promise.all(Array.from({ length: 1000 }, () => api.tag.listPage()));
  const started = performance.now();
  await Promise.all(Array.from({ length: total }, () => api.tag.listPage()));
  const perSecond = total / ((performance.now() - started) / 1000);
  rows.push({
    scenario: '6. emulator throughput (signed GETs, 16 in flight)',
    measured: `${Math.round(perSecond)} req/s`,
    reference: `needed ${Math.round((concurrency * 1000) / Math.max(1, latency))} req/s`,
    ratio: '—',
    target: 'never the bottleneck',
    requests: String(total),
    rss: '—',
  });
  json.emulatorThroughput = { perSecond };
  await fast.close();
}

function readdirFirst(dir: string): string {
  const walk = (d: string): string | undefined => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith('_')) {
        const found = walk(p);
        if (found) return found;
      } else if (e.name.endsWith('.en.md')) return p;
    }
    return undefined;
  };
  return walk(dir) as string;
}

writeResults();

/** Prints the table and writes bench/results/results-<N>[-validate|-preview].{md,json}; the corpus is removed. */
function writeResults(): void {
  const header = `oc-sync benchmark — ${docs} documents, ${latency} ms latency, median of ${runs}, ${json.machine && (json.machine as { cpus: number }).cpus} cores (${(json.machine as { model?: string }).model}), Node ${process.version}`;
  const table = [
    '| scenario | measured | reference | ratio | target | requests | peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.measured} | ${r.reference} | ${r.ratio} | ${r.target} | ${r.requests} | ${r.rss} |`,
    ),
  ].join('\n');
  process.stdout.write(`\n${header}\n\n${table}\n`);
  mkdirSync(args.out as string, { recursive: true });
  // `--only` runs write beside the full results, never over them.
  const base = `results-${docs}${all ? '' : `-${args.only}`}`;
  writeFileSync(path.join(args.out as string, `${base}.md`), `${header}\n\n${table}\n`);
  writeFileSync(path.join(args.out as string, `${base}.json`), `${JSON.stringify(json, null, 2)}\n`);
  rmSync(root, { recursive: true, force: true });
}
