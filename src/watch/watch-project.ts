import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import {
  type LoadedConfig,
  loadConfig,
  type ResolvedEnvironment,
  resolveEnvironment,
} from '../config/load.js';
import { formatDiagnostic, UserInputError, userError } from '../diagnostics/diagnostic.js';
import type { RequestEvent } from '../remote/client.js';
import { type Connection, connect } from '../remote/connect.js';
import { formatApplyResult } from '../report/apply-output.js';
import { formatSummary, summarize } from '../report/diagnostics-output.js';
import { formatPlanText, type Painter } from '../report/plan-output.js';
import { applyRun } from '../sync/apply-run.js';
import { checkProject } from '../sync/check-project.js';
import { makePlan } from '../sync/make-plan.js';
import type { Plan } from '../sync/plan.js';
import { baselineOf, type PlanBaseline, planDelta, remainingAfterApply } from './plan-delta.js';
import { changedFilesText, isIgnoredChange, planDeltaText, protectedRefusal } from './watch-text.js';

/**
 * `oc-sync watch`: validate and plan on every change under `content/` and to the config (debounced), print what
 * changed in the plan since the last print, and with `apply` apply each clean plan to an unprotected environment.
 *
 * One connection for the whole session (the embedded emulator starts once), re-opened only when the config changes
 * the environment. Changes are handled one at a time; saves during a run are gathered into the next. `stop()`
 * stops watching, lets a run in flight finish (an apply ends with its state flushed), then closes the connection,
 * so a Ctrl-C never loses a write.
 */

export interface WatchOptions {
  /** The project folder; diagnostics name files relative to it. */
  cwd: string;
  /** Relative to `cwd`; the default is `sync.config.yaml`. */
  configFile?: string;
  /** `--env`; else `OC_ENV`, else `defaultEnvironment`. */
  environment?: string;
  apply: boolean;
  /** `--prune`; undefined follows `sync.prune`. */
  prune?: boolean;
  debounceMs: number;
  env: NodeJS.ProcessEnv;
  color: Painter;
  /** Prints one block of lines (no trailing newline). */
  print(text: string): void;
  onRequest?: (event: RequestEvent) => void;
  now?: () => Date;
}

export interface WatchSession {
  /** Resolves when the first plan is shown and the files are watched; rejects when the session cannot start. */
  ready: Promise<void>;
  /** Stops watching and waits for the run in flight; resolves when everything is closed. Safe to call twice. */
  stop(): Promise<void>;
  /** Resolves when a `stop()` has finished. */
  closed: Promise<void>;
}

interface Target {
  loaded: LoadedConfig;
  environment: ResolvedEnvironment;
  connection: Connection;
}

/** What a session's steps read and never change. */
interface WatchContext {
  options: WatchOptions;
  print(text: string): void;
  color: Painter;
  /** `[hh:mm:ss]`, dimmed. */
  stamp(): string;
  /** The config file, absolute. */
  configFile: string;
  /** A path relative to the project folder, with `/`. */
  relative(file: string): string;
}

/** What a session's steps share and change. */
interface WatchState {
  target?: Target;
  watcher?: FSWatcher;
  /** The content folder being watched. */
  watchedContent?: string;
  /** The planned changes last shown. */
  baseline: PlanBaseline;
  /** Show the whole plan next time: at the start, and when the environment changed. */
  full: boolean;
  stopping: boolean;
  stopped?: Promise<void>;
  /** Files changed since the last run, relative to the project folder. */
  pending: Set<string>;
  /** The debounce timer. */
  timer?: NodeJS.Timeout;
  /** The run in flight. */
  running?: Promise<void>;
  /** The plan warnings shown so far: each is shown once a session, not after every save. */
  warned: Set<string>;
}

export function watchProject(options: WatchOptions): WatchSession {
  const context = watchContext(options);
  const state: WatchState = {
    baseline: new Map(),
    full: true,
    stopping: false,
    pending: new Set(),
    warned: new Set(),
  };
  const ready = startSession(context, state);
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const stop = () => {
    state.stopped ??= stopSession(state, ready).then(markClosed);
    return state.stopped;
  };
  return { ready, stop, closed };
}

function watchContext(options: WatchOptions): WatchContext {
  const now = options.now ?? (() => new Date());
  return {
    options,
    print: options.print,
    color: options.color,
    stamp: () => options.color.dim(`[${now().toTimeString().slice(0, 8)}]`),
    configFile: path.resolve(options.cwd, options.configFile ?? 'sync.config.yaml'),
    relative: (file) => path.relative(options.cwd, file).split(path.sep).join('/') || '.',
  };
}

