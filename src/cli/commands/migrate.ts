import path from 'node:path';
import type { Command } from 'commander';
import { userError } from '../../diagnostics/diagnostic.js';
import type { MigrateResult } from '../../pull/migrate.js';
import type { PullEnvironmentResult } from '../../pull/pull-environment.js';
import type { ApplyResultMeta } from '../../report/apply-output.js';
import type { Painter } from '../../report/plan-output.js';
import type { ApplyRunReport } from '../../sync/apply-run.js';
import { type GlobalOptions, globalsOf, loadProject, openEnvironment } from '../project.js';
import { stopCleanlyOnSignals } from '../stop-signals.js';
import { paint } from '../style.js';
import { parseKinds } from './pull.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('copy a help center: pull one environment and apply it to another, with its own state')
    .requiredOption('--from <env>', 'environment to copy from')
    .requiredOption('--to <env>', 'environment to copy to')
    .option('--into <dir>', 'keep the pulled content in this folder (default: a temporary folder)')
    .option('--kinds <kinds>', 'only these kinds, comma-separated (as for pull)')
    .option('--prune', 'delete what the target has (and its state owns) but the source does not')
    .option('--max-deletes <n>', 'allow more deletes than sync.maxDeletes', (v) => Number.parseInt(v, 10))
    .option('--overwrite-drift', 'replace documents changed on the target since the last migrate')
    .option('--concurrency <n>', 'requests in flight at once', (v) => Number.parseInt(v, 10))
    .option(
      '-y, --yes',
      'do not ask for confirmation (a protected target needs it when stdin is not a terminal)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  oc-sync migrate --from alpha --to real\n  oc-sync migrate --from alpha --to real --into migrated   # keep the Markdown for review\n\nRun it again after an interruption: what was written is recorded in .oc-sync/state/<to>.json, and nothing is done twice.',
    )
    .action(runMigrateCommand);
}

/** Loaded when the command runs, not at the top: every command's --help stays fast. */
async function loadMigrateModules() {
  const [
    { migrateEnvironments },
    { formatPullResult },
    { formatPlanText },
    { formatApplyResult },
    { createProgress, createPullProgress },
    { confirmApply },
    { applyIncomplete },
  ] = await Promise.all([
    import('../../pull/migrate.js'),
    import('../../report/pull-output.js'),
    import('../../report/plan-output.js'),
    import('../../report/apply-output.js'),
    import('../../report/progress.js'),
    import('../confirm-apply.js'),
    import('../../sync/apply-run.js'),
  ]);
  return {
    migrateEnvironments,
    formatPullResult,
    formatPlanText,
    formatApplyResult,
    createProgress,
    createPullProgress,
    confirmApply,
    applyIncomplete,
  };
}

type MigrateModules = Awaited<ReturnType<typeof loadMigrateModules>>;
type OpenedEnvironment = Awaited<ReturnType<typeof openEnvironment>>;

/** What the printers of one migrate run need. */
interface MigrateOutput {
  modules: MigrateModules;
  options: MigrateCommandOptions;
  globals: GlobalOptions;
  color: Painter;
  cwd: string;
  started: number;
}

async function runMigrateCommand(options: MigrateCommandOptions, command: Command): Promise<void> {
  const modules = await loadMigrateModules();
  stopCleanlyOnSignals();
  const globals = globalsOf(command);
  const started = performance.now();
  const color = paint(globals.color && process.stdout.isTTY === true);
  const cwd = path.resolve(globals.cwd);
  const output: MigrateOutput = { modules, options, globals, color, cwd, started };
  refuseSameEnvironment(options);
  const kinds = await parseKinds(options.kinds);
  const loaded = await loadProject(globals);
  const from = await openEnvironment(loaded, globals, options.from);
  await using _from = from.connection;
  const to = await openEnvironment(loaded, globals, options.to);
  await using _to = to.connection;
  const bar = { tty: process.stderr.isTTY === true, quiet: globals.quiet === true };
  const pulling = modules.createPullProgress(bar);
  const progress = modules.createProgress(bar);
  try {
    const result = await modules.migrateEnvironments({
      loaded,
      from,
      to,
      cwd,
      into: options.into,
      kinds,
      prune: options.prune ?? loaded.config.sync.prune,
      overwriteDrift: options.overwriteDrift,
      maxDeletes: options.maxDeletes,
      concurrency: options.concurrency,
      onPullProgress: (step) => pulling.update(step),
      onPulled: (pulled) => {
        pulling.stop();
        printPulled(output, from, pulled);
      },
      onPlan: (run) => {
        if (globals.quiet) return;
        const header = { environment: to.environment.name, serviceId: to.connection.serviceId };
        process.stdout.write(`${modules.formatPlanText(run.plan, header, color)}\n\n`);
      },
      confirm: modules.confirmApply(to.environment, options.yes),
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    printMigrateResult(output, to.environment.name, result);
  } finally {
    pulling.stop();
    progress.stop();
  }
}

function refuseSameEnvironment(options: MigrateCommandOptions): void {
  if (options.from !== options.to) return;
  const message = `--from and --to are both ${options.from}`;
  throw userError(message, 'migrate', 'migrate/same-environment', { hint: 'name two environments' });
}

/** The pull from the source, once it is done and before the target is read. */
function printPulled(output: MigrateOutput, from: OpenedEnvironment, pulled: PullEnvironmentResult): void {
  const { options, globals, cwd } = output;
  if (globals.quiet) return;
  const text = output.modules.formatPullResult(
    pulled,
    {
      environment: from.environment.name,
      serviceId: from.connection.serviceId,
      into: options.into ? path.relative(cwd, pulled.contentDir) || '.' : 'a temporary folder',
      stateFile: options.into ? path.relative(cwd, pulled.stateFile) : 'none (a temporary folder)',
      requests: from.connection.http.stats.requests,
      ms: performance.now() - output.started,
      verbose: globals.verbose === true,
    },
    output.color,
  );
  process.stdout.write(`${text}\n\n`);
}

function printMigrateResult(output: MigrateOutput, target: string, result: MigrateResult): void {
  const { modules, options } = output;
  const report = result.apply;
  for (const note of report.notes) process.stderr.write(`${note}\n`);
  if (report.declined) {
    process.stdout.write(`Apply cancelled. Nothing was changed on ${target}.\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `${modules.formatApplyResult(report.result, resultMeta(report, options), output.color)}\n`,
  );
  const skipped = result.pull.documents.some((d) => d.outcome === 'skipped');
  if (skipped || modules.applyIncomplete(report.result)) process.exitCode = 1;
}

/**
 * The end of the apply to the target. Its drift is answered by migrate itself: a pull would write the target's
 * content into the repository's content/, which tracks the source.
 */
function resultMeta(report: ApplyRunReport, options: MigrateCommandOptions): ApplyResultMeta {
  return {
    requests: report.requests,
    ms: report.ms,
    environment: options.to,
    driftHint: `${options.to}'s version was left as it is, and the next migrate leaves it again. To replace it with ${options.from}'s: oc-sync migrate --from ${options.from} --to ${options.to} --overwrite-drift.`,
  };
}

interface MigrateCommandOptions {
  from: string;
  to: string;
  into?: string;
  kinds?: string;
  prune?: boolean;
  maxDeletes?: number;
  overwriteDrift?: boolean;
  concurrency?: number;
  yes?: boolean;
}
