import { formatDiagnostic, UserInputError } from '../diagnostics/diagnostic.js';

/** Prints a failure for a person — what happened and what to do, no stack trace for user errors — and returns the exit code. */
export function reportFailure(error: unknown): number {
  if (error instanceof UserInputError) {
    for (const d of error.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    // A one-diagnostic error's message is that diagnostic's: said once.
    if (!error.diagnostics.some((d) => d.message === error.message))
      process.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (error instanceof Error) {
    process.stderr.write(`error: ${error.message}\n`);
    if (process.env.OC_SYNC_DEBUG) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
  process.stderr.write(`error: ${String(error)}\n`);
  return 1;
}
