import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createEmulator } from '../../src/emulator/index.js';
import { makeProject } from '../support/project.js';
import { parseOutputs, repoRoot } from './runner.js';

/**
 * action.yml itself, run the way the runner runs a composite action: inputs with their defaults, each step's `env`
 * with its `${{ }}` expressions evaluated, `bash -e` on its script with GITHUB_ACTION_PATH set, a GITHUB_OUTPUT file
 * per step, and the action's outputs read from the steps' outputs. Only the expressions action.yml uses are known;
 * any other fails the test.
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

/** A step of another action (`actions/cache`): not run, recorded with its inputs as the runner would pass them. */
interface UsedAction {
  uses: string;
  with: Record<string, string>;
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

async function runComposite(options: {
  workspace: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  token: string;
  /** What earlier steps of the job wrote to `GITHUB_ENV`. */
  jobEnv?: Record<string, string>;
}): Promise<{
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  used: UsedAction[];
  jobEnv: Record<string, string>;
}> {
  const actionPath = path.join(repoRoot, '.github/actions/oc-sync');
  const action = parse(readFileSync(path.join(actionPath, 'action.yml'), 'utf8'));
  const context: Record<string, string | undefined> = {
    'github.token': options.token,
    'github.sha': 'c0ffee',
    'runner.os': 'Linux',
  };
  const used: UsedAction[] = [];
  const jobEnv = { ...options.jobEnv };
  for (const [name, input] of Object.entries(action.inputs as Record<string, { default?: string }>)) {
    context[`inputs.${name}`] = options.inputs[name] ?? evaluate(String(input.default ?? ''), context);
  }
  const runner = mkdtempSync(path.join(tmpdir(), 'oc-sync-composite-'));
  let stdout = '';
  try {
    for (const step of action.runs.steps as Step[]) {
      if (step.if && !condition(step.if, context)) continue;
      if (step.uses) {
        const inputs = Object.entries(step.with ?? {}).map(([name, value]) => [
          name,
          evaluate(value, context),
        ]);
        used.push({ uses: step.uses, with: Object.fromEntries(inputs) });
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
      const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(
          'bash',
          ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''],
          { cwd: options.workspace, env },
          (error, out) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out }),
        );
      });
      stdout += result.stdout;
      if (result.code !== 0) return { code: result.code, stdout, outputs: {}, used, jobEnv };
      Object.assign(jobEnv, parseEnvFile(readFileSync(envFile, 'utf8')));
      if (step.id) {
        for (const [name, value] of Object.entries(parseOutputs(readFileSync(outputFile, 'utf8')))) {
          context[`steps.${step.id}.outputs.${name}`] = value;
        }
      }
    }
    const outputs: Record<string, string> = {};
    for (const [name, output] of Object.entries(action.outputs as Record<string, { value: string }>)) {
      outputs[name] = evaluate(output.value, new Proxy(context, { has: () => true }));
    }
    return { code: 0, stdout, outputs, used, jobEnv };
  } finally {
    rmSync(runner, { recursive: true, force: true });
  }
}

describe('action.yml as a composite action', () => {
  it('installs nothing when oc-sync is built, runs the entry with the inputs, and maps the outputs', async () => {
    const serviceKey = 'composite-SECRET-93ab17c4';
    await using emulator = await createEmulator({
      services: [{ serviceId: 'HelpCenter', serviceKey, languages: ['ko', 'en'] }],
    });
    using project = makeProject({
      'help/sync.config.yaml': [
        'languages: [ko, en]',
        'defaultEnvironment: alpha',
        'environments:',
        '  alpha:',
        `    baseUrl: ${emulator.url}`,
        '    serviceId: HelpCenter',
        `    orgId: \${OC_ORG_ID}`,
        `    serviceKey: \${OC_SERVICE_KEY}`,
        '',
      ].join('\n'),
    });
    cpSync(path.join(repoRoot, 'content'), path.join(project.root, 'help/content'), { recursive: true });

    const result = await runComposite({
      workspace: project.root,
      inputs: { command: 'plan', environment: 'alpha', 'working-directory': 'help', args: '--out plan.json' },
      env: { OC_ORG_ID: emulator.orgId, OC_SERVICE_KEY: serviceKey, NO_COLOR: '1' },
      token: 'ghs_unused',
    });
    expect(result, result.stdout).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('Plan: 21 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(result.stdout).toContain('not a pull request event: the plan is in the job summary only');
    expect(result.outputs).toMatchObject({
      'has-changes': 'true',
      created: '21',
      updated: '0',
      deleted: '0',
      errors: '0',
      'plan-file': path.join(project.root, 'help/plan.json'),
    });
    expect(JSON.parse(readFileSync(path.join(project.root, 'help/plan.json'), 'utf8'))).toMatchObject({
      tool: 'oc-sync',
      environment: 'alpha',
    });
    expect(result.stdout).not.toContain(serviceKey);
  });

  it('restores the render cache once a job, keyed by oc-sync version and lockfile, from the newest of the branch', async () => {
    using project = makeProject({ 'help/sync.config.yaml': 'languages: [ko, en]\n' });
    cpSync(path.join(repoRoot, 'content'), path.join(project.root, 'help/content'), { recursive: true });
    const validate = await runComposite({
      workspace: project.root,
      inputs: { command: 'validate', 'working-directory': 'help' },
      env: { NO_COLOR: '1' },
      token: 'ghs_unused',
    });
    expect(validate, validate.stdout).toMatchObject({ code: 0 });
    const version = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
    const lock = createHash('sha256')
      .update(readFileSync(path.join(repoRoot, 'package-lock.json')))
      .digest('hex')
      .slice(0, 12);
    const prefix = `oc-sync-render-${version}-${lock}-Linux-`;
    expect(validate.used).toEqual([
      {
        uses: 'actions/cache@v4',
        with: { path: 'help/.oc-sync/cache', key: `${prefix}c0ffee`, 'restore-keys': prefix },
      },
    ]);
    // What actions/cache saves at the end of the job is where oc-sync keeps it.
    expect(existsSync(path.join(project.root, 'help/.oc-sync/cache/content.json'))).toBe(true);
    // The plan step of the same job finds the cache on disk: no second restore (nor a second save of the key).
    const plan = await runComposite({
      workspace: project.root,
      inputs: { command: 'validate', 'working-directory': 'help' },
      env: { NO_COLOR: '1' },
      token: 'ghs_unused',
      jobEnv: validate.jobEnv,
    });
    expect(plan.code).toBe(0);
    expect(plan.used).toEqual([]);
    const off = await runComposite({
      workspace: project.root,
      inputs: { command: 'validate', 'working-directory': 'help', cache: 'false' },
      env: { NO_COLOR: '1' },
      token: 'ghs_unused',
    });
    expect(off.used).toEqual([]);
  });
});
