import path from 'node:path';
import type { StoppedApply } from '../sync/interrupt.js';

/**
 * SIGINT and SIGTERM (Ctrl-C, a cancelled CI job) while a command may apply: a running apply stops writing,
 * records what it wrote in the state file and releases its lock, then the process says where it stopped and exits
 * 130 / 143 as a shell expects of a process stopped by that signal. Without this the lock stays behind and blocks
 * the next run.
 */

const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

export function exitCodeFor(signal: NodeJS.Signals): number {
  return exitCodes[signal] ?? 1;
}

/** Stops running applies cleanly, says where each stopped, and exits with the signal's code. */
export async function stopAndExit(signal: NodeJS.Signals): Promise<never> {
  const { stopAllProgress } = await import('../report/progress.js');
  stopAllProgress();
  const { stopRunningApplies } = await import('../sync/interrupt.js');
  const stopped = await stopRunningApplies(signal).catch((): StoppedApply[] => []);
  const lines = stopped.map((apply) => describeStoppedApply(apply, signal, process.cwd()));
  process.stderr.write(`\n${lines.length > 0 ? lines.join('\n') : `${signal}: stopped`}\n`);
  process.exit(exitCodeFor(signal));
}

/**
 * `stopped after 37 of 120 changes (SIGINT); what was written is recorded in .oc-sync/state/e2e.json — run apply
 * again to continue with the remaining 83`: a real continuation, the next apply plans from that state.
 */
export function describeStoppedApply(apply: StoppedApply, signal: NodeJS.Signals, cwd: string): string {
  const file = apply.stateFile ? path.relative(cwd, apply.stateFile) || apply.stateFile : 'the state file';
  if (apply.total === 0) {
    return `stopped before the first change (${signal}); nothing was written, the lock is released — run apply again`;
  }
  const remaining = apply.total - apply.done;
  return `stopped after ${apply.done} of ${apply.total} changes (${signal}); what was written is recorded in ${file} and the lock is released — run apply again to continue with the remaining ${remaining}`;
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

/**
 * SIGINT/SIGTERM during pull. While it fetches, nothing is written yet: it stops at once and says so. Once it
 * writes content/ (local and quick) it finishes, records the state and prints what it wrote, then exits with the
 * signal's code — a half-written content/ without its state would look like local edits to the next pull.
 */
export function stopPullOnSignals(): { writing(): void; finished(): void } {
  let writing = false;
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) return;
    received = signal;
    if (writing) {
      process.stderr.write(
        `\n${signal}: pull is writing content/; it finishes and records the state first\n`,
      );
      return;
    }
    void import('../report/progress.js').then(({ stopAllProgress }) => {
      stopAllProgress();
      process.stderr.write(
        `\nstopped while fetching (${signal}): nothing was written to content/ or the state — run pull again\n`,
      );
      process.exit(exitCodeFor(signal));
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    writing: () => {
      writing = true;
    },
    finished: () => {
      if (received) process.exitCode = exitCodeFor(received);
    },
  };
}
