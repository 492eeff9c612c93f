import path from 'node:path';
import type { Command } from 'commander';
import { migrateEnvironments } from '../../pull/migrate.js';
import { formatPullResult } from '../../pull/pull-output.js';
import { formatApplyResult } from '../../report/apply-output.js';
import { UserInputError } from '../../report/diagnostic.js';
import { formatPlanText } from '../../report/plan-output.js';
import { createProgress } from '../progress.js';
import { globalsOf, loadProject, openEnvironment } from '../project.js';
import { paint } from '../style.js';
import { parseKinds, pullProgress } from './pull.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('copy a help center: pull one environment and apply it to another, with its own state')
    .requiredOption('--from <env>', 'environment to copy from')
    .requiredOption('--to <env>', 'environment to copy to')
    .option('--into <dir>', 'keep the pulled content in this folder (default: a temporary folder)')
    .option('--kinds <kinds>', 'only these kinds, comma-separated (as for pull)')
    .option('--prune', 'delete what the target has (and its state owns) but the source does not')
    .option('--overwrite-drift', 'replace documents changed on the target since the last migrate')
    .option('--concurrency <n>', 'requests in flight at once', (v) => Number.parseInt(v, 10))
    .addHelpText(
      'after',
      '\nExamples:\n  oc-sync migrate --from alpha --to real\n  oc-sync migrate --from alpha --to real --into migrated   # keep the Markdown for review\n\nRun it again after an interruption: what was written is recorded in .oc-sync/state/<to>.json, and nothing is done twice.',
    )
    .action(async (options: MigrateCommandOptions, command: Command) => {
      const globals = globalsOf(command);
      const started = performance.now();
      const color = paint(globals.color && process.stdout.isTTY === true);
      const cwd = path.resolve(globals.cwd);
      if (options.from === options.to) {
        const message = `--from and --to are both ${options.from}`;
        throw new UserInputError(message, [
          {
            file: 'migrate',
            line: 0,
            column: 0,
            severity: 'error',
            rule: 'migrate/same-environment',
            message,
            hint: 'name two environments',
          },
        ]);
      }
      const loaded = await loadProject(globals);
      const from = await openEnvironment(loaded, globals, options.from);
      await using _from = from.connection;
      const to = await openEnvironment(loaded, globals, options.to);
      await using _to = to.connection;
      const progress = createProgress({ tty: process.stderr.isTTY === true, quiet: globals.quiet === true });
      let result: Awaited<ReturnType<typeof migrateEnvironments>>;
      try {
        result = await migrateEnvironments({
          loaded,
          from,
          to,
          cwd,
          into: options.into,
          kinds: parseKinds(options.kinds),
          prune: options.prune ?? loaded.config.sync.prune,
          overwriteDrift: options.overwriteDrift,
          concurrency: options.concurrency,
          onPullProgress: pullProgress(globals.quiet === true),
          onPulled: (pulled) => {
            if (globals.quiet) return;
            const text = formatPullResult(
              pulled,
              {
                environment: from.environment.name,
                serviceId: from.connection.serviceId,
                into: options.into ? path.relative(cwd, pulled.contentDir) || '.' : 'a temporary folder',
                stateFile: options.into ? path.relative(cwd, pulled.stateFile) : 'none (a temporary folder)',
                requests: from.connection.http.stats.requests,
                ms: performance.now() - started,
                verbose: globals.verbose === true,
              },
              color,
            );
            process.stdout.write(`${text}\n\n`);
          },
          onPlan: (run) => {
            if (!globals.quiet)
              process.stdout.write(
                `${formatPlanText(run.plan, { environment: to.environment.name, serviceId: to.connection.serviceId }, color)}\n\n`,
              );
          },
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.stop();
      }
      const { adopted, forgotten } = result.recovered;
      if (adopted.length)
        process.stderr.write(`recovered ${adopted.length} document(s) created by an interrupted run\n`);
      if (forgotten.length)
        process.stderr.write(
          `${forgotten.length} create(s) of an interrupted run never happened; they were planned again\n`,
        );
      process.stdout.write(
        `${formatApplyResult(result.apply, { requests: to.connection.http.stats.requests, ms: performance.now() - started, environment: to.environment.name }, color)}\n`,
      );
      const troubled = result.pull.documents.some((d) => d.outcome === 'skipped');
      if (troubled || result.apply.counts.failed > 0 || result.apply.skipped.length > 0) process.exitCode = 1;
    });
}

interface MigrateCommandOptions {
  from: string;
  to: string;
  into?: string;
  kinds?: string;
  prune?: boolean;
  overwriteDrift?: boolean;
  concurrency?: number;
}
