import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { formatApplyResult } from '../../report/apply-output.js';
import { UserInputError } from '../../report/diagnostic.js';
import { formatPlanText } from '../../report/plan-output.js';
import {
  ApplyRefused,
  applyPlan,
  countWrites,
  recoverPendingCreates,
  settleInterruptedUpdates,
} from '../../sync/apply.js';
import { makePlan } from '../../sync/make-plan.js';
import { readPlanFile } from '../../sync/plan-file.js';
import { stateFilePath } from '../../sync/state-file.js';
import { openStateStore } from '../../sync/state-store.js';
import { createProgress } from '../progress.js';
import { globalsOf, loadProject, openEnvironment } from '../project.js';
import { paint } from '../style.js';

export function registerApply(program: Command): void {
  program
    .command('apply')
    .argument('[plan]', 'a plan saved with `oc-sync plan --out`; refused when stale')
    .description('reconcile the service with content/: create, update, move and (with --prune) delete')
    .option('--env <name>', 'environment (protected environments need it spelled out)')
    .option('--prune', 'delete documents and list items removed from content/')
    .option('--max-deletes <n>', 'allow more deletes than sync.maxDeletes', (v) => Number.parseInt(v, 10))
    .option('--overwrite-drift', 'replace documents changed on the service since the last apply')
    .option('--concurrency <n>', 'requests in flight at once', (v) => Number.parseInt(v, 10))
    .option('-y, --yes', 'do not ask for confirmation (implied when not on a terminal)')
    .addHelpText(
      'after',
      '\nExamples:\n  oc-sync apply                      # the default environment (the embedded emulator)\n  oc-sync apply --env real --prune\n  oc-sync plan --out plan.json && oc-sync apply plan.json',
    )
    .action(async (planFile: string | undefined, options: ApplyCommandOptions, command: Command) => {
      const globals = globalsOf(command);
      const started = performance.now();
      const color = paint(globals.color && process.stdout.isTTY === true);
      const loaded = await loadProject(globals);
      const { environment, connection } = await openEnvironment(loaded, globals, options.env);
      await using _ = connection;
      if (environment.protected && environment.selectedBy !== 'name') {
        throw refuse(
          `environment ${environment.name} is protected: apply needs it named explicitly`,
          `run oc-sync apply --env ${environment.name}`,
        );
      }
      const sync = loaded.config.sync;
      const overwriteDrift = options.overwriteDrift ?? sync.onDrift === 'overwrite';
      const prune = options.prune ?? sync.prune;
      const saved = planFile ? await readPlanFile(path.resolve(globals.cwd, planFile)) : undefined;

      const store = await openStateStore(
        stateFilePath(loaded.root, environment.name),
        environment.name,
        connection.serviceId,
      );
      if (Object.keys(store.state.pending).length > 0) {
        const { adopted, forgotten } = await recoverPendingCreates(connection.api, store);
        if (adopted.length)
          process.stderr.write(`recovered ${adopted.length} document(s) created by an interrupted run\n`);
        if (forgotten.length)
          process.stderr.write(
            `${forgotten.length} create(s) of an interrupted run never happened; they are planned again\n`,
          );
      }
      const plan = () =>
        makePlan({
          loaded,
          environment,
          connection,
          projectRoot: loaded.root,
          cwd: path.resolve(globals.cwd),
          prune: saved?.prune ?? prune,
          state: store.state,
        });
      let run = await plan();
      if (Object.keys(store.state.updating ?? {}).length > 0) {
        const settled = settleInterruptedUpdates(store, run.plan.changes);
        if (settled.length) {
          process.stderr.write(`recovered ${settled.length} update(s) made by an interrupted run\n`);
          run = await plan();
        }
      }
      if (saved) {
        const stale = (['content', 'state', 'remote'] as const).filter(
          (part) => saved.basis[part] !== run.basis[part],
        );
        if (saved.environment !== environment.name || saved.serviceId !== connection.serviceId) {
          throw refuse(
            `the saved plan is for ${saved.environment} (${saved.serviceId})`,
            `apply it with --env ${saved.environment}`,
          );
        }
        if (stale.length) {
          throw refuse(
            `the saved plan is stale: ${stale.map((p) => (p === 'remote' ? 'the service' : p === 'state' ? 'the state file' : 'content/')).join(', ')} changed since it was made`,
            'make a new plan (oc-sync plan --out plan.json), review it, and apply that',
          );
        }
      }

      const header = { environment: environment.name, serviceId: connection.serviceId };
      if (!globals.quiet) process.stdout.write(`${formatPlanText(run.plan, header, color)}\n\n`);
      const holdsDrift = run.plan.changes.some((c) => c.hold === 'drift' || c.hold === 'conflict');
      if (holdsDrift && sync.onDrift === 'fail' && !overwriteDrift) {
        throw refuse(
          'some documents changed on the service since the last apply, and sync.onDrift is fail',
          'pull them, or apply with --overwrite-drift',
        );
      }
      const deletes = run.plan.changes.filter(
        (c) => c.action === 'delete' && !c.hold && !c.remoteMissing,
      ).length;
      const maxDeletes = options.maxDeletes ?? sync.maxDeletes;
      if (deletes > maxDeletes) {
        throw refuse(
          `the plan deletes ${deletes} item(s), more than the limit of ${maxDeletes}; nothing was changed`,
          `check the plan; if it is right, run again with --max-deletes ${deletes}`,
        );
      }

      const writes = countWrites(run.plan.changes, overwriteDrift);
      if (writes > 0 && !options.yes && process.stdin.isTTY && process.stdout.isTTY) {
        const prompt = createInterface({ input: process.stdin, output: process.stdout });
        const answer = await prompt.question(
          `Apply ${writes} change(s) to ${environment.name}? Type yes to go on: `,
        );
        prompt.close();
        if (answer.trim().toLowerCase() !== 'yes') {
          process.stdout.write('Nothing changed.\n');
          return;
        }
      }

      const progress = createProgress({ tty: process.stderr.isTTY === true, quiet: globals.quiet === true });
      const requestsBefore = connection.http.stats.requests;
      let result: Awaited<ReturnType<typeof applyPlan>>;
      try {
        result = await applyPlan({
          changes: run.plan.changes,
          remote: run.remote,
          attachments: run.desired.attachments,
          languages: run.desired.languages,
          store,
          api: connection.api,
          links: run.links,
          contentDir: path.resolve(loaded.root, loaded.config.content),
          overwriteDrift,
          concurrency: options.concurrency ?? sync.concurrency,
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.stop();
        await store.flush();
      }
      void requestsBefore;
      process.stdout.write(
        `${formatApplyResult(result, { requests: connection.http.stats.requests, ms: performance.now() - started, environment: environment.name }, color)}\n`,
      );
      if (result.counts.failed > 0 || result.skipped.length > 0) process.exitCode = 1;
    });
}

function refuse(message: string, hint: string): UserInputError {
  return new UserInputError(message, [
    { file: 'apply', line: 0, column: 0, severity: 'error', rule: 'apply/refused', message, hint },
  ]);
}

interface ApplyCommandOptions {
  env?: string;
  prune?: boolean;
  maxDeletes?: number;
  overwriteDrift?: boolean;
  concurrency?: number;
  yes?: boolean;
}

export { ApplyRefused };
