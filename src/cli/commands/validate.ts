import path from 'node:path';
import { type Command, Option } from 'commander';
import type { DiagnosticsFormat } from '../../report/diagnostics-output.js';
import { configFileOf, globalsOf } from '../project.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check the config and everything under content/, offline; every problem in one run')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'github', 'json']).default('text'),
    )
    .option('--json', 'same as --format json')
    .addHelpText(
      'after',
      '\nExit code 1 when there is any error.\nExamples:\n  oc-sync validate\n  oc-sync validate --format github   # annotations in a GitHub workflow',
    )
    .action(async (options: { format: DiagnosticsFormat; json?: boolean }, command: Command) => {
      const [{ checkProject }, { formatDiagnostics }, { createValidateProgress }] = await Promise.all([
        import('../../sync/check-project.js'),
        import('../../report/diagnostics-output.js'),
        import('../validate-progress.js'),
      ]);
      const globals = globalsOf(command);
      const progress = createValidateProgress({ quiet: globals.quiet === true });
      const format: DiagnosticsFormat = options.json ? 'json' : options.format;
      const check = await checkProject({
        cwd: path.resolve(globals.cwd),
        configFile: await configFileOf(globals),
        env: process.env,
        onParse: (file, documents) => progress.parsing(file, documents),
      });
      progress.finish();
      process.stdout.write(`${formatDiagnostics(check.diagnostics, format)}\n`);
      if (check.errors > 0) process.exitCode = 1;
    });
}
