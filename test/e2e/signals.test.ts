import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Emulator } from '../../src/emulator/index.js';
import { type CliResult, cliEnv, finished, oc, repoRoot, spawnCli } from './support/cli.js';
import { expectConverged } from './support/converged.js';
import { type Corpus, writeCorpus } from './support/corpus.js';
import {
  type E2eProject,
  ENVIRONMENT,
  isWrite,
  makeProject,
  remoteConfig,
  startEmulator,
} from './support/project.js';

/**
 * A cancelled CI job or a Ctrl-C: the built CLI gets SIGTERM or SIGINT in the middle of an apply, against an
 * emulator slow enough that writes are in flight. It must stop with the signal's exit code, leave no lock (a lock
 * left behind refused every other runner), fold what it wrote into the state file, and the next apply must go on
 * from there to a converged service.
 */

const corpus: Corpus = { faqs: 30, notices: 10 };
const expected = { faq: corpus.faqs, notice: corpus.notices, template: 0 };
/** The corpus's list items: 3 categories, 2 headings, 1 tag. */
const LIST_ITEMS = 6;

/** Starts `args` and sends `signal` once the emulator has answered `writes` writes. */
async function signalledAfter(
  emulator: Emulator,
  project: E2eProject,
  args: string[],
  signal: NodeJS.Signals,
  writes: number,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const child = spawnCli(project.root, args, env);
  const result = finished(child);
  const watch = setInterval(() => {
    if (emulator.requests.filter(isWrite).length >= writes) {
      child.kill(signal);
      clearInterval(watch);
    }
  }, 1);
  try {
    return await result;
  } finally {
    clearInterval(watch);
  }
}

function expectStoppedCleanly(result: CliResult, project: E2eProject, code: number, signal: string): void {
  expect(result.signal, result.stderr).toBeNull();
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(
    new RegExp(
      `stopped after (\\d+) of ${corpus.faqs + corpus.notices + LIST_ITEMS} changes \\(${signal}\\); what was written is recorded in \\.oc-sync/state/${ENVIRONMENT}\\.json and the lock is released — run apply again to continue with the remaining \\d+`,
    ),
  );
  expect(project.exists(`.oc-sync/state/${ENVIRONMENT}.lock`), 'the lock was left behind').toBe(false);
  expect(project.exists(`.oc-sync/state/${ENVIRONMENT}.journal`), 'the journal was not folded in').toBe(
    false,
  );
  // What it wrote is recorded: the state owns documents already.
  expect(Object.keys(project.state().documents).length).toBeGreaterThan(0);
}

describe('oc-sync stopped by a signal mid-apply', { timeout: 60_000 }, () => {
  it.concurrent.each([
    ['apply', 'SIGTERM', 143],
    ['apply', 'SIGINT', 130],
    ['action', 'SIGTERM', 143],
  ] as const)(
    '%s on %s: exits %i, releases the lock, records its writes; the next apply converges',
    async (command, signal, code) => {
      await using emulator = await startEmulator({ latencyMs: 25 });
      using project = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });
      writeCorpus(project, corpus);
      const env: Record<string, string> =
        command === 'action' ? { INPUT_COMMAND: 'apply', INPUT_ENVIRONMENT: ENVIRONMENT } : {};
      const args = command === 'action' ? ['action'] : ['apply'];

      const stopped = await signalledAfter(emulator, project, args, signal, 12, env);
      expectStoppedCleanly(stopped, project, code, signal);
      const writesBefore = emulator.requests.filter(isWrite).length;
      expect(writesBefore).toBeLessThan(corpus.faqs + corpus.notices);

      const next = await oc(project.root, ['apply']);
      expect(next.stderr).not.toContain('another apply');
      expect(next.stdout, next.stderr).toContain('0 skipped, 0 failed');
      expect(next.code).toBe(0);
      await expectConverged(emulator, project, expected);
    },
  );

  it('the composite action on a cancelled job: the runner signals the step shell, and oc-sync still cleans up', async () => {
    await using emulator = await startEmulator({ latencyMs: 25 });
    using project = makeProject({ 'sync.config.yaml': remoteConfig(emulator) });
    writeCorpus(project, corpus);
    const actionPath = path.join(repoRoot, '.github/actions/oc-sync');
    const action = parse(readFileSync(path.join(actionPath, 'action.yml'), 'utf8'));
    const step = action.runs.steps.find((s: { run?: string }) =>
      s.run?.trim().endsWith('oc-sync.js" action'),
    );
    // As the runner runs a `shell: bash` step: the script in a file, and SIGTERM to that shell on cancel.
    const script = path.join(project.root, 'step.sh');
    writeFileSync(script, step.run);
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: project.root,
      env: cliEnv({ GITHUB_ACTION_PATH: actionPath, INPUT_COMMAND: 'apply', INPUT_ENVIRONMENT: ENVIRONMENT }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = finished(child);
    const watch = setInterval(() => {
      if (emulator.requests.filter(isWrite).length >= 12) {
        child.kill('SIGTERM');
        clearInterval(watch);
      }
    }, 1);
    const stopped = await result.finally(() => clearInterval(watch));
    expectStoppedCleanly(stopped, project, 143, 'SIGTERM');

    const next = await oc(project.root, ['apply']);
    expect(next.code, next.stderr).toBe(0);
    await expectConverged(emulator, project, expected);
  });
});
