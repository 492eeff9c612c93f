/**
 * `oc-sync plan | head -1`: once the reader has gone, what is left to print is dropped and the run ends as it would
 * have (as git's output does), instead of dying on an unhandled `EPIPE` with a stack trace. The run is not cut
 * short: an apply whose output nobody reads still finishes its writes and saves its state.
 */
export function quietOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // After EPIPE the stream is destroyed: later writes fail with ERR_STREAM_DESTROYED, dropped the same way.
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      throw error;
    });
  }
}
