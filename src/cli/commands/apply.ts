import path from 'node:path';
import type { Command } from 'commander';
import { UserInputError } from '../../report/diagnostic.js';
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
    .option(
      '-y, --yes',
      'do not ask for confirmation (a protected environment needs it when stdin is not a terminal)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  oc-sync apply                      # the default environment (the embedded emulator)\n  oc-sync apply --env real --prune\n  oc-sync plan --out plan.json && oc-sync apply plan.json',
    )
    .action(async (planFile: string | undefined, options: ApplyCommandOptions, command: Command) => {
      // Loaded here, not at the top: every command's --help stays fast.
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
      stopCleanlyOnSignals();
      const globals = globalsOf(command);
      const color = paint(globals.color && process.stdout.isTTY === true);
      const loaded = await loadProject(globals);
      const { environment, connection } = await openEnvironment(loaded, globals, options.env);
      await using _ = connection;
      const sources = formatEnvironmentSources(environment);
      if (sources.length > 0 && !globals.quiet) process.stdout.write(`${sources.join('\n')}\n`);
      if (environment.protected && environment.selectedBy !== 'name') {
        throw new UserInputError(
          `environment ${environment.name} is protected: apply needs it named explicitly`,
          [
            {
              file: 'apply',
              line: 0,
              column: 0,
              severity: 'error',
              rule: 'apply/refused',
              message: `environment ${environment.name} is protected`,
              hint: `run oc-sync apply --env ${environment.name}`,
            },
          ],
        );
      }
      const sync = loaded.config.sync;
      const saved = planFile ? await readPlanFile(path.resolve(globals.cwd, planFile)) : undefined;
      const progress = createProgress({ tty: process.stderr.isTTY === true, quiet: globals.quiet === true });
      const header = { environment: environment.name, serviceId: connection.serviceId };
      try {
        const report = await applyRun({
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
          onPlan: (run) => {
            if (!globals.quiet) process.stdout.write(`${formatPlanText(run.plan, header, color)}\n\n`);
          },
          confirm: confirmApply(environment, options.yes),
          onProgress: (p) => progress.update(p),
        });
        progress.stop();
        for (const note of report.notes) process.stderr.write(`${note}\n`);
        if (report.declined) {
          process.stdout.write('Apply cancelled. Nothing was changed.\n');
          process.exitCode = 1;
          return;
        }
        process.stdout.write(
          `${formatApplyResult(report.result, { requests: report.requests, ms: report.ms, environment: environment.name }, color)}\n`,
        );
        if (applyIncomplete(report.result)) process.exitCode = 1;
      } finally {
        progress.stop();
      }
    });
}

interface ApplyCommandOptions {
  env?: string;
  allowDuplicates?: boolean;
  prune?: boolean;
  maxDeletes?: number;
  overwriteDrift?: boolean;
  concurrency?: number;
  yes?: boolean;
}
