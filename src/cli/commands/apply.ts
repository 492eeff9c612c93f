import path from 'node:path';
import type { Command } from 'commander';
import type { ResolvedEnvironment } from '../../config/load.js';
import { userError } from '../../diagnostics/diagnostic.js';
import type { Painter } from '../../report/plan-output.js';
import type { ApplyRunReport } from '../../sync/apply-run.js';
import { globalsOf, loadProject, openEnvironment } from '../project.js';
import { stopCleanlyOnSignals } from '../stop-signals.js';
import { paint } from '../style.js';

export function registerApply(program: Command): void {
  program
    .command('apply')
    .argument('[plan]', 'a plan saved with `oc-sync plan --out`; refused when stale')
    .description('reconcile the service with content/: create, update, move and (with --prune) delete')
    .option('--env <name>', 'environment (protected environments need it spelled out)')
    .option('--prune', 'delete documents and list items removed from content/')
    .option(
      '--allow-duplicates',
      'create documents even where the service has one with the same title and category that oc-sync does not manage',
    )
    .option('--max-deletes <n>', 'allow more deletes than sync.maxDeletes', (v) => Number.parseInt(v, 10))
    .option('--overwrite-drift', 'replace documents changed on the service since the last apply')
    .option('--concurrency <n>', 'requests in flight at once', (v) => Number.parseInt(v, 10))
    .option('--compact', 'show the plan as counts per kind and one line per change')
    .option(
      '-y, --yes',
      'do not ask for confirmation (a protected environment needs it when stdin is not a terminal)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  oc-sync apply                      # the default environment (the embedded emulator)\n  oc-sync apply --env real --prune\n  oc-sync plan --out plan.json && oc-sync apply plan.json',
    )
    .action(runApplyCommand);
}

/** Loaded when the command runs, not at the top: every command's --help stays fast. */
async function loadApplyModules() {
  const [
    { applyRun, applyIncomplete },
    { readPlanFile },
    { formatPlanText },
    { formatApplyResult },
    { createProgress },
    { confirmApply },
    { formatEnvironmentSources },
  ] = await Promise.all([
    import('../../sync/apply-run.js'),
    import('../../sync/plan-file.js'),
    import('../../report/plan-output.js'),
    import('../../report/apply-output.js'),
    import('../../report/progress.js'),
    import('../confirm-apply.js'),
    import('../../report/environment-output.js'),
  ]);
  return {
    applyRun,
    applyIncomplete,
    readPlanFile,
    formatPlanText,
    formatApplyResult,
    createProgress,
    confirmApply,
    formatEnvironmentSources,
  };
}

type ApplyModules = Awaited<ReturnType<typeof loadApplyModules>>;

async function runApplyCommand(
  planFile: string | undefined,
  options: ApplyCommandOptions,
  command: Command,
): Promise<void> {
  const modules = await loadApplyModules();
  stopCleanlyOnSignals();
  const globals = globalsOf(command);
  const color = paint(globals.color && process.stdout.isTTY === true);
  const loaded = await loadProject(globals);
  const { environment, connection } = await openEnvironment(loaded, globals, options.env);
  await using _ = connection;
  const sources = modules.formatEnvironmentSources(environment);
  if (sources.length > 0 && !globals.quiet) process.stdout.write(`${sources.join('\n')}\n`);
  refuseUnnamedProtected(environment);
  const saved = planFile ? await modules.readPlanFile(path.resolve(globals.cwd, planFile)) : undefined;
  const bar = { tty: process.stderr.isTTY === true, quiet: globals.quiet === true };
  const fetching = modules.createProgress({ ...bar, label: 'fetching' });
  const progress = modules.createProgress(bar);
  const header = { environment: environment.name, serviceId: connection.serviceId };
  const sync = loaded.config.sync;
  try {
    const report = await modules.applyRun({
      loaded,
      environment,
      connection,
      cwd: path.resolve(globals.cwd),
      saved,
      prune: saved?.prune ?? options.prune ?? sync.prune,
      allowDuplicates: options.allowDuplicates,
      overwriteDrift: options.overwriteDrift ?? sync.onDrift === 'overwrite',
      maxDeletes: options.maxDeletes ?? sync.maxDeletes,
      concurrency: options.concurrency ?? sync.concurrency,
      onDetailProgress: (p) => fetching.update(p),
      onPlan: (run) => {
        fetching.stop();
        if (globals.quiet) return;
        const text = modules.formatPlanText(run.plan, header, color, { compact: options.compact });
        process.stdout.write(`${text}\n\n`);
      },
      confirm: modules.confirmApply(environment, options.yes),
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    printApplyReport(modules, report, environment.name, color);
  } finally {
    fetching.stop();
    progress.stop();
  }
}

/** A protected environment is applied only when it is named (`--env`), never by default or OC_ENV. */
function refuseUnnamedProtected(environment: ResolvedEnvironment): void {
  if (!environment.protected || environment.selectedBy === 'name') return;
  throw userError(
    `environment ${environment.name} is protected: apply needs it named explicitly`,
    'apply',
    'apply/refused',
    {
      message: `environment ${environment.name} is protected`,
      hint: `run oc-sync apply --env ${environment.name}`,
    },
  );
}

function printApplyReport(
  modules: ApplyModules,
  report: ApplyRunReport,
  environment: string,
  color: Painter,
): void {
  for (const note of report.notes) process.stderr.write(`${note}\n`);
  if (report.declined) {
    process.stdout.write('Apply cancelled. Nothing was changed.\n');
    process.exitCode = 1;
    return;
  }
  const meta = { requests: report.requests, ms: report.ms, environment };
  process.stdout.write(`${modules.formatApplyResult(report.result, meta, color)}\n`);
  if (modules.applyIncomplete(report.result)) process.exitCode = 1;
}

interface ApplyCommandOptions {
  compact?: boolean;
  env?: string;
  allowDuplicates?: boolean;
  prune?: boolean;
  maxDeletes?: number;
  overwriteDrift?: boolean;
  concurrency?: number;
  yes?: boolean;
}
