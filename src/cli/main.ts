import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { reportFailure } from './failure.js';
import { useCompactHeap } from './gc-policy.js';

/** The CLI entry: builds the program, runs it, and is the only place that sets the exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  useCompactHeap();
  const program = new Command('oc-sync')
    .description('Keep an Online Contact help center in git as Markdown, and reconcile the service with it.')
    .option('--config <file>', 'config file', 'sync.config.yaml')
    .option('--cwd <dir>', 'project directory', process.cwd())
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
