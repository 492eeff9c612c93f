import path from 'node:path';
import { type Command, Option } from 'commander';
import { readContent } from '../../content/read-content.js';
import { type Diagnostic, UserInputError } from '../../report/diagnostic.js';
import { type DiagnosticsFormat, formatDiagnostics, summarize } from '../../report/diagnostics-output.js';
import { contentCacheFile } from '../../sync/make-plan.js';
import { globalsOf, loadProject } from '../project.js';

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
      const globals = globalsOf(command);
      const format: DiagnosticsFormat = options.json ? 'json' : options.format;
      const diagnostics: Diagnostic[] = [];
      let loaded: Awaited<ReturnType<typeof loadProject>> | undefined;
      try {
        loaded = await loadProject(globals);
        diagnostics.push(...loaded.warnings);
      } catch (error) {
        if (!(error instanceof UserInputError)) throw error;
        diagnostics.push(...error.diagnostics);
      }
      if (loaded) {
        const { config, root } = loaded;
        const result = await readContent({
          projectRoot: path.resolve(globals.cwd),
          contentDir: path.resolve(root, config.content),
          languages: config.languages,
          timeZone: config.timeZone,
          cacheFile: contentCacheFile(root),
        });
        diagnostics.push(...result.diagnostics);
      }
      process.stdout.write(`${formatDiagnostics(diagnostics, format)}\n`);
      if (summarize(diagnostics).errors > 0) process.exitCode = 1;
    });
}
