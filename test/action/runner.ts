import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction } from '../../src/action/run-action.js';

/**
 * Runs the built Action entry (`node bin/oc-sync.js action`) the way the composite action's step does on a runner:
 * inputs as `INPUT_*`, the runner's files (`GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, `GITHUB_EVENT_PATH`) fresh for
 * each step, the workspace as the working folder, credentials in the step's environment.
 */

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(repoRoot, 'bin/oc-sync.js');

export interface StepOptions {
  workspace: string;
  inputs: Record<string, string>;
  /** The event payload, written to the file `GITHUB_EVENT_PATH` names. */
  event?: unknown;
  eventName?: string;
  /** The rest of the step's environment: credentials, GITHUB_API_URL, … */
  env?: Record<string, string>;
  /**
   * Call `runAction` in the test process (same environment and files, no process start): for tests of the Action's
   * decisions rather than of its process.
   */
  inProcess?: boolean;
}

export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What the step wrote to `GITHUB_ENV` for the job's later steps. */
  exported: Record<string, string>;
  summary: string;
}

export async function runActionStep(options: StepOptions): Promise<StepResult> {
  const runner = mkdtempSync(path.join(tmpdir(), 'oc-sync-runner-'));
  try {
    const files = {
      GITHUB_OUTPUT: path.join(runner, 'output'),
      GITHUB_ENV: path.join(runner, 'env'),
      GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md'),
      GITHUB_EVENT_PATH: path.join(runner, 'event.json'),
    };
    writeFileSync(files.GITHUB_OUTPUT, '');
    writeFileSync(files.GITHUB_ENV, '');
    writeFileSync(files.GITHUB_STEP_SUMMARY, '');
    writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(options.event ?? {}));
    const env: NodeJS.ProcessEnv = {};
    // A clean step: nothing of this machine's OC_*, INPUT_* or GITHUB_* leaks in.
    for (const [name, value] of Object.entries(process.env)) {
      if (!/^(OC_|INPUT_|GITHUB_|RUNNER_)/.test(name)) env[name] = value;
    }
    Object.assign(env, {
      NO_COLOR: '1',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
      GITHUB_REPOSITORY: 'docs-team/help-center',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      GITHUB_SHA: 'f00dfeed00000000000000000000000000000000',
      RUNNER_TEMP: runner,
      ...files,
      ...Object.fromEntries(Object.entries(options.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      ...options.env,
    });
    const { code, stdout, stderr } = options.inProcess
      ? await inProcess(options.workspace, env)
      : await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
          execFile(
            process.execPath,
            [bin, 'action'],
            { cwd: options.workspace, env },
            (error, stdout, stderr) => {
              resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
            },
          );
        });
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      exported: parseOutputs(readFileSync(files.GITHUB_ENV, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    };
  } finally {
    rmSync(runner, { recursive: true, force: true });
  }
}

async function inProcess(cwd: string, env: NodeJS.ProcessEnv) {
  const { value: code, stdout, stderr } = await asStep(env, () => runAction({ cwd }));
  return { code, stdout, stderr };
}

/**
 * Runs `fn` as a step's process would see it: `process.env` is the step's environment, and what is written to
 * stdout and stderr (the log and the workflow commands `@actions/core` issues) is captured; both are put back after.
 */
export async function asStep<T>(
  env: NodeJS.ProcessEnv,
  fn: () => T | Promise<T>,
): Promise<{ value: T; stdout: string; stderr: string }> {
  const saved = { env: process.env, stdout: process.stdout.write, stderr: process.stderr.write };
  const captured = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
  process.env = env;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const value = await fn();
    return { value, ...captured };
  } finally {
    process.env = saved.env;
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
  }
}

/** Reads `GITHUB_OUTPUT` (and `GITHUB_ENV`) as the runner does: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
      if (i >= lines.length) throw new Error(`output ${name} is not closed by its delimiter`);
      outputs[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`not an output line: ${line}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}
