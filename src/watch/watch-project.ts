import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import {
  type LoadedConfig,
  loadConfig,
  type ResolvedEnvironment,
  resolveEnvironment,
} from '../config/load.js';
import type { RequestEvent } from '../remote/client.js';
import { type Connection, connect } from '../remote/connect.js';
import { formatApplyResult } from '../report/apply-output.js';
import { formatDiagnostic, UserInputError } from '../report/diagnostic.js';
import { formatSummary, summarize } from '../report/diagnostics-output.js';
import { formatPlanText, type Painter, summaryLine } from '../report/plan-output.js';
import { resources } from '../resources/registry.js';
import { applyRun } from '../sync/apply-run.js';
import { checkProject } from '../sync/check-project.js';
import { makePlan } from '../sync/make-plan.js';
import type { Plan } from '../sync/plan.js';
import { baselineOf, type PlanBaseline, planDelta, remainingAfterApply } from './plan-delta.js';

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

export function watchProject(options: WatchOptions): WatchSession {
  const { color, print } = options;
  const now = options.now ?? (() => new Date());
  const stamp = () => color.dim(`[${now().toTimeString().slice(0, 8)}]`);
  const configFile = path.resolve(options.cwd, options.configFile ?? 'sync.config.yaml');
  const relative = (file: string) => path.relative(options.cwd, file).split(path.sep).join('/') || '.';

  let target: Target | undefined;
  let watcher: FSWatcher | undefined;
  let watchedContent: string | undefined;
  let baseline: PlanBaseline = new Map();
  /** Show the whole plan next time: at the start, and when the environment changed. */
  let full = true;
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const header = () =>
    target ? { environment: target.environment.name, serviceId: target.connection.serviceId } : undefined;

  const refuseProtected = (environment: ResolvedEnvironment) =>
    `environment ${environment.name} is protected: watch --apply only applies to unprotected environments. Watch without --apply to see the plans, and apply on purpose with oc-sync apply --env ${environment.name}.`;

  const openConnection = (loaded: LoadedConfig, environment: ResolvedEnvironment) =>
    connect(environment, { settings: loaded.config.sync, onRequest: options.onRequest });

  /** Re-reads the config; re-opens the connection only when the environment itself changed. */
  const reload = async (current: Target): Promise<Target> => {
    const loaded = await loadConfig({ cwd: options.cwd, file: options.configFile, env: options.env });
    const environment = resolveEnvironment(loaded, { name: options.environment, env: options.env });
    if (JSON.stringify(environment) === JSON.stringify(current.environment)) {
      return { ...current, loaded, environment };
    }
    print(`${stamp()} the config changed environment ${environment.name}: reconnecting`);
    await current.connection.close();
    full = true;
    return { loaded, environment, connection: await openConnection(loaded, environment) };
  };

  const contentDirOf = (loaded: LoadedConfig) => path.resolve(loaded.root, loaded.config.content);

  const ignored = (file: string) => {
    if (!watchedContent) return false;
    const inside = path.relative(watchedContent, file);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return false;
    // Hidden files and folders are not documents (DESIGN §1); editors' backup and swap files are noise.
    return inside.split(path.sep).some((part) => part.startsWith('.')) || /(~|\.sw[px]|\.tmp)$/.test(inside);
  };

  const showPlan = (plan: Plan) => {
    const head = header();
    if (!head) return;
    if (full) {
      full = false;
      baseline = baselineOf(plan.changes.filter((c) => c.action !== 'noop'));
      print(`${stamp()} full plan:\n${formatPlanText(plan, head, color)}`);
      return;
    }
    const delta = planDelta(baseline, plan);
    baseline = delta.baseline;
    const lines: string[] = [];
    if (delta.changed.length) {
      const text = formatPlanText(
        { ...plan, changes: delta.changed, unmanaged: [], warnings: [] },
        head,
        color,
      );
      // The header, a blank line, the changes, a blank line, the summary: keep the changes.
      lines.push(...text.split('\n').slice(2, -2));
    }
    for (const change of delta.settled) {
      lines.push(
        `${color.green('=')} ${resources[change.kind].label} ${color.bold(change.key)} ${color.dim('no longer changes')}`,
      );
    }
    if (lines.length === 0) lines.push(color.dim('the plan did not change'));
    for (const warning of plan.warnings) lines.push(color.yellow(`warning: ${warning}`));
    lines.push(color.bold(summaryLine(plan)));
    print(lines.join('\n'));
  };

  /** Validate, then plan (and apply). Problems are printed; the session goes on. */
  const cycle = async (files: readonly string[] | undefined) => {
    if (!target) return;
    if (files) {
      const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');
      print(`\n${stamp()} changed: ${shown}`);
    }
    try {
      if (files?.includes(relative(configFile))) {
        target = await reload(target);
        const contentDir = contentDirOf(target.loaded);
        if (watcher && contentDir !== watchedContent) {
          if (watchedContent) watcher.unwatch(watchedContent);
          watchedContent = contentDir;
          watcher.add(contentDir);
        }
      }
      const current = target;
      const check = await checkProject({
        cwd: options.cwd,
        configFile: options.configFile,
        env: options.env,
      });
      if (check.diagnostics.length) {
        print(check.diagnostics.map(formatDiagnostic).join('\n'));
      }
      if (check.errors > 0) {
        print(
          color.red(
            `${formatSummary(summarize(check.diagnostics))}: not planned; waiting for the next change`,
          ),
        );
        return;
      }
      const { loaded, environment, connection } = current;
      const prune = options.prune ?? loaded.config.sync.prune;
      if (options.apply && !environment.protected) {
        const report = await applyRun({
          loaded,
          environment,
          connection,
          cwd: options.cwd,
          prune,
          overwriteDrift: loaded.config.sync.onDrift === 'overwrite',
          maxDeletes: loaded.config.sync.maxDeletes,
          concurrency: loaded.config.sync.concurrency,
          onPlan: (run) => showPlan(run.plan),
        });
        for (const note of report.notes) print(note);
        baseline = baselineOf(remainingAfterApply(report.run.plan, report.result));
        if (report.writes > 0 || report.result.counts.failed > 0) {
          print(
            formatApplyResult(
              report.result,
              { requests: report.requests, ms: report.ms, environment: environment.name },
              color,
            ),
          );
        }
        return;
      }
      if (options.apply) print(color.yellow(refuseProtected(environment)));
      const run = await makePlan({
        loaded,
        environment,
        connection,
        projectRoot: loaded.root,
        cwd: options.cwd,
        prune,
      });
      showPlan(run.plan);
    } catch (error) {
      if (error instanceof UserInputError) {
        if (error.diagnostics.length) print(error.diagnostics.map(formatDiagnostic).join('\n'));
        print(color.red(error.message));
      } else {
        print(color.red(`error: ${error instanceof Error ? error.message : String(error)}`));
      }
      print(color.dim('waiting for the next change'));
    }
  };

  const drain = async () => {
    while (pending.size > 0 && !stopping) {
      const files = [...pending].sort();
      pending.clear();
      await cycle(files);
    }
  };
  const kick = () => {
    timer = undefined;
    if (running || stopping) return;
    running = drain().finally(() => {
      running = undefined;
    });
  };
  const changed = (file: string) => {
    if (stopping) return;
    pending.add(relative(file));
    if (timer) clearTimeout(timer);
    timer = setTimeout(kick, options.debounceMs);
  };

  const ready = (async () => {
    const loaded = await loadConfig({ cwd: options.cwd, file: options.configFile, env: options.env });
    const environment = resolveEnvironment(loaded, { name: options.environment, env: options.env });
    if (options.apply && environment.protected) {
      throw new UserInputError(refuseProtected(environment), [
        {
          file: loaded.displayFile,
          line: 0,
          column: 0,
          severity: 'error',
          rule: 'watch/protected',
          message: `environment ${environment.name} is protected`,
          hint: 'watch without --apply, or choose an unprotected environment with --env',
        },
      ]);
    }
    const opened: Target = { loaded, environment, connection: await openConnection(loaded, environment) };
    target = opened;
    if (stopping) return;
    watchedContent = contentDirOf(opened.loaded);
    watcher = watch([watchedContent, configFile], { ignoreInitial: true, ignored });
    watcher.on('all', (event, file) => {
      if (event !== 'addDir') changed(file);
    });
    watcher.on('error', (error) => print(color.red(`watch error: ${(error as Error).message}`)));
    await new Promise<void>((resolve) => watcher?.once('ready', () => resolve()));
    print(
      `oc-sync watch — environment ${opened.environment.name}, service ${opened.connection.serviceId}${options.apply ? ', applying every clean plan' : ''}\nwatching ${relative(watchedContent)}/ and ${relative(configFile)}; Ctrl-C to stop`,
    );
    running = cycle(undefined).finally(() => {
      running = undefined;
    });
    await running;
    if (pending.size > 0 && !timer) kick();
    print(color.dim('waiting for changes'));
  })();

  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await ready.catch(() => undefined);
      await watcher?.close();
      await running;
      await target?.connection.close();
      markClosed();
    })();
    return stopped;
  };

  return { ready, stop, closed };
}
