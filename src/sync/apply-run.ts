import path from 'node:path';
import type { LoadedConfig, ResolvedEnvironment } from '../config/load.js';
import { type UserInputError, userError } from '../diagnostics/diagnostic.js';
import type { Connection } from '../remote/connect.js';
import { listKinds } from '../resources/registry.js';
import type { ViewReader } from '../resources/view.js';
import {
  type ApplyProgress,
  type ApplyResult,
  applyPlan,
  countOutcomes,
  countWrites,
  recoverPendingCreates,
  settleInterruptedUpdates,
} from './apply.js';
import { type ApplyLock, acquireApplyLock } from './apply-lock.js';
import { registerRunningApply } from './interrupt.js';
import { linkCodecFor, makePlan, type PlanRun } from './make-plan.js';
import type { PlanDocument } from './plan-file.js';
import type { DetailProgress, RemoteState } from './remote-state.js';
import { startUploadRepair } from './repair-uploads.js';
import { stateFilePath } from './state-file.js';
import { openStateStore, type StateStore } from './state-store.js';
import { codesById, remoteViewReader } from './view-comparison.js';

/**
 * One apply with the guard rails of DESIGN §4–5, shared by `oc-sync apply`, the GitHub Action and `watch --apply`. It settles the creates and updates an interrupted run left unanswered, plans from the
 * open state, refuses before any write when onDrift is `fail` and drift is held or when the deletes pass the limit,
 * applies, and flushes the state file once it may have written, so whatever was written is recorded even when the
 * apply throws.
 *
 * While it holds the lock it is registered in `interrupt.ts`: a SIGINT/SIGTERM handled by the CLI stops its writes,
 * flushes the state and releases the lock before the process exits.
 *
 * It does not decide whether the environment may be written to (protected environments): the caller does, since the
 * Action and watch answer that differently.
 */

export interface ApplyRunOptions {
  loaded: LoadedConfig;
  environment: ResolvedEnvironment;
  connection: Connection;
  /** Diagnostics name files relative to this folder. */
  cwd: string;
  prune: boolean;
  /** Create documents the service already has, unmanaged (`--allow-duplicates`). */
  allowDuplicates?: boolean;
  overwriteDrift: boolean;
  maxDeletes: number;
  concurrency: number;
  /** A saved plan to apply: refused unless it was made from exactly what this run sees. */
  saved?: PlanDocument;
  /** Called with the plan before the first write. */
  onPlan?: (run: PlanRun, writes: number) => void;
  /** Asked before the first write when there is something to write; false stops the run with nothing written. */
  confirm?: (run: PlanRun, writes: number) => Promise<boolean>;
  onProgress?: (progress: ApplyProgress) => void;
  /** How far planning's fetch of the details it needs is. */
  onDetailProgress?: (progress: DetailProgress) => void;
}

export interface ApplyRunReport {
  run: PlanRun;
  result: ApplyResult;
  /** `confirm` said no: nothing was written. */
  declined?: boolean;
  /** Remote writes the plan called for. */
  writes: number;
  /** Requests made by the whole run, planning included. */
  requests: number;
  ms: number;
  /** What the run did besides the plan, for people (e.g. creates recovered from an interrupted run). */
  notes: string[];
}

export async function applyRun(options: ApplyRunOptions): Promise<ApplyRunReport> {
  const started = performance.now();
  const requestsBefore = options.connection.http.stats.requests;
  const { store, lock } = await openLockedState(options);
  const progress: ApplyProgress = { done: 0, total: 0, phase: '', notAttempted: 0 };
  const context: RunContext = {
    options: { ...options, onProgress: trackProgress(progress, options.onProgress) },
    store,
    notes: [],
    recorded: false,
    started,
    requestsBefore,
  };
  const finish = finishOnce(store, lock, () => context.recorded);
  const unregister = registerRunningApply(async (signal) => {
    store.interrupt(interrupted(signal));
    await finish();
    return {
      environment: options.environment.name,
      // Writes stopped by the signal are ticked too, as not attempted: they are what the next run does.
      done: progress.done - progress.notAttempted,
      total: progress.total,
      stateFile: store.file,
    };
  });
  try {
    const run = await planAfterRecovery(context);
    const writes = checkPlan(context, run);
    progress.total = writes;
    if (writes > 0 && options.confirm && !(await options.confirm(run, writes)))
      return reportOf(context, run, emptyResult(), writes, true);
    context.recorded = true;
    const result = await writePlan(context, run);
    return reportOf(context, run, result, writes);
  } finally {
    unregister();
    await finish();
  }
}

