import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { makeProject } from '../support/project.js';
import {
  checkoutCopy,
  copyRuntimePackages,
  itemsOnService,
  jobConfig,
  npmRecorder,
  runComposite,
  seedCache,
} from './composite-runner.js';
import { repoRoot } from './runner.js';

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

describe('the install step of action.yml, on a checkout of oc-sync without dist/', {
  timeout: 120_000,
}, () => {
  it('keys the build by the runner, Node and what the build reads: src/, tsconfig, package files', async () => {
    using scratch = makeProject({});
    const copy = path.join(scratch.root, 'oc-sync');
    await checkoutCopy(copy);
    expect(existsSync(path.join(copy, 'dist'))).toBe(false);
    const keyOf = async () => {
      const located = await runComposite({
        workspace: scratch.root,
        actionRoot: copy,
        inputs: {},
        env: {},
        token: 'ghs_unused',
        stopAfter: 'tool',
      });
      expect(located.code, located.log).toBe(0);
      return located.stepOutputs;
    };
    const first = await keyOf();
    const major = process.versions.node.split('.')[0];
    expect(first['steps.tool.outputs.key']).toMatch(
      new RegExp(`^oc-sync-build-Linux-${process.arch}-node${major}-[0-9a-f]{16}$`),
    );
    expect(first['steps.tool.outputs.path']).toBe(
      `${path.join(copy, 'dist')}\n${path.join(copy, 'node_modules')}`,
    );
    expect(first['steps.tool.outputs.restore']).toBe('true');
    const keys = new Set([first['steps.tool.outputs.key']]);
    // What the build does not read keeps the key: the README, the example content.
    appendFileSync(path.join(copy, 'README.md'), '\nmore\n');
    appendFileSync(path.join(copy, 'content/templates/maintenance.md'), '\nmore\n');
    expect((await keyOf())['steps.tool.outputs.key']).toBe(first['steps.tool.outputs.key']);
    for (const file of ['src/cli/main.ts', 'tsconfig.build.json', 'package-lock.json', 'package.json']) {
      const before = readFileSync(path.join(copy, file));
      appendFileSync(path.join(copy, file), '\n');
      keys.add((await keyOf())['steps.tool.outputs.key']);
      writeFileSync(path.join(copy, file), before);
    }
    expect(keys.size, `a new key for each of the 4 changes: ${[...keys].join(', ')}`).toBe(5);
  });

  it('with a warm cache installs nothing, and runs from runtime packages alone: apply, then the embedded emulator', async () => {
    const serviceKey = 'install-SECRET-5d1e';
    await using emulator = await createEmulator({
      services: [{ serviceId: 'HelpCenter', serviceKey, languages: ['ko', 'en'] }],
    });
    using scratch = makeProject({ 'help/sync.config.yaml': jobConfig(emulator.url) });
    cpSync(path.join(repoRoot, 'content'), path.join(scratch.root, 'help/content'), { recursive: true });
    const copy = path.join(scratch.root, 'actions/oc-sync');
    await checkoutCopy(copy);
    const store = path.join(scratch.root, 'cache-store');
    const npm = npmRecorder(path.join(scratch.root, 'npm'));
    const job = {
      workspace: scratch.root,
      actionRoot: copy,
      cacheStore: store,
      token: 'ghs_unused',
      env: { ...npm.env, OC_ORG_ID: emulator.orgId, OC_SERVICE_KEY: serviceKey },
    };
    const located = await runComposite({ ...job, inputs: {}, stopAfter: 'tool' });
    const key = located.stepOutputs['steps.tool.outputs.key'] as string;
    // What an earlier job's miss left in the cache: the build, and the packages `npm prune --omit=dev` keeps.
    seedCache(store, key, [
      {
        target: path.join(copy, 'dist'),
        from: (to) => cpSync(path.join(repoRoot, 'dist'), to, { recursive: true }),
      },
      { target: path.join(copy, 'node_modules'), from: copyRuntimePackages },
    ]);

    const apply = await runComposite({
      ...job,
      inputs: { command: 'apply', environment: 'alpha', 'working-directory': 'help', cache: 'false' },
    });
    expect(apply.code, apply.log).toBe(0);
    expect(npm.calls()).toEqual([]);
    expect(apply.used).toEqual([
      {
        uses: 'actions/cache@v4',
        with: { path: `${path.join(copy, 'dist')}\n${path.join(copy, 'node_modules')}`, key },
      },
    ]);
    for (const devOnly of ['typescript', 'vitest', 'tsx', '@biomejs/biome'])
      expect(existsSync(path.join(copy, 'node_modules', devOnly)), devOnly).toBe(false);
    expect(apply.outputs).toMatchObject({ created: '21', errors: '0' });
    expect(itemsOnService(emulator)).toBe(21);
    expect(apply.log).not.toContain(serviceKey);

    // A later step of the same job: oc-sync is on disk, no second restore; the embedded emulator loads from it too.
    const local = await runComposite({
      ...job,
      inputs: { command: 'plan', 'working-directory': 'help', cache: 'false' },
      jobEnv: apply.jobEnv,
    });
    expect(local.code, local.log).toBe(0);
    expect(local.used).toEqual([]);
    expect(local.stdout).toContain('Plan: 21 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(npm.calls()).toEqual([]);
  });
});