function openConnection(context: WatchContext, loaded: LoadedConfig, environment: ResolvedEnvironment) {
  return connect(environment, { settings: loaded.config.sync, onRequest: context.options.onRequest });
}

function contentDirOf(loaded: LoadedConfig): string {
  return path.resolve(loaded.root, loaded.config.content);
}

/** Loads the config, refuses a protected environment for `--apply`, and connects. */
async function openTarget(context: WatchContext): Promise<Target> {
  const { options } = context;
  const loaded = await loadConfig({ cwd: options.cwd, file: options.configFile, env: options.env });
  const environment = resolveEnvironment(loaded, { name: options.environment, env: options.env });
  if (options.apply && environment.protected) {
    throw userError(protectedRefusal(environment.name), loaded.displayFile, 'watch/protected', {
      message: `environment ${environment.name} is protected`,
      hint: 'watch without --apply, or choose an unprotected environment with --env',
    });
  }
  return { loaded, environment, connection: await openConnection(context, loaded, environment) };
}

/** Connects, watches the files, shows the first plan: the session's `ready`. */
async function startSession(context: WatchContext, state: WatchState): Promise<void> {
  const { print, color, options, relative, configFile } = context;
  const opened = await openTarget(context);
  state.target = opened;
  if (state.stopping) return;
  const watchedContent = contentDirOf(opened.loaded);
  await startWatcher(context, state, watchedContent);
  print(
    `oc-sync watch — environment ${opened.environment.name}, service ${opened.connection.serviceId}${options.apply ? ', applying every clean plan' : ''}\nwatching ${relative(watchedContent)}/ and ${relative(configFile)}; Ctrl-C to stop`,
  );
  state.running = cycle(context, state, undefined).finally(() => {
    state.running = undefined;
  });
  await state.running;
  if (state.pending.size > 0 && !state.timer) kick(context, state);
  print(color.dim('waiting for changes'));
}

/** Watches the content folder and the config; resolves when the watcher is ready. */
async function startWatcher(context: WatchContext, state: WatchState, watchedContent: string): Promise<void> {
  state.watchedContent = watchedContent;
  const watcher = watch([watchedContent, context.configFile], {
    ignoreInitial: true,
    ignored: (file: string) => isIgnoredChange(state.watchedContent, file),
  });
  state.watcher = watcher;
  watcher.on('all', (event, file) => {
    if (event !== 'addDir') changed(context, state, file);
  });
  watcher.on('error', (error) =>
    context.print(context.color.red(`watch error: ${(error as Error).message}`)),
  );
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
}

/** Stops watching, lets the run in flight finish, then closes the connection. */
async function stopSession(state: WatchState, ready: Promise<void>): Promise<void> {
  state.stopping = true;
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
  await ready.catch(() => undefined);
  await state.watcher?.close();
  await state.running;
  await state.target?.connection.close();
}

/** A file changed: gathered, and a run started once saves pause for `debounceMs`. */
function changed(context: WatchContext, state: WatchState, file: string): void {
  if (state.stopping) return;
  state.pending.add(context.relative(file));
  if (state.timer) clearTimeout(state.timer);
  state.timer = setTimeout(() => kick(context, state), context.options.debounceMs);
}

function kick(context: WatchContext, state: WatchState): void {
  state.timer = undefined;
  if (state.running || state.stopping) return;
  state.running = drain(context, state).finally(() => {
    state.running = undefined;
  });
}

/** Runs until no saves are pending: saves during a run are gathered into the next. */
async function drain(context: WatchContext, state: WatchState): Promise<void> {
  while (state.pending.size > 0 && !state.stopping) {
    const files = [...state.pending].sort();
    state.pending.clear();
    await cycle(context, state, files);
  }
}

/** Validate, then plan (and apply). Problems are printed; the session goes on. */
async function cycle(
  context: WatchContext,
  state: WatchState,
  files: readonly string[] | undefined,
): Promise<void> {
  if (!state.target) return;
  if (files) context.print(`\n${context.stamp()} changed: ${changedFilesText(files)}`);
  try {
    if (files?.includes(context.relative(context.configFile)))
      await followConfig(context, state, state.target);
    const current = state.target;
    if (!(await validateProject(context))) return;
    const prune = context.options.prune ?? current.loaded.config.sync.prune;
    if (context.options.apply && !current.environment.protected) {
      await applyOnce(context, state, current, prune);
      return;
    }
    if (context.options.apply)
      context.print(context.color.yellow(protectedRefusal(current.environment.name)));
    await planOnce(context, state, current, prune);
  } catch (error) {
    printCycleError(context, error);
  }
}

