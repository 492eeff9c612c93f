import { execFile, execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';
import type { Emulator } from '../../src/emulator/index.js';
import { resourceList } from '../../src/resources/registry.js';
import { parseOutputs, repoRoot } from './runner.js';

/**
 * action.yml itself, run the way the runner runs a composite action: inputs with their defaults, each step's `env`
 * with its `${{ }}` expressions evaluated, `bash -e` on its script with GITHUB_ACTION_PATH set, a GITHUB_OUTPUT file
 * per step, and the action's outputs read from the steps' outputs. Only the expressions action.yml uses are known;
 * any other fails the test. A step of another action (`actions/cache`) is recorded with its inputs; given a
 * `cacheStore` folder, `actions/cache` is also played: restored from the store before the next step, saved to it at
 * the end of the job (its post step), as GitHub's cache service would.
 */

interface Step {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}

/** A step of another action: recorded with its inputs as the runner would pass them. */
export interface UsedAction {
  uses: string;
  with: Record<string, string>;
}

export interface CompositeOptions {
  workspace: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  token: string;
  /** What earlier steps of the job wrote to `GITHUB_ENV`. */
  jobEnv?: Record<string, string>;
  /** The copy of oc-sync the job uses (`uses: owner/oc-sync/...@v1` checks one out): the repository by default. */
  actionRoot?: string;
  /** The repository's actions/cache entries, a folder kept between jobs; without it caches are only recorded. */
  cacheStore?: string;
  /** Stop after the step with this id (to look at one step's outputs). */
  stopAfter?: string;
}

export interface CompositeResult {
  code: number;
  /** The steps' stdout and stderr, in order. */
  log: string;
  stdout: string;
  outputs: Record<string, string>;
  /** Every step's outputs, by `steps.<id>.outputs.<name>`. */
  stepOutputs: Record<string, string>;
  used: UsedAction[];
  jobEnv: Record<string, string>;
}

/** The only `if:` form action.yml uses: `steps.<id>.outputs.<name> == 'value'`. */
function condition(text: string, context: Record<string, string | undefined>): boolean {
  const match = /^\s*([\w.-]+)\s*==\s*'([^']*)'\s*$/.exec(text);
  if (!match) throw new Error(`action.yml uses a condition the test does not know: ${text}`);
  return (context[match[1] as string] ?? '') === match[2];
}

function parseEnvFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

function evaluate(text: string, context: Record<string, string | undefined>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    if (!(expression in context))
      throw new Error(`action.yml uses an expression the test does not know: ${expression}`);
    return context[expression] ?? '';
  });
}

