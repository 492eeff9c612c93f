import path from 'node:path';
import { writeCorpus } from '../../bench/corpus.js';
import type { FaultRule, FaultType } from '../../src/emulator/index.js';
import { oc } from '../e2e/support/cli.js';
import { orphanUploads } from '../e2e/support/converged.js';
import {
  documentKinds,
  duplicates,
  makeProject,
  remoteConfig,
  startEmulator,
} from '../e2e/support/project.js';

/**
 * A large apply through the built CLI under a steady rate of injected failures, mixed: 500, 503, dropped
 * connections, 429 and "commit then fail", each on a fifth of the failing requests. Apply runs again until it exits
 * 0 (a create that failed unheard is found, one that never landed is planned again); then, with the faults off, the
 * final state is checked against the service. Shared by the small load test in `npm test` and the opt-in soak.
 */

export interface LoadOptions {
  docs: number;
  /** Probability that a request fails, all kinds together. Default 0.05. */
  failureRate?: number;
  seed?: number;
  /** Apply runs allowed before giving up. Default 8. */
  maxRuns?: number;
  concurrency?: number;
}

export interface LoadRun {
  code: number | null;
  ms: number;
  requests: number;
  /** Client retries, from `--verbose`. */
  retries: number;
  summary: string;
}

export interface LoadFigures {
  docs: number;
  failureRate: number;
  runs: LoadRun[];
  ms: number;
  requests: number;
  retries: number;
  injected: Partial<Record<FaultType, number>>;
  injectedTotal: number;
  final: {
    remote: Record<string, number>;
    expected: Record<string, number>;
    duplicates: string[];
    stateOwnsExactlyRemote: boolean;
    pending: number;
    journalLeft: boolean;
    orphanUploads: number;
    planNoChanges: boolean;
  };
}

export async function loadRun(options: LoadOptions): Promise<LoadFigures> {
  const failureRate = options.failureRate ?? 0.05;
  // Five rules rolled one after another: 1 - (1 - r)^5 = failureRate.
  const rate = 1 - (1 - failureRate) ** (1 / 5);
  const faults: FaultRule[] = [
    { type: 'status', status: 500, rate },
    { type: 'status', status: 503, rate },
    { type: 'drop', rate },
    { type: 'rate-limit', retryAfterSeconds: 0, rate },
    { type: 'commit-then-fail', rate },
  ];
  await using emulator = await startEmulator({ seed: options.seed ?? 7, faults });
  using project = makeProject({
    'sync.config.yaml': remoteConfig(emulator, {
      sync: { concurrency: options.concurrency ?? 8, requestsPerSecond: 100_000, retries: 4 },
    }),
  });
  writeCorpus(path.join(project.root, 'content'), { docs: options.docs, seed: 42 });
  const faqs = Math.round(options.docs * 0.7);
  const expected = { faq: faqs, notice: options.docs - faqs, template: 0 };

  const runs: LoadRun[] = [];
  const started = performance.now();
  for (let i = 0; i < (options.maxRuns ?? 8); i++) {
    const from = emulator.requests.length;
    const runStarted = performance.now();
    const result = await oc(project.root, ['--verbose', 'apply']);
    runs.push({
      code: result.code,
      ms: Math.round(performance.now() - runStarted),
      requests: emulator.requests.length - from,
      retries: result.stderr.split('\n').filter((line) => line.endsWith('[retrying]')).length,
      summary:
        /Apply (complete|finished with errors): [^\n]*/.exec(result.stdout)?.[0] ?? result.stderr.slice(-500),
    });
    if (result.code === 0) break;
  }
  const ms = Math.round(performance.now() - started);

  const injected: Partial<Record<FaultType, number>> = {};
  for (const entry of emulator.requests) {
    if (entry.fault) injected[entry.fault] = (injected[entry.fault] ?? 0) + 1;
  }
  const requests = emulator.requests.length;
  emulator.clearFaults();

  const state = project.state();
  const remote: Record<string, number> = {};
  const dupes: string[] = [];
  let owns = true;
  for (const kind of documentKinds) {
    const records = emulator.service().list(kind);
    remote[kind] = records.length;
    dupes.push(...duplicates(records.map((r) => String(r.title))).map((t) => `${kind}: ${t}`));
    const remoteIds = records
      .map((r) => (kind === 'faq' ? r.helpDocId : r.noticeId) as number)
      .sort((a, b) => a - b);
    const owned = Object.values(state.documents)
      .filter((d) => d.kind === kind)
      .map((d) => d.id)
      .sort((a, b) => a - b);
    if (JSON.stringify(owned) !== JSON.stringify(remoteIds)) owns = false;
  }
  const plan = await oc(project.root, ['plan', '--detailed-exitcode']);
  return {
    docs: options.docs,
    failureRate,
    runs,
    ms,
    requests,
    retries: runs.reduce((sum, run) => sum + run.retries, 0),
    injected,
    injectedTotal: Object.values(injected).reduce((sum, n) => sum + n, 0),
    final: {
      remote,
      expected,
      duplicates: dupes,
      stateOwnsExactlyRemote: owns,
      pending: Object.keys(state.pending).length,
      journalLeft: project.exists('.oc-sync/state/e2e.journal'),
      orphanUploads: orphanUploads(emulator, project).length,
      planNoChanges: plan.code === 0 && plan.stdout.includes('No changes.'),
    },
  };
}
