import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cliEnv, finished, oc } from './support/cli.js';
import { ENVIRONMENT, exampleProject, isWrite, startEmulator } from './support/project.js';

/**
 * Whether apply asks is decided on stdin. `oc-sync apply --env real | tee log` has a person at the keyboard even
 * though stdout is a pipe: it must ask (on stderr) and apply only on y/yes. Without a terminal on stdin a protected
 * environment is refused unless --yes says so. The terminal is a real pseudo-terminal (util-linux `script`).
 */

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Runs `oc-sync <args> | cat > log` on a pseudo-terminal, typing `answer` once the question shows. */
async function applyOnTerminal(root: string, args: string[], answer: string) {
  const log = path.join(root, 'apply.log');
  const command = `set -o pipefail; ${[process.execPath, bin, '--cwd', root, ...args].map(quote).join(' ')} | cat > ${quote(log)}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: root,
    env: cliEnv({ SHELL: '/bin/bash' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let terminal = '';
  let typed = false;
  child.stdout.on('data', (chunk: Buffer) => {
    terminal += chunk.toString('utf8');
    if (!typed && terminal.includes('Type yes to go on:')) {
      typed = true;
      child.stdin.write(`${answer}\r`);
    }
  });
  const result = await finished(child);
  child.stdin.end();
  return { ...result, terminal, log: readFileSync(log, 'utf8') };
}

describe.concurrent('apply asks before writing to a protected environment', { timeout: 45_000 }, () => {
  it('asks on the terminal even when stdout is piped, and applies on "y"', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { environment: { protected: true } });
    const run = await applyOnTerminal(project.root, ['apply', '--env', ENVIRONMENT], 'y');
    expect(run.terminal).toMatch(/Apply \d+ change\(s\) to e2e\? Type yes to go on:/);
    // The question is not in the log: it went to the terminal, the plan and result to the pipe.
    expect(run.log).not.toContain('Type yes');
    expect(run.log).toContain('Apply complete: 21 created');
    expect(run.code).toBe(0);
    expect(emulator.service().list('faq')).toHaveLength(4);
  });

  it('cancels on any other answer: "Apply cancelled.", exit 1, nothing written', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { environment: { protected: true } });
    const run = await applyOnTerminal(project.root, ['apply', '--env', ENVIRONMENT], 'no');
    expect(run.terminal).toContain('Type yes to go on:');
    expect(run.log).toContain('Apply cancelled. Nothing was changed.');
    expect(run.code).toBe(1);
    expect(emulator.requests.filter(isWrite)).toEqual([]);

    const interrupted = await applyOnTerminal(project.root, ['apply', '--env', ENVIRONMENT], '\x03');
    expect(interrupted.log).toContain('Apply cancelled. Nothing was changed.');
    expect(interrupted.code).toBe(1);
    expect(emulator.requests.filter(isWrite)).toEqual([]);
    expect(project.exists('.oc-sync/state/e2e.lock')).toBe(false);
  });

  it('without a terminal on stdin, refuses a protected environment unless --yes, and names the way out', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { environment: { protected: true } });
    const refused = await oc(project.root, ['apply', '--env', ENVIRONMENT]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'environment e2e is protected, and stdin is not a terminal, so apply cannot ask for confirmation; nothing was changed',
    );
    expect(refused.stderr).toContain('oc-sync apply --env e2e --yes');
    expect(emulator.requests.filter(isWrite)).toEqual([]);
    expect(project.exists('.oc-sync/state/e2e.lock')).toBe(false);

    const confirmed = await oc(project.root, ['apply', '--env', ENVIRONMENT, '--yes']);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain('Apply complete: 21 created');
  });

  it('without a terminal on stdin, applies an unprotected environment without asking', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    const applied = await oc(project.root, ['apply']);
    expect(applied.stdout).not.toContain('Type yes');
    expect(applied.code).toBe(0);
    expect(emulator.service().list('faq')).toHaveLength(4);
  });
});
