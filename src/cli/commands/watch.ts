import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { configFileOf, globalsOf } from '../project.js';
import { stopAndExit } from '../stop-signals.js';
import { paint } from '../style.js';

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description(
      're-validate and re-plan on every change under content/ and to the config; --apply applies too',
    )
    .option('--env <name>', 'environment (default: OC_ENV or defaultEnvironment)')
    .option('--apply', 'apply every plan that validates (unprotected environments only)')
    .option('--prune', 'plan (and apply) deletes of what was removed from content/')
    .option('--debounce <ms>', 'wait this long after the last change before planning', parseMs, 300)
    .addHelpText(
      'after',
      '\nCtrl-C stops watching; an apply in progress finishes first and its state is saved.\nExamples:\n  oc-sync watch\n  oc-sync watch --apply              # the default environment (the embedded emulator)\n  oc-sync watch --env alpha --debounce 1000',
    )
    .action(async (options: WatchCommandOptions, command: Command) => {
      const { watchProject } = await import('../../watch/watch-project.js');
      const globals = globalsOf(command);
      const color = paint(globals.color && process.stdout.isTTY === true);
      const session = watchProject({
        cwd: path.resolve(globals.cwd),
        configFile: await configFileOf(globals),
        environment: options.env,
        apply: options.apply === true,
        prune: options.prune,
        debounceMs: options.debounce,
        env: process.env,
        color,
        print: (text) => process.stdout.write(`${text}\n`),
        onRequest: globals.verbose
          ? (event) =>
              process.stderr.write(
                `${event.method} ${event.path} → ${event.status ?? 'no response'}${event.resultCode ? ` (${event.resultCode})` : ''} ${event.ms} ms\n`,
              )
          : undefined,
      });
      const onSignal = secondSignalStops(() => void session.stop());
      // Kept until the process exits: a forwarded repeat arriving after the session closed must not kill it.
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      await session.ready.catch(async (error: unknown) => {
        await session.stop();
        throw error;
      });
      await session.closed;
    });
}

/**
 * The first SIGINT/SIGTERM stops watching (a run in progress finishes first); a second one stops now. A repeat
 * within `DUPLICATE_MS` of the first is the same Ctrl-C delivered twice — `npx` / `npm exec` forward the signal
 * the terminal already sent the whole process group — so it is not taken as a second one.
 */
export function secondSignalStops(
  stop: () => void,
  now: () => number = Date.now,
): (signal: NodeJS.Signals) => void {
  let firstAt: number | undefined;
  return (signal) => {
    if (firstAt === undefined) {
      firstAt = now();
      process.stderr.write(`\n${signal}: stopping; a run in progress finishes first (again to stop now)\n`);
      stop();
      return;
    }
    if (now() - firstAt < DUPLICATE_MS) return;
    void stopAndExit(signal);
  };
}

const DUPLICATE_MS = 500;

function parseMs(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number of milliseconds');
  return Number.parseInt(value, 10);
}

interface WatchCommandOptions {
  env?: string;
  apply?: boolean;
  prune?: boolean;
  debounce: number;
}