export async function runComposite(options: CompositeOptions): Promise<CompositeResult> {
  const actionPath = path.join(options.actionRoot ?? repoRoot, '.github/actions/oc-sync');
  const action = parse(readFileSync(path.join(actionPath, 'action.yml'), 'utf8'));
  const context: Record<string, string | undefined> = {
    'github.token': options.token,
    'github.sha': 'c0ffee',
    'runner.os': 'Linux',
  };
  const used: UsedAction[] = [];
  const saves: PendingSave[] = [];
  const jobEnv = { ...options.jobEnv };
  for (const [name, input] of Object.entries(action.inputs as Record<string, { default?: string }>)) {
    context[`inputs.${name}`] = options.inputs[name] ?? evaluate(String(input.default ?? ''), context);
  }
  const runner = mkdtempSync(path.join(tmpdir(), 'oc-sync-composite-'));
  let stdout = '';
  let log = '';
  const finish = (code: number, outputs: Record<string, string> = {}): CompositeResult => {
    const stepOutputs = Object.fromEntries(
      Object.entries(context).filter(([name]) => name.startsWith('steps.')),
    ) as Record<string, string>;
    return { code, log, stdout, outputs, stepOutputs, used, jobEnv };
  };
  try {
    for (const step of action.runs.steps as Step[]) {
      if (step.if && !condition(step.if, context)) continue;
      if (step.uses) {
        const inputs = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([name, value]) => [name, evaluate(value, context)]),
        );
        used.push({ uses: step.uses, with: inputs });
        if (options.cacheStore && step.uses === 'actions/cache@v4') {
          const hit = restoreCache(options.cacheStore, inputs, options.workspace);
          if (step.id) context[`steps.${step.id}.outputs.cache-hit`] = String(hit);
          if (!hit) saves.push({ store: options.cacheStore, with: inputs, workspace: options.workspace });
        }
        if (step.id && step.id === options.stopAfter) return finish(0);
        continue;
      }
      expect(step.shell).toBe('bash');
      const outputFile = path.join(runner, `output-${step.id ?? 'step'}`);
      writeFileSync(outputFile, '');
      const envFile = path.join(runner, `env-${step.id ?? 'step'}`);
      writeFileSync(envFile, '');
      const env: NodeJS.ProcessEnv = {};
      for (const [name, value] of Object.entries(process.env)) {
        if (!/^(OC_|INPUT_|GITHUB_)/.test(name)) env[name] = value;
      }
      Object.assign(env, jobEnv, options.env, {
        GITHUB_ACTION_PATH: actionPath,
        GITHUB_WORKSPACE: options.workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_ENV: envFile,
        RUNNER_TEMP: runner,
      });
      for (const [name, value] of Object.entries(step.env ?? {})) env[name] = evaluate(value, context);
      const result = await runScript(step.run ?? '', options.workspace, env);
      stdout += result.stdout;
      log += result.stdout + result.stderr;
      if (result.code !== 0) return finish(result.code);
      Object.assign(jobEnv, parseEnvFile(readFileSync(envFile, 'utf8')));
      if (step.id) {
        for (const [name, value] of Object.entries(parseOutputs(readFileSync(outputFile, 'utf8')))) {
          context[`steps.${step.id}.outputs.${name}`] = value;
        }
      }
      if (step.id && step.id === options.stopAfter) return finish(0);
    }
    // actions/cache's post step: runs when the job succeeded.
    for (const save of saves) saveCache(save);
    const outputs: Record<string, string> = {};
    for (const [name, output] of Object.entries(action.outputs as Record<string, { value: string }>)) {
      outputs[name] = evaluate(output.value, new Proxy(context, { has: () => true }));
    }
    return finish(0, outputs);
  } finally {
    rmSync(runner, { recursive: true, force: true });
  }
}

