import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectWorkflow } from '../../src/cli/init-files.js';
import { repoRoot } from './runner.js';

/**
 * The workflow and action files, checked against GitHub's own schemas by GitHub's parser
 * (`@actions/workflow-parser`, which ships them), plus what the docs team relies on them to do.
 */

// The parser imports its schema JSON without an import attribute, which Node refuses; add the attribute on the way.
const jsonAttributeHook = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('/@actions/workflow-parser/') && result.url.endsWith('.json'))
    return { ...result, importAttributes: { ...context.importAttributes, type: 'json' } };
  return result;
}`;

type Parser = typeof import('@actions/workflow-parser');
type ActionParser = typeof import('@actions/workflow-parser/actions/action-parser');
let parser: Parser;
let actionParser: ActionParser;

beforeAll(async () => {
  register(`data:text/javascript,${encodeURIComponent(jsonAttributeHook)}`);
  parser = await import('@actions/workflow-parser');
  actionParser = await import('@actions/workflow-parser/actions/action-parser');
});

const workflowsDir = path.join(repoRoot, '.github/workflows');
const actionFile = path.join(repoRoot, '.github/actions/oc-sync/action.yml');
const read = (file: string) => readFileSync(file, 'utf8');

async function workflowErrors(name: string, content: string): Promise<string[]> {
  const result = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (errors.length === 0 && result.value) {
    const template = await parser.convertWorkflowTemplate(result.context, result.value);
    errors.push(...(template.errors ?? []).map((e) => e.Message));
  }
  return errors;
}

function actionErrors(name: string, content: string): string[] {
  const result = actionParser.parseAction({ name, content }, new parser.NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => e.message);
}

describe('workflow and action files', () => {
  it('the schema check catches a broken file (it is not a no-op)', async () => {
    expect(
      await workflowErrors('broken.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n    stpes: []\n'),
    ).toEqual([expect.stringContaining("Unexpected value 'stpes'")]);
    expect(
      actionErrors(
        'action.yml',
        'name: a\ndescription: d\nruns:\n  using: composite\n  steps:\n    - run: x\n',
      ),
    ).toEqual([expect.stringContaining('Required property is missing: shell')]);
  });

  const workflows = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));
  it.each(workflows)('%s validates against the workflow schema', async (file) => {
    expect(await workflowErrors(file, read(path.join(workflowsDir, file)))).toEqual([]);
  });

  // `oc-sync init` writes these two into a project, with the Action taken from the installed package.
  it.each(['oc-sync-plan.yml', 'oc-sync-apply.yml'])(
    '%s as oc-sync init writes it validates against the workflow schema',
    async (file) => {
      const written = projectWorkflow(read(path.join(workflowsDir, file)));
      expect(written).toContain('uses: ./node_modules/oc-sync/.github/actions/oc-sync');
      // This repository's CLI becomes the installed package's.
      expect(written).not.toContain('bin/oc-sync.js');
      expect(await workflowErrors(file, written)).toEqual([]);
    },
  );

  it('action.yml validates against the action schema', () => {
    expect(actionErrors('action.yml', read(actionFile))).toEqual([]);
  });

  it('the action has the inputs and outputs of the README, and passes every input to the entry', () => {
    const action = parse(read(actionFile));
    expect(Object.keys(action.inputs)).toEqual([
      'command',
      'environment',
      'working-directory',
      'prune',
      'args',
      'comment',
      'cache',
      'github-token',
    ]);
    expect(Object.keys(action.outputs)).toEqual(
      expect.arrayContaining(['has-changes', 'created', 'updated', 'deleted', 'plan-file']),
    );
    expect(action.runs.using).toBe('composite');
    const run = action.runs.steps.find((s: { id?: string }) => s.id === 'oc-sync');
    for (const input of Object.keys(action.inputs)) {
      const variable = `INPUT_${input.toUpperCase().replace(/-/g, '_')}`;
      expect(run.env[variable]).toBe(`\${{ inputs.${input} }}`);
    }
    for (const [name, output] of Object.entries(action.outputs) as [string, { value: string }][]) {
      expect(output.value).toBe(`\${{ steps.oc-sync.outputs.${name} }}`);
    }
    // Inputs reach the script through the environment only: nothing is pasted into the shell.
    for (const step of action.runs.steps) if (step.run) expect(step.run).not.toContain(`\${{`);
    // The steps of another action: oc-sync's build, then the render cache, each restored once a job.
    expect(
      action.runs.steps.filter((s: { uses?: string }) => s.uses).map((s: { uses: string }) => s.uses),
    ).toEqual(['actions/cache@v4', 'actions/cache@v4']);
    expect(run.run).toBe('exec node "$GITHUB_ACTION_PATH/../../../bin/oc-sync.js" action');
  });

  it('plan workflow: on pull requests touching the content, validates then plans with comment permission', () => {
    const workflow = parse(read(path.join(workflowsDir, 'oc-sync-plan.yml')));
    expect(workflow.on.pull_request.paths).toEqual(['content/**', 'sync.config.yaml']);
    expect(workflow.permissions['pull-requests']).toBe('write');
    const steps = workflow.jobs.plan.steps as {
      uses?: string;
      with?: Record<string, string>;
      env?: object;
    }[];
    const ours = steps.filter((s) => s.uses === './.github/actions/oc-sync');
    expect(ours.map((s) => s.with?.command)).toEqual(['validate', 'plan']);
    expect(ours[1]?.env).toEqual({
      OC_ORG_ID: `\${{ secrets.OC_ORG_ID }}`,
      OC_SERVICE_KEY: `\${{ secrets.OC_SERVICE_KEY }}`,
      OC_SYNC_PREVIEW_ARTIFACT: 'oc-sync-preview',
    });
  });

  it('plan workflow: after the plan, writes the preview with the plan and uploads it as the artifact the comment links', () => {
    const text = read(path.join(workflowsDir, 'oc-sync-plan.yml'));
    const steps = parse(text).jobs.plan.steps as {
      id?: string;
      if?: string;
      run?: string;
      uses?: string;
      with?: Record<string, string | number>;
      env?: Record<string, string>;
    }[];
    const plan = steps.findIndex((s) => s.id === 'plan');
    const preview = steps.findIndex((s) => s.id === 'preview');
    expect(preview).toBeGreaterThan(plan);
    expect(steps[preview]?.run).toBe(
      'node bin/oc-sync.js preview --env "$OC_SYNC_ENVIRONMENT" --out preview-site',
    );
    expect(steps[preview]?.env?.OC_SYNC_ENVIRONMENT).toBe(steps[plan]?.with?.environment);
    const upload = steps[preview + 1];
    expect(upload?.uses).toBe('actions/upload-artifact@v4');
    expect(upload?.with).toMatchObject({ name: 'oc-sync-preview', path: 'preview-site' });
    expect(upload?.if).toContain("steps.preview.outcome == 'success'");
    expect(projectWorkflow(text)).toContain(
      'run: npx oc-sync preview --env "$OC_SYNC_ENVIRONMENT" --out preview-site',
    );
  });

  it('apply workflow: on pushes to main, one at a time, commits the state without retriggering itself', () => {
    const text = read(path.join(workflowsDir, 'oc-sync-apply.yml'));
    const workflow = parse(text);
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.push.paths).toEqual(['content/**', 'sync.config.yaml']);
    // The state commit touches none of the trigger paths.
    expect(workflow.on.push.paths.some((p: string) => p.startsWith('.oc-sync'))).toBe(false);
    expect(workflow.concurrency).toEqual({
      group: `oc-sync-apply-\${{ vars.OC_SYNC_ENVIRONMENT }}`,
      'cancel-in-progress': false,
    });
    expect(workflow.permissions.contents).toBe('write');
    const steps = workflow.jobs.apply.steps as {
      uses?: string;
      with?: Record<string, string>;
      run?: string;
    }[];
    expect(steps[0]?.with?.ref).toBe(`\${{ github.ref_name }}`);
    expect(steps.find((s) => s.uses === './.github/actions/oc-sync')?.with?.command).toBe('apply');
    const commit = steps.at(-1)?.run ?? '';
    expect(commit).toContain('[skip ci]');
  });

  it('apply workflow: commits only the state file, never a lock, journal or temporary file left by a cancelled run', () => {
    const workflow = parse(read(path.join(workflowsDir, 'oc-sync-apply.yml')));
    const script: string = workflow.jobs.apply.steps.at(-1).run;
    const scratch = mkdtempSync(path.join(tmpdir(), 'oc-sync-commit-step-'));
    try {
      const git = (cwd: string, ...args: string[]) =>
        execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
      const origin = path.join(scratch, 'origin.git');
      const work = path.join(scratch, 'work');
      git(scratch, 'init', '--bare', '--quiet', origin);
      git(scratch, 'clone', '--quiet', origin, work);
      const state = (name: string, text: string) => {
        mkdirSync(path.join(work, '.oc-sync/state'), { recursive: true });
        writeFileSync(path.join(work, '.oc-sync/state', name), text);
      };
      // What an older workflow committed after a cancelled run: the lock that refused every later runner.
      state('real.json', '{"version":1}\n');
      state('real.lock', '{"pid":1,"host":"runner-1","since":0}\n');
      git(work, 'add', '--all', '--force', '.');
      git(work, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '--quiet', '-m', 'old');
      git(work, 'push', '--quiet', 'origin', 'HEAD:main');
      state('real.json', '{"version":1,"documents":{}}\n');
      state('real.lock', '{"pid":2,"host":"runner-2","since":1}\n');
      state('real.journal', '{"op":"pending"}\n');
      state('real.json.4242.1.tmp', '{');
      execFileSync('bash', ['-e', '-c', script], {
        cwd: work,
        env: { ...process.env, ENVIRONMENT: 'real', GITHUB_SHA: 'abcdef1234567', GITHUB_REF_NAME: 'main' },
        stdio: 'pipe',
      });
      const committed = git(origin, 'ls-tree', '-r', '--name-only', 'main').trim().split('\n');
      expect(committed).toEqual(['.oc-sync/state/real.json']);
      expect(git(origin, 'show', 'main:.oc-sync/state/real.json')).toBe('{"version":1,"documents":{}}\n');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('ci.yml still runs .ci/run', () => {
    const workflow = parse(read(path.join(workflowsDir, 'ci.yml')));
    const runs = workflow.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean);
    expect(runs).toEqual(['.ci/run']);
  });
});
