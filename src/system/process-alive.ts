/**
 * Whether a process with this id runs on this host (the apply lock and the emulator's lock ask it of the pid a lock
 * file names). Only a positive integer names one process: `process.kill(0)` or a negative id would ask about a
 * process group instead, and a lock naming one names no process that could still hold it.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
