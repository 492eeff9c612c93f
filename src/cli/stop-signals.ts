/**
 * SIGINT and SIGTERM (Ctrl-C, a cancelled CI job) while a command may apply: a running apply stops writing,
 * records what it wrote in the state file and releases its lock, then the process exits 130 / 143 as a shell
 * expects of a process stopped by that signal. Without this the lock stays behind and blocks the next run.
 */

const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

export function exitCodeFor(signal: NodeJS.Signals): number {
  return exitCodes[signal] ?? 1;
}

/** Stops running applies cleanly, says so, and exits with the signal's code. */
export async function stopAndExit(signal: NodeJS.Signals): Promise<never> {
  const { stopRunningApplies } = await import('../sync/interrupt.js');
  const stopped = await stopRunningApplies(signal).catch(() => 0);
  if (stopped > 0) {
    process.stderr.write(
      `\n${signal}: apply stopped; what it wrote is recorded in the state file and the lock is released. Run apply again to finish.\n`,
    );
  } else {
    process.stderr.write(`\n${signal}: stopped\n`);
  }
  process.exit(exitCodeFor(signal));
}

/** Installs the handlers for the rest of the command; a second signal while stopping is ignored. */
export function stopCleanlyOnSignals(): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void stopAndExit(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