/** Keeps the last progress an apply reported in `into` (what a signal says), then passes it on. */
function trackProgress(
  into: ApplyProgress,
  onProgress: ApplyRunOptions['onProgress'],
): ApplyRunOptions['onProgress'] {
  return (step) => {
    Object.assign(into, step);
    onProgress?.(step);
  };
}

/** What the steps of one apply run share. */
interface RunContext {
  readonly options: ApplyRunOptions;
  readonly store: StateStore;
  /** What the run did besides the plan, for people. */
  readonly notes: string[];
  /** The state file is rewritten only when something may have been recorded, so a refused run leaves it untouched. */
  recorded: boolean;
  readonly started: number;
  readonly requestsBefore: number;
}

/** Takes the environment's apply lock, then opens its state (the lock released again when that fails). */
async function openLockedState(options: ApplyRunOptions): Promise<{ store: StateStore; lock: ApplyLock }> {
  const { loaded, environment, connection } = options;
  const stateFile = stateFilePath(loaded.root, environment.name);
  const lock = await acquireApplyLock(stateFile, environment.name);
  const store = await openStateStore(stateFile, environment.name, connection.serviceId).catch(
    async (error) => {
      await lock.release();
      throw error;
    },
  );
  return { store, lock };
}

/**
 * Settles the creates an interrupted run left pending, plans, and settles the updates it left unanswered — planning
 * again when one of them had landed (the first plan took it for a console edit).
 */
async function planAfterRecovery(context: RunContext): Promise<PlanRun> {
  const { options, store, notes } = context;
  const { loaded, environment, connection } = options;
  if (Object.keys(store.state.pending).length > 0) {
    context.recorded = true;
    const reader = await recoveryReader(connection, environment, store, loaded.config.languages);
    notes.push(...(await settlePendingCreates(connection, store, reader)));
  }
  const plan = () =>
    makePlan({
      loaded,
      environment,
      connection,
      projectRoot: loaded.root,
      cwd: options.cwd,
      prune: options.prune,
      allowDuplicates: options.allowDuplicates,
      maxDeletes: options.maxDeletes,
      overwriteDrift: options.overwriteDrift,
      state: store.state,
      onDetailProgress: options.onDetailProgress,
    });
  const run = await plan();
  if (Object.keys(store.state.updating ?? {}).length === 0) return run;
  context.recorded = true;
  const settled = settleInterruptedUpdates(store, run.plan.changes);
  if (!settled.length) return run;
  notes.push(`recovered ${settled.length} update(s) made by an interrupted run`);
  return plan();
}

/** Refuses a stale saved plan or a plan apply would refuse; otherwise shows it. The number of writes it calls for. */
function checkPlan(context: RunContext, run: PlanRun): number {
  const { options } = context;
  if (options.saved) refuseStale(options.saved, run, options.environment.name, options.connection.serviceId);
  const writes = countWrites(run.plan.changes, options.overwriteDrift);
  options.onPlan?.(run, writes);
  const [refusal] = run.plan.refusals ?? [];
  if (refusal) throw refuse(refusal.message, refusal.hint);
  return writes;
}

/** Applies the plan, with uploads a document write finds deleted on the service uploaded again. */
async function writePlan(context: RunContext, run: PlanRun): Promise<ApplyResult> {
  const { options, store } = context;
  const { loaded, connection } = options;
  const contentDir = path.resolve(loaded.root, loaded.config.content);
  const uploadRepair = startUploadRepair(connection.api, {
    store,
    attachments: run.desired.attachments,
    contentDir,
  });
  const result = await applyPlan({
    changes: run.plan.changes,
    remote: run.remote,
    documents: run.desired.documents,
    attachments: run.desired.attachments,
    languages: run.desired.languages,
    store,
    api: uploadRepair.api,
    links: run.links,
    contentDir,
    overwriteDrift: options.overwriteDrift,
    concurrency: options.concurrency,
    serverNow: connection.http.serverNow,
    onProgress: options.onProgress,
  });
  context.notes.push(...uploadRepair.finish(run.desired, result));
  return result;
}

