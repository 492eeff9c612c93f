import { Command, CommanderError } from 'commander';
import { quietOnBrokenPipe } from './broken-pipe.js';
import { registerCommands } from './commands/index.js';
import { reportFailure } from './failure.js';
import { useCompactHeap } from './gc-policy.js';
import { parseRps } from './project.js';
import { packageVersion } from './version.js';

/** The CLI entry: builds the program, runs it, and is the only place that sets the exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  useCompactHeap();
  quietOnBrokenPipe();
  const program = new Command('oc-sync')
    .description('Keep an Online Contact help center in git as Markdown, and reconcile the service with it.')
    .version(packageVersion(), '-V, --version', 'print the version of oc-sync')
    .option(
      '--config <file>',
      'config file (default: the nearest sync.config.yaml in the project directory or a folder above)',
    )
    .option('--cwd <dir>', 'project directory', process.cwd())
    .option(
      '--rps <n>',
      'requests per second to the service, for this run (default: sync.requestsPerSecond, 10)',
      parseRps,
    )
    .option('--verbose', 'more detail, including every request')
    .option('--quiet', 'only errors')
    .option('--no-color', 'no colour in output')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerCommands(program);
  try {
    await program.parseAsync(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.exitCode = reportFailure(error);
  }
}
