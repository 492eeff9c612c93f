import path from 'node:path';
import { type Command, Option } from 'commander';
import { UserInputError } from '../../diagnostics/diagnostic.js';
import type { Plan } from '../../sync/plan.js';
import { globalsOf, loadProject, openEnvironment } from '../project.js';
import { paint } from '../style.js';

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('dry-run: compare content/ with the service and show what apply would change')
    .option('--env <name>', 'environment (default: OC_ENV or defaultEnvironment)')
    .option('--out <file>', 'save the plan, to apply exactly it later with `oc-sync apply <file>`')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'),
    )
    .option('--json', 'same as --format json')
    .option('--compact', 'text: counts per kind, then one line per change, without field and body details')
    .option('--prune', 'plan deletes of documents and list items removed from content/')
    .option('--max-deletes <n>', 'the delete limit apply will use (default sync.maxDeletes)', (v) =>
      Number.parseInt(v, 10),
    )
    .option(
      '--allow-duplicates',
      'plan creates of documents even where the service has one with the same title and category that oc-sync does not manage',
    )
    .option(
      '--detailed-exitcode',
      'exit 0 when there is nothing to change, 2 when there are changes, 1 on error',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  oc-sync plan\n  oc-sync plan --env alpha --format markdown > plan.md\n  oc-sync plan --compact          # counts, then a line per change\n  oc-sync plan --out plan.json && oc-sync apply plan.json',
    )
    .action(runPlanCommand);
}

/** Loaded when the command runs, not at the top: every command's --help stays fast. */
async function loadPlanModules() {
  const [
    { formatPlanMarkdown, formatPlanText, summaryLine },
    { makePlan },
    { planDocument, writePlanFile },
    { formatEnvironmentSources },
    { unfinishedApply },
    { createProgress },
  ] = await Promise.all([
    import('../../report/plan-output.js'),
    import('../../sync/make-plan.js'),
    import('../../sync/plan-file.js'),
    import('../../report/environment-output.js'),
    import('../../sync/plan.js'),
    import('../../report/progress.js'),
  ]);
  return {
    formatPlanMarkdown,
    formatPlanText,
    summaryLine,
    makePlan,
    planDocument,
    writePlanFile,
    formatEnvironmentSources,
    unfinishedApply,
    createProgress,
  };
}

type PlanModules = Awaited<ReturnType<typeof loadPlanModules>>;

async function runPlanCommand(options: PlanCommandOptions, command: Command): Promise<void> {
  try {
    await planCommand(options, command);
  } catch (error) {
    // A machine asked for JSON: invalid content or config is JSON too, with the diagnostics (stderr says it too).
    if (!(options.json || options.format === 'json') || !(error instanceof UserInputError)) throw error;
    const { summarize } = await import('../../report/diagnostics-output.js');
    const failure = {
      formatVersion: 1,
      error: error.message,
      ...summarize(error.diagnostics),
      diagnostics: error.diagnostics,
    };
    process.stdout.write(`${JSON.stringify(failure, null, 2)}\n`);
    throw error;
  }
}

async function planCommand(options: PlanCommandOptions, command: Command): Promise<void> {
  const modules = await loadPlanModules();
  const globals = globalsOf(command);
  const loaded = await loadProject(globals);
  const { environment, connection } = await openEnvironment(loaded, globals, options.env);
  await using _ = connection;
  const format = options.json ? 'json' : options.format;
  // Beside a text plan; on stderr when stdout is JSON or Markdown for a machine or a file.
  const sources = modules.formatEnvironmentSources(environment);
  if (sources.length > 0 && !globals.quiet)
    (format === 'text' ? process.stdout : process.stderr).write(`${sources.join('\n')}\n`);
  const prune = options.prune ?? loaded.config.sync.prune;
  // On stderr, never stdout (the plan's text or JSON): the details of documents that may have changed.
  const progress = modules.createProgress({
    tty: process.stderr.isTTY === true,
    quiet: globals.quiet === true,
    label: 'fetching',
  });
  const run = await modules
    .makePlan({
      loaded,
      environment,
      connection,
      projectRoot: loaded.root,
      cwd: path.resolve(globals.cwd),
      prune,
      allowDuplicates: options.allowDuplicates,
      maxDeletes: options.maxDeletes,
      onDetailProgress: (step) => progress.update(step),
    })
    .finally(() => progress.stop());
  const header = { environment: environment.name, serviceId: connection.serviceId };
  const document = modules.planDocument(run.plan, {
    ...header,
    prune,
    basis: run.basis,
    desired: run.desired,
  });
  if (options.out) await modules.writePlanFile(path.resolve(globals.cwd, options.out), document);
  const text =
    format === 'json'
      ? JSON.stringify(document, null, 2)
      : format === 'markdown'
        ? modules.formatPlanMarkdown(run.plan, header)
        : globals.quiet
          ? modules.summaryLine(run.plan)
          : modules.formatPlanText(run.plan, header, paint(globals.color && process.stdout.isTTY === true), {
              compact: options.compact,
            });
  process.stdout.write(`${text}\n`);
  if (options.out && format !== 'json') process.stderr.write(`saved the plan to ${options.out}\n`);
  setPlanExitCode(modules, run.plan, options);
}

/** 2 for changes under --detailed-exitcode; 1 for what apply would refuse or an unfinished apply. */
function setPlanExitCode(modules: PlanModules, plan: Plan, options: PlanCommandOptions): void {
  const s = plan.summary;
  const changes = s.create + s.update + s.delete + s.move + s.drifted + s.conflicts;
  if (options.detailedExitcode && changes > 0) process.exitCode = 2;
  // What apply would refuse is an error of the plan already (a pull request's check fails on it).
  if (plan.refusals?.length) process.exitCode = 1;
  const unfinished = modules.unfinishedApply(plan);
  for (const reason of unfinished) process.stderr.write(`${reason}; this plan exits 1 as apply would\n`);
  if (unfinished.length) process.exitCode = 1;
}

interface PlanCommandOptions {
  env?: string;
  maxDeletes?: number;
  allowDuplicates?: boolean;
  out?: string;
  format: 'text' | 'markdown' | 'json';
  json?: boolean;
  compact?: boolean;
  prune?: boolean;
  detailedExitcode?: boolean;
}
