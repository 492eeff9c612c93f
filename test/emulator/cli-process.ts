import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Runs the built `oc-sync emulator` as a child process (npm test builds dist/ before vitest runs). */

const BIN = fileURLToPath(new URL('../../bin/oc-sync.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/cli/commands/emulator.js', import.meta.url));

export interface CliEmulator {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code (or the signal name). */
  stop(signal: NodeJS.Signals): Promise<number | string>;
}

export async function startCliEmulator(args: readonly string[]): Promise<CliEmulator> {
  if (!existsSync(BUILT)) throw new Error('dist/ is not built: run `npx tsc -p tsconfig.build.json` first');
  const child = spawn(process.execPath, [BIN, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening on" line in 10 s; stderr: ${stderr}`)),
      10_000,
    );
    const check = () => {
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`oc-sync emulator exited (${code}) before listening; stderr: ${stderr}`));
    });
  });
  return {
    child,
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}
