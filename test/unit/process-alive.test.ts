import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/system/process-alive.js';

describe('isProcessAlive', () => {
  it('is true for this process and its parent, false for one that exited', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(process.ppid)).toBe(true);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    expect(isProcessAlive(Number(gone.stdout))).toBe(false);
  });

  it('is false for what names no single process: 0, negative, fractional, NaN (a garbled lock file)', () => {
    for (const pid of [0, -1, 1.5, Number.NaN, Number('')]) expect(isProcessAlive(pid)).toBe(false);
  });
});
