import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built CLI (`npm test` builds before vitest runs), started as a user starts it: `node bin/oc-sync.js`, in its
 * own process, talking to an emulator over real HTTP. Nothing of the CLI is imported into the test process.
 */

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const bin = path.join(repoRoot, 'bin/oc-sync.js');

/**
 * The service key of every e2e emulator. A secret by construction: it reaches the CLI only through the
 * environment, and no output, state or plan file may ever contain it (every `oc` call checks).
 */
export const SECRET_KEY = 'e2e-SECRET-7f3c9a1d5b2e8046';
export const KEY_VARIABLE = 'OC_E2E_SERVICE_KEY';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a CLI run: no stray `OC_*` overrides or proxy variables from the machine (the emulators are
 * local; proxy tests pass their own), no colour, the key in its variable.
 */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('OC_') && !/^(https?|no)_proxy$/i.test(name)) env[name] = value;
  return { ...env, NO_COLOR: '1', [KEY_VARIABLE]: SECRET_KEY, ...extra };
}

/** Starts `oc-sync --cwd <cwd> ...args` and hands back the child, for tests that kill it. */
export function spawnCli(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
  /** Options for node itself, e.g. `--import` of a preload. */
  nodeArgs: readonly string[] = [],
): ChildProcess {
  if (!existsSync(path.join(repoRoot, 'dist/cli/main.js'))) {
    throw new Error('the CLI is not built: run `npx tsc -p tsconfig.build.json` (npm test does) first');
  }
  return spawn(process.execPath, [...nodeArgs, bin, '--cwd', cwd, ...args], {
    cwd,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a child's output and waits for it to end, however it ends. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const result = { code, signal, stdout, stderr };
      if (`${stdout}${stderr}`.includes(SECRET_KEY)) {
        reject(new Error(`the service key appeared in the output of oc-sync:\n${stdout}\n${stderr}`));
      } else resolve(result);
    });
  });
}

/** Runs the CLI to its end. Fails the test if the service key shows up anywhere in what it printed. */
export function oc(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<CliResult> {
  return finished(spawnCli(cwd, args, env, nodeArgs));
}

/** The text a person reads: both streams, in one string. */
export function said(result: CliResult): string {
  return `${result.stdout}\n${result.stderr}`;
}