/** The config changed: re-read it, and watch the content folder it now names. */
async function followConfig(context: WatchContext, state: WatchState, current: Target): Promise<void> {
  state.target = await reload(context, state, current);
  const contentDir = contentDirOf(state.target.loaded);
  const { watcher } = state;
  if (watcher && contentDir !== state.watchedContent) {
    if (state.watchedContent) watcher.unwatch(state.watchedContent);
    state.watchedContent = contentDir;
    watcher.add(contentDir);
  }
}

/** Re-reads the config; re-opens the connection only when the environment itself changed. */
async function reload(context: WatchContext, state: WatchState, current: Target): Promise<Target> {
  const { options } = context;
  const loaded = await loadConfig({ cwd: options.cwd, file: options.configFile, env: options.env });
  const environment = resolveEnvironment(loaded, { name: options.environment, env: options.env });
  if (JSON.stringify(environment) === JSON.stringify(current.environment)) {
    return { ...current, loaded, environment };
  }
  context.print(`${context.stamp()} the config changed environment ${environment.name}: reconnecting`);
  await current.connection.close();
  state.full = true;
  return { loaded, environment, connection: await openConnection(context, loaded, environment) };
}

/** Validates content/ and the config, printing what it finds; true when there are no errors. */
async function validateProject(context: WatchContext): Promise<boolean> {
  const { options, print, color } = context;
  const check = await checkProject({ cwd: options.cwd, configFile: options.configFile, env: options.env });
  if (check.diagnostics.length) {
    print(check.diagnostics.map(formatDiagnostic).join('\n'));
  }
  if (check.errors > 0) {
    print(
      color.red(`${formatSummary(summarize(check.diagnostics))}: not planned; waiting for the next change`),
    );
    return false;
  }
  return true;
}

async function applyOnce(
  context: WatchContext,
  state: WatchState,
  current: Target,
  prune: boolean,
): Promise<void> {
  const { loaded, environment, connection } = current;
  const { print, color } = context;
  const report = await applyRun({
    loaded,
    environment,
    connection,
    cwd: context.options.cwd,
    prune,
    overwriteDrift: loaded.config.sync.onDrift === 'overwrite',
    maxDeletes: loaded.config.sync.maxDeletes,
    concurrency: loaded.config.sync.concurrency,
    onPlan: (run) => showPlan(context, state, run.plan),
  });
  for (const note of report.notes) print(note);
  state.baseline = baselineOf(remainingAfterApply(report.run.plan, report.result));
  if (report.writes > 0 || report.result.counts.failed > 0) {
    print(
      formatApplyResult(
        report.result,
        { requests: report.requests, ms: report.ms, environment: environment.name },
        color,
      ),
    );
  }
}

async function planOnce(
  context: WatchContext,
  state: WatchState,
  current: Target,
  prune: boolean,
): Promise<void> {
  const { loaded, environment, connection } = current;
  const run = await makePlan({
    loaded,
    environment,
    connection,
    projectRoot: loaded.root,
    cwd: context.options.cwd,
    prune,
  });
  showPlan(context, state, run.plan);
}

/** The whole plan the first time (and after reconnecting), then what changed in it since the last print. */
function showPlan(context: WatchContext, state: WatchState, plan: Plan): void {
  const { target } = state;
  if (!target) return;
  const head = { environment: target.environment.name, serviceId: target.connection.serviceId };
  const fresh = plan.warnings.filter((warning) => !state.warned.has(warning));
  for (const warning of fresh) state.warned.add(warning);
  if (state.full) {
    state.full = false;
    state.baseline = baselineOf(plan.changes.filter((c) => c.action !== 'noop'));
    context.print(`${context.stamp()} full plan:\n${formatPlanText(plan, head, context.color)}`);
    return;
  }
  const delta = planDelta(state.baseline, plan);
  state.baseline = delta.baseline;
  context.print(planDeltaText(delta, { ...plan, warnings: fresh }, head, context.color));
}

function printCycleError(context: WatchContext, error: unknown): void {
  const { print, color } = context;
  if (error instanceof UserInputError) {
    if (error.diagnostics.length) print(error.diagnostics.map(formatDiagnostic).join('\n'));
    print(color.red(error.message));
  } else {
    print(color.red(`error: ${error instanceof Error ? error.message : String(error)}`));
  }
  print(color.dim('waiting for the next change'));
}
