/**
 * What a running apply must do when the process is told to stop (SIGINT, SIGTERM: Ctrl-C, a cancelled CI job):
 * stop writing, record what it wrote, release its lock. Applies register here while they hold the lock; the CLI,
 * which owns the signals and the exit code, runs them before it exits and says where each stopped.
 */

/** Where a stopped apply stopped: `done` of the `total` writes its plan called for, recorded in `stateFile`. */
export interface StoppedApply {
  environment: string;
  done: number;
  total: number;
  stateFile: string;
}

export type StopRun = (signal: NodeJS.Signals) => Promise<StoppedApply>;

const running = new Set<StopRun>();

/** Registers a running apply's stop; the returned function unregisters it once the apply is over. */
export function registerRunningApply(stop: StopRun): () => void {
  running.add(stop);
  return () => {
    running.delete(stop);
  };
}

/** Stops every running apply and waits until each has recorded its state and released its lock; where each stopped. */
export async function stopRunningApplies(signal: NodeJS.Signals): Promise<StoppedApply[]> {
  const stops = [...running];
  running.clear();
  const settled = await Promise.allSettled(stops.map((stop) => stop(signal)));
  return settled.map((outcome) =>
    outcome.status === 'fulfilled' ? outcome.value : { environment: '', done: 0, total: 0, stateFile: '' },
  );
}
