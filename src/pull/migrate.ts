import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadedConfig, ResolvedEnvironment } from '../config/load.js';
import type { Connection } from '../remote/connect.js';
import type { ResourceKind } from '../resources/resource.js';
import type { ApplyProgress } from '../sync/apply.js';
import { type ApplyRunReport, applyRun } from '../sync/apply-run.js';
import type { PlanRun } from '../sync/make-plan.js';
import type { PullProgress } from './pull.js';
import { type PullEnvironmentResult, pullEnvironment } from './pull-environment.js';

/**
 * `oc-sync migrate --from A --to B` (DESIGN §3): pull A into a folder (a temporary one unless given), then apply
 * that folder to B with B's own state (`.oc-sync/state/B.json`) — the very apply run of `oc-sync apply`, with its
 * guard rails, journal and recovery of an interrupted run. The pull is deterministic (the same service gives the
 * same files and keys), so running it again continues an interrupted migration or, once done, changes nothing.
 */

export interface MigrateOptions {
  loaded: LoadedConfig;
  from: { environment: ResolvedEnvironment; connection: Connection };
  to: { environment: ResolvedEnvironment; connection: Connection };
  cwd: string;
  /** Pull into this folder (kept) instead of a temporary one (removed afterwards). */
  into?: string;
  kinds?: readonly ResourceKind[];
  prune: boolean;
  overwriteDrift?: boolean;
  maxDeletes?: number;
  concurrency?: number;
  onPullProgress?: (progress: PullProgress) => void;
  /** Called once A is pulled, before B is read. */
  onPulled?: (result: PullEnvironmentResult) => void;
  /** Called with B's plan before the first write. */
  onPlan?: (run: PlanRun, writes: number) => void;
  /** Asked before the first write to B; false stops with nothing written. */
  confirm?: (run: PlanRun, writes: number) => Promise<boolean>;
  onProgress?: (progress: ApplyProgress) => void;
}

export interface MigrateResult {
  pull: PullEnvironmentResult;
  apply: ApplyRunReport;
  /** The folder pulled into (already removed when it was a temporary one). */
  contentDir: string;
}

export async function migrateEnvironments(options: MigrateOptions): Promise<MigrateResult> {
  const { loaded, from, to } = options;
  const temporary = options.into === undefined;
  const contentDir = temporary
    ? await mkdtemp(path.join(tmpdir(), 'oc-sync-migrate-'))
    : path.resolve(options.cwd, options.into as string);
  try {
    const pulled = await pullEnvironment({
      loaded,
      environment: from.environment,
      connection: from.connection,
      cwd: options.cwd,
      into: contentDir,
      kinds: options.kinds,
      onProgress: options.onPullProgress,
    });
    options.onPulled?.(pulled);
    // B reads the pulled folder as its content/; its state stays the project's.
    const target: LoadedConfig = { ...loaded, config: { ...loaded.config, content: contentDir } };
    const sync = loaded.config.sync;
    const apply = await applyRun({
      loaded: target,
      environment: to.environment,
      connection: to.connection,
      cwd: options.cwd,
      prune: options.prune,
      overwriteDrift: options.overwriteDrift ?? sync.onDrift === 'overwrite',
      maxDeletes: options.maxDeletes ?? sync.maxDeletes,
      concurrency: options.concurrency ?? sync.concurrency,
      onPlan: options.onPlan,
      confirm: options.confirm,
      onProgress: options.onProgress,
    });
    return { pull: pulled, apply, contentDir };
  } finally {
    if (temporary) await rm(contentDir, { recursive: true, force: true });
  }
}
