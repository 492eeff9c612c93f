import { constants as fsConstants } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadedConfig, ResolvedEnvironment } from '../config/load.js';
import type { Connection } from '../remote/connect.js';
import type { ResourceKind } from '../resources/resource.js';
import type { ApplyProgress } from '../sync/apply.js';
import { type ApplyRunReport, applyRun } from '../sync/apply-run.js';
import type { PlanRun } from '../sync/make-plan.js';
import { stateFilePath } from '../sync/state-file.js';
import type { PullProgress } from './pull.js';
import { type PullEnvironmentResult, pullEnvironment, pullStateFile } from './pull-environment.js';

/**
 * `oc-sync migrate --from A --to B` (DESIGN §3): pull A into a folder (a temporary one unless given), then apply
 * that folder to B with B's own state (`.oc-sync/state/B.json`) — the very apply run of `oc-sync apply`, with its
 * guard rails, journal and recovery of an interrupted run. The pull is deterministic (the same service gives the
 * same files and keys), so running it again continues an interrupted migration or, once done, changes nothing.
 *
 * Keys come from the repository, not from titles: the pulled folder starts from A's state (the project's
 * `.oc-sync/state/A.json`), so each document A's state knows is written under the key — and so the file name — that
 * content/ gives it, renames included. B's state then names the same keys as content/, and `plan --env B` from the
 * repository finds nothing to do.
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
    await seedKeysFromProject(loaded, from.environment.name, contentDir);
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

/**
 * Gives a folder without a key ↔ id map of its own the project's map of the source environment, so the pull keeps
 * the repository's keys. A folder that has its own map (a kept `--into` folder) keeps it: its files follow it.
 */
async function seedKeysFromProject(
  loaded: LoadedConfig,
  environment: string,
  contentDir: string,
): Promise<void> {
  const projectState = stateFilePath(loaded.root, environment);
  const folderState = pullStateFile(loaded, environment, contentDir);
  if (folderState === projectState) return;
  await mkdir(path.dirname(folderState), { recursive: true });
  try {
    await copyFile(projectState, folderState, fsConstants.COPYFILE_EXCL);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No project state: nothing was pulled or applied from A here, so titles are all there is to name files by.
    if (code === 'ENOENT' || code === 'EEXIST') return;
    throw error;
  }
}
