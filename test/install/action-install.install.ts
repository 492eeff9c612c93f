import { execFile } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import {
  checkoutCopy,
  itemsOnService,
  jobConfig,
  npmRecorder,
  runComposite,
} from '../action/composite-runner.js';
import { repoRoot } from '../action/runner.js';
import { makeProject } from '../support/project.js';

/**
 * The install step of action.yml as a user's jobs meet it, with a real `npm ci` from the registry: a checkout of
 * oc-sync without dist/ (`uses: owner/oc-sync/.github/actions/oc-sync@v1`), a first job with no cache (builds, prunes
 * the dev dependencies, saves the build), then a second job on a new runner with that cache (installs nothing).
 */

const run = promisify(execFile);
const majors = (process.env.OC_SYNC_NPM_MAJORS ?? '10,11').split(',').map((m) => m.trim());

interface LockEntry {
  dev?: boolean;
}

/** Every installed package folder below node_modules, as the lockfile names them (`node_modules/a/node_modules/b`). */
function installedPackages(root: string, below = 'node_modules'): string[] {
  const folder = path.join(root, below);
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    if (name.startsWith('.')) return [];
    if (name.startsWith('@')) return installedPackages(root, `${below}/${name}`);
    const entry = `${below}/${name}`;
    if (!existsSync(path.join(root, entry, 'package.json'))) return [];
    return [entry, ...installedPackages(root, `${entry}/node_modules`)];
  });
}

/** npm of that major version, installed from the registry into its own folder: its `npm`. */
async function npmOfMajor(major: string, folder: string): Promise<string> {
  await run('npm', ['install', '--prefix', folder, '--no-audit', '--no-fund', `npm@${major}`], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const npm = path.join(folder, 'node_modules/.bin/npm');
  const { stdout } = await run(npm, ['--version']);
  expect(stdout.trim().split('.')[0]).toBe(major);
  return npm;
}

describe.each(majors)('the Action installed by npm %s', (major) => {
  it('a job without cache builds once and keeps only runtime packages; the next job restores it and installs nothing', async () => {
    const serviceKey = `install-npm${major}-SECRET`;
    await using emulator = await createEmulator({
      services: [{ serviceId: 'HelpCenter', serviceKey, languages: ['ko', 'en'] }],
    });
    using scratch = makeProject({ 'help/sync.config.yaml': jobConfig(emulator.url) });
    cpSync(path.join(repoRoot, 'content'), path.join(scratch.root, 'help/content'), { recursive: true });
    const npm = npmRecorder(
      path.join(scratch.root, 'npm'),
      await npmOfMajor(major, path.join(scratch.root, 'npm-install')),
    );
    const copy = path.join(scratch.root, 'actions/oc-sync');
    const store = path.join(scratch.root, 'cache-store');
    const job = {
      workspace: scratch.root,
      actionRoot: copy,
      cacheStore: store,
      token: 'ghs_unused',
      env: { ...npm.env, OC_ORG_ID: emulator.orgId, OC_SERVICE_KEY: serviceKey },
    };
    await checkoutCopy(copy);

    const started = performance.now();
    const first = await runComposite({
      ...job,
      inputs: { command: 'plan', environment: 'alpha', 'working-directory': 'help', cache: 'false' },
    });
    const missSeconds = (performance.now() - started) / 1000;
    expect(first.code, first.log).toBe(0);
    expect(first.stdout).toContain('Plan: 21 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(npm.calls().map((call) => call.split(' ').slice(0, 2).join(' '))).toEqual([
      'ci --include=dev',
      'prune --omit=dev',
    ]);
    const lock = JSON.parse(readFileSync(path.join(copy, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    };
    const installed = installedPackages(copy);
    const dev = installed.filter((entry) => lock.packages[entry]?.dev === true);
    const unknown = installed.filter((entry) => !(entry in lock.packages));
    expect({ dev, unknown }).toEqual({ dev: [], unknown: [] });
    const runtime = Object.keys(lock.packages).filter((entry) => entry && !lock.packages[entry]?.dev);
    expect(installed.sort()).toEqual(runtime.sort());
    for (const tool of ['typescript', 'vitest', 'tsx', '@biomejs/biome'])
      expect(existsSync(path.join(copy, 'node_modules', tool)), tool).toBe(false);
    expect(existsSync(path.join(copy, 'dist/cli/main.js'))).toBe(true);
    // The post step saved the build under the key the next job looks for.
    const key = first.used[0]?.with.key as string;
    expect(readdirSync(store)).toContain(encodeURIComponent(key));

    // A new runner: a fresh checkout at the same place, the repository's cache.
    rmSync(copy, { recursive: true, force: true });
    await checkoutCopy(copy);
    const callsBefore = npm.calls().length;
    const restarted = performance.now();
    const second = await runComposite({
      ...job,
      inputs: { command: 'apply', environment: 'alpha', 'working-directory': 'help', cache: 'false' },
    });
    const hitSeconds = (performance.now() - restarted) / 1000;
    expect(second.code, second.log).toBe(0);
    expect(npm.calls().slice(callsBefore)).toEqual([]);
    expect(second.used.map((used) => used.with.key)).toEqual([key]);
    expect(second.outputs).toMatchObject({ created: '21', errors: '0' });
    expect(itemsOnService(emulator)).toBe(21);
    expect(first.log + second.log).not.toContain(serviceKey);
    // For the CI log (not asserted: speed is the benchmark's business).
    console.info(
      `npm ${major}: job without cache ${missSeconds.toFixed(1)} s (npm ci, build, prune, plan), with it ${hitSeconds.toFixed(1)} s (restore, apply)`,
    );
  });
});
