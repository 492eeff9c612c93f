import path from 'node:path';
import type { LoadedConfig, ResolvedEnvironment } from '../config/load.js';
import type { Connection } from '../remote/connect.js';
import { UserInputError } from '../report/diagnostic.js';
import {
  type ApplyProgress,
  type ApplyResult,
  applyPlan,
  countWrites,
  recoverPendingCreates,
  settleInterruptedUpdates,
} from './apply.js';
import { acquireApplyLock } from './apply-lock.js';
import { makePlan, type PlanRun } from './make-plan.js';
import type { PlanDocument } from './plan-file.js';
import { startUploadRepair } from './repair-uploads.js';
import { stateFilePath } from './state-file.js';
import { openStateStore } from './state-store.js';

/**
 * One apply with the guard rails of DESIGN §4–5, shared by `oc-sync apply`, the GitHub Action and `watch --apply`. It settles the creates and updates an interrupted run left unanswered, plans from the
 * open state, refuses before any write when onDrift is `fail` and drift is held or when the deletes pass the limit,
 * applies, and flushes the state file once it may have written, so whatever was written is recorded even when the
 * apply throws.
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
  const { loaded, environment, connection } = options;
  const started = performance.now();
  const requestsBefore = connection.http.stats.requests;
  const notes: string[] = [];
  const sync = loaded.config.sync;
  const stateFile = stateFilePath(loaded.root, environment.name);
  const lock = await acquireApplyLock(stateFile, environment.name);
  const store = await openStateStore(stateFile, environment.name, connection.serviceId).catch(
    async (error) => {
      await lock.release();
      throw error;
    },
  );
  // The state file is rewritten only when something may have been recorded, so a refused run leaves it untouched.
  let recorded = false;
  try {
    if (Object.keys(store.state.pending).length > 0) {
      recorded = true;
      const { adopted, forgotten } = await recoverPendingCreates(connection.api, store);
      if (adopted.length) notes.push(`recovered ${adopted.length} document(s) created by an interrupted run`);
      if (forgotten.length)
        notes.push(
          `${forgotten.length} create(s) of an interrupted run never happened; they are planned again`,
        );
    }
    const plan = () =>
      makePlan({
        loaded,
        environment,
        connection,
        projectRoot: loaded.root,
        cwd: options.cwd,
        prune: options.prune,
        state: store.state,
      });
    let run = await plan();
    if (Object.keys(store.state.updating ?? {}).length > 0) {
      recorded = true;
      const settled = settleInterruptedUpdates(store, run.plan.changes);
      if (settled.length) {
        notes.push(`recovered ${settled.length} update(s) made by an interrupted run`);
        run = await plan();
      }
    }
    if (options.saved) refuseStale(options.saved, run, environment.name, connection.serviceId);
    const writes = countWrites(run.plan.changes, options.overwriteDrift);
    options.onPlan?.(run, writes);

    const holdsDrift = run.plan.changes.some((c) => c.hold === 'drift' || c.hold === 'conflict');
    if (holdsDrift && sync.onDrift === 'fail' && !options.overwriteDrift) {
      throw refuse(
        'some documents changed on the service since the last apply, and sync.onDrift is fail; nothing was changed',
        'pull them, or apply with --overwrite-drift',
      );
    }
    const deletes = run.plan.changes.filter(
      (c) => c.action === 'delete' && !c.hold && !c.remoteMissing,
    ).length;
    if (deletes > options.maxDeletes) {
      throw refuse(
        `the plan deletes ${deletes} item(s), more than the limit of ${options.maxDeletes}; nothing was changed`,
        `check the plan; if it is right, run again with --max-deletes ${deletes}`,
      );
    }

    if (writes > 0 && options.confirm && !(await options.confirm(run, writes))) {
      const result = emptyResult();
      return {
        run,
        result,
        declined: true,
        writes,
        requests: connection.http.stats.requests - requestsBefore,
        ms: performance.now() - started,
        notes,
      };
    }
    recorded = true;
    const contentDir = path.resolve(loaded.root, loaded.config.content);
    const uploadRepair = startUploadRepair(connection.api, {
      store,
      attachments: run.desired.attachments,
      contentDir,
    });
    const result = await applyPlan({
      changes: run.plan.changes,
      remote: run.remote,
      attachments: run.desired.attachments,
      languages: run.desired.languages,
      store,
      api: uploadRepair.api,
      links: run.links,
      contentDir,
      overwriteDrift: options.overwriteDrift,
      concurrency: options.concurrency,
      onProgress: options.onProgress,
    });
    notes.push(...uploadRepair.finish(run.desired, result));
    return {
      run,
      result,
      writes,
      requests: connection.http.stats.requests - requestsBefore,
      ms: performance.now() - started,
      notes,
    };
  } finally {
    try {
      if (recorded) await store.flush();
    } finally {
      await lock.release();
    }
  }
}

function emptyResult(): ApplyResult {
  const counts = {
    created: 0,
    updated: 0,
    moved: 0,
    deleted: 0,
    unchanged: 0,
    'skipped-drift': 0,
    'not-deleted': 0,
    failed: 0,
  };
  return { results: [], counts, uploads: 0, deletedUploads: 0, skipped: [] };
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

/** Whether an apply left work undone: failures, or drifted documents it did not touch. */
export function applyIncomplete(result: ApplyResult): boolean {
  return result.counts.failed > 0 || result.skipped.length > 0;
}

function refuse(message: string, hint: string): UserInputError {
  return new UserInputError(message, [
    { file: 'apply', line: 0, column: 0, severity: 'error', rule: 'apply/refused', message, hint },
  ]);
}