function reportOf(
  context: RunContext,
  run: PlanRun,
  result: ApplyResult,
  writes: number,
  declined?: true,
): ApplyRunReport {
  return {
    run,
    result,
    ...(declined ? { declined } : {}),
    writes,
    requests: context.options.connection.http.stats.requests - context.requestsBefore,
    ms: performance.now() - context.started,
    notes: context.notes,
  };
}

/**
 * Records the state (when the run may have written) and releases the lock, once: a signal and the run's own end
 * can both ask for it, and the second waits for the first.
 */
function finishOnce(store: StateStore, lock: ApplyLock, recorded: () => boolean): () => Promise<void> {
  let finished: Promise<void> | undefined;
  const finish = async () => {
    try {
      if (recorded()) await store.flush();
    } finally {
      await lock.release();
    }
  };
  return () => {
    finished ??= finish();
    return finished;
  };
}

function interrupted(signal: NodeJS.Signals): UserInputError {
  const message = `not attempted: apply was stopped by ${signal}`;
  return userError(message, 'apply', 'apply/interrupted', {
    hint: 'run apply again: it continues where this run stopped',
  });
}

/** Looks up the creates an interrupted run sent without hearing back; what it found, for people. */
async function settlePendingCreates(
  connection: Connection,
  store: StateStore,
  reader: ViewReader,
): Promise<string[]> {
  const notes: string[] = [];
  const { adopted, forgotten } = await recoverPendingCreates(connection.api, store, reader);
  if (adopted.length) notes.push(`recovered ${adopted.length} document(s) created by an interrupted run`);
  if (forgotten.length)
    notes.push(`${forgotten.length} create(s) of an interrupted run never happened; they are planned again`);
  return notes;
}

function emptyResult(): ApplyResult {
  return {
    results: [],
    uploadResults: [],
    counts: countOutcomes([]),
    uploads: 0,
    deletedUploads: 0,
    skipped: [],
  };
}

function refuseStale(saved: PlanDocument, run: PlanRun, environment: string, serviceId: string): void {
  if (saved.environment !== environment || saved.serviceId !== serviceId) {
    throw refuse(
      `the saved plan is for ${saved.environment} (${saved.serviceId})`,
      `apply it with --env ${saved.environment}`,
    );
  }
  const names = { content: 'content/', state: 'the state file', remote: 'the service' } as const;
  const stale = (['content', 'state', 'remote'] as const).filter(
    (part) => saved.basis[part] !== run.basis[part],
  );
  if (stale.length) {
    throw refuse(
      `the saved plan is stale: ${stale.map((part) => names[part]).join(', ')} changed since it was made`,
      'make a new plan (oc-sync plan --out plan.json), review it, and apply that',
    );
  }
}

/** Reads documents an interrupted run may have made, with the service's list codes and the state's uploads. */
async function recoveryReader(
  connection: Connection,
  environment: ResolvedEnvironment,
  store: StateStore,
  languages: readonly string[],
): Promise<ViewReader> {
  const lists = Object.fromEntries(
    await Promise.all(listKinds.map(async (kind) => [kind, await connection.api[kind].listAll()] as const)),
  ) as RemoteState['lists'];
  return remoteViewReader({
    codeById: codesById(lists),
    attachments: store.state.attachments,
    languages,
    readHtml: linkCodecFor(connection, environment, store.state).read,
  });
}

/** Whether an apply left work undone: failures, or drifted documents it did not touch. */
export function applyIncomplete(result: ApplyResult): boolean {
  return result.counts.failed > 0 || result.counts['not-created'] > 0 || result.skipped.length > 0;
}

function refuse(message: string, hint: string): UserInputError {
  return userError(message, 'apply', 'apply/refused', { hint });
}
