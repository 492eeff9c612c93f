import path from 'node:path';
import type { Command } from 'commander';
import { globalsOf } from '../project.js';
import { stopCleanlyOnSignals } from '../stop-signals.js';

export function registerAction(program: Command): void {
  program
    .command('action')
    .description(
      'run as the GitHub Action (.github/actions/oc-sync): reads INPUT_* and GITHUB_* from the environment',
    )
    .addHelpText(
      'after',
      [
        '',
        'Inputs (environment variables): INPUT_COMMAND validate|plan|apply, INPUT_ENVIRONMENT, INPUT_WORKING-DIRECTORY,',
        'INPUT_PRUNE, INPUT_ARGS (--config, --out, --max-deletes, --overwrite-drift, --concurrency, --verbose),',
        'INPUT_COMMENT, INPUT_GITHUB-TOKEN (or GITHUB_TOKEN). Writes GITHUB_OUTPUT and GITHUB_STEP_SUMMARY when set.',
        'Example, outside GitHub:',
        '  INPUT_COMMAND=plan INPUT_ENVIRONMENT=alpha oc-sync action',
      ].join('\n'),
    )
    .action(async (_options: unknown, command: Command) => {
      stopCleanlyOnSignals();
      const { runAction } = await import('../../action/run-action.js');
      const globals = globalsOf(command);
      process.exitCode = await runAction({ cwd: path.resolve(globals.cwd) });
    });
}