function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script],
      { cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface PendingSave {
  store: string;
  with: Record<string, string>;
  workspace: string;
}

interface CacheManifest {
  key: string;
  /** Absolute paths, as the cache holds them. */
  paths: string[];
  savedAt: number;
}

const linesOf = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const entryDir = (store: string, key: string) => path.join(store, encodeURIComponent(key));

function manifests(store: string): CacheManifest[] {
  if (!existsSync(store)) return [];
  return readdirSync(store)
    .map((name) => path.join(store, name, 'manifest.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as CacheManifest);
}

/** actions/cache's restore: the exact key (a hit), else the newest entry starting with a restore key. */
function restoreCache(store: string, inputs: Record<string, string>, workspace: string): boolean {
  const all = manifests(store).sort((a, b) => b.savedAt - a.savedAt);
  const exact = all.find((entry) => entry.key === inputs.key);
  const partial = linesOf(inputs['restore-keys'])
    .map((prefix) => all.find((entry) => entry.key.startsWith(prefix)))
    .find(Boolean);
  const entry = exact ?? partial;
  if (!entry) return false;
  const wanted = linesOf(inputs.path).map((p) => path.resolve(workspace, p));
  expect(entry.paths, 'a cache entry is restored to the paths it was saved from').toEqual(wanted);
  entry.paths.forEach((target, index) => {
    const saved = path.join(entryDir(store, entry.key), String(index));
    if (!existsSync(saved)) return;
    rmSync(target, { recursive: true, force: true });
    cpSync(saved, target, { recursive: true, verbatimSymlinks: true });
  });
  return entry === exact;
}

/** actions/cache's save: what exists of the paths, unless an entry of that key exists (it is never replaced). */
function saveCache(save: PendingSave): void {
  const key = save.with.key as string;
  const dir = entryDir(save.store, key);
  if (existsSync(dir)) return;
  const paths = linesOf(save.with.path).map((p) => path.resolve(save.workspace, p));
  mkdirSync(dir, { recursive: true });
  paths.forEach((source, index) => {
    if (existsSync(source))
      cpSync(source, path.join(dir, String(index)), { recursive: true, verbatimSymlinks: true });
  });
  const manifest: CacheManifest = { key, paths, savedAt: Date.now() };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

/** Seeds the store with an entry, as an earlier job would have saved it. */
export function seedCache(
  store: string,
  key: string,
  contents: { target: string; from: (to: string) => void }[],
) {
  const dir = entryDir(store, key);
  mkdirSync(dir, { recursive: true });
  for (const [index, { from }] of contents.entries()) from(path.join(dir, String(index)));
  const manifest: CacheManifest = { key, paths: contents.map((c) => c.target), savedAt: Date.now() };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

/**
 * The repository as a checkout of it has it (what `uses: owner/oc-sync/...@v1` fetches): the files git tracks, plus
 * new ones not ignored, as they are in the working tree. No node_modules, no dist.
 */
export async function checkoutCopy(to: string): Promise<void> {
  const listed = await new Promise<string>((resolve, reject) =>
    execFile(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
      (error, out) => (error ? reject(error) : resolve(out)),
    ),
  );
  for (const file of listed.split('\0').filter(Boolean)) {
    const source = path.join(repoRoot, file);
    if (!existsSync(source)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    copyFileSync(source, path.join(to, file));
  }
}

/**
 * `node_modules` as `npm ci` then `npm prune --omit=dev` leaves it: every package the lockfile does not mark `dev`,
 * copied from the repository's install (each package without its nested node_modules, which are entries of their own).
 */
export function copyRuntimePackages(to: string): void {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  for (const [entry, info] of Object.entries(lock.packages)) {
    if (!entry.startsWith('node_modules/') || info.dev) continue;
    const source = path.join(repoRoot, entry);
    if (!existsSync(source)) continue; // an optional package of another platform
    cpSync(source, path.join(to, entry.slice('node_modules/'.length)), {
      recursive: true,
      filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'node_modules',
    });
  }
}

/** The config of an Action job: the test's emulator as `alpha`, the embedded one as `local`. */
export function jobConfig(emulatorUrl: string): string {
  return [
    'languages: [ko, en]',
    'defaultEnvironment: local',
    'environments:',
    '  local: { emulator: true }',
    '  alpha:',
    `    baseUrl: ${emulatorUrl}`,
    '    serviceId: HelpCenter',
    `    orgId: \${OC_ORG_ID}`,
    `    serviceKey: \${OC_SERVICE_KEY}`,
    '',
  ].join('\n');
}

/** `npm` on the step's PATH, logging each call before it runs the real npm: what the install step ran. */
export function npmRecorder(
  folder: string,
  real = whichNpm(),
): { env: Record<string, string>; calls: () => string[] } {
  const bin = path.join(folder, 'bin');
  const logFile = path.join(folder, 'npm-calls.log');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    path.join(bin, 'npm'),
    `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >> ${JSON.stringify(logFile)}\nexec ${JSON.stringify(real)} "$@"\n`,
    { mode: 0o755 },
  );
  return {
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    calls: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean) : []),
  };
}

export const itemsOnService = (emulator: Emulator) =>
  resourceList.reduce((sum, def) => sum + emulator.service().list(def.kind).length, 0);

const whichNpm = () => execFileSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
