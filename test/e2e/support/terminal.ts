import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bin, cliEnv } from './cli.js';

/**
 * A real pseudo-terminal, as a person has one: a tmux session of its own (its own server socket) running one
 * command. `screen()` is what the terminal shows now (a bar redrawn in place is one line, a cleared one is gone);
 * `output()` is every byte the command wrote to it, recorded from the start (`pipe-pane`), so a bar drawn between
 * two looks is still seen. `keys('C-c')` types as a person does: the terminal sends SIGINT to the foreground job.
 */
export interface Terminal extends Disposable {
  screen(): string;
  output(): string;
  keys(...keys: string[]): void;
  /** Polls `screen()` + `output()` until `check` passes; fails after `timeoutMs` with what the terminal showed. */
  waitFor(what: string, check: (terminal: Terminal) => boolean, timeoutMs?: number): Promise<void>;
  /** Waits for the command to end; its exit code. */
  exitCode(timeoutMs?: number): Promise<number>;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** `oc-sync --cwd <root> <args>` as a shell line, for `startTerminal`. */
export function ocLine(root: string, args: readonly string[]): string {
  return [process.execPath, bin, '--cwd', root, ...args].map(quote).join(' ');
}

let sessions = 0;

/** Runs `command` (a shell line) in `cwd` on a fresh 120×40 tmux terminal. */
export function startTerminal(cwd: string, command: string, env: Record<string, string> = {}): Terminal {
  const socket = `oc-sync-e2e-${process.pid}-${++sessions}`;
  const log = path.join(cwd, `terminal-${sessions}.log`);
  const go = path.join(cwd, `terminal-${sessions}.go`);
  const exit = path.join(cwd, `terminal-${sessions}.exit`);
  writeFileSync(log, '');
  // The command waits until the recording is on, and leaves its exit code behind; the pane then stays open.
  const script = `while [ ! -e ${quote(go)} ]; do sleep 0.02; done; ${command}; echo $? > ${quote(exit)}; exec sleep 600`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socket, ...args], {
      cwd,
      env: cliEnv({ TERM: 'xterm-256color', ...env }),
      encoding: 'utf8',
    });
  tmux('new-session', '-d', '-s', 'e2e', '-x', '120', '-y', '40', 'bash', '--norc', '-c', script);
  tmux('pipe-pane', '-t', 'e2e', '-o', `cat >> ${quote(log)}`);
  writeFileSync(go, '');
  const terminal: Terminal = {
    screen: () => tmux('capture-pane', '-p', '-t', 'e2e'),
    output: () => readFileSync(log, 'utf8'),
    keys: (...keys) => {
      tmux('send-keys', '-t', 'e2e', ...keys);
    },
    async waitFor(what, check, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      while (!check(terminal)) {
        if (Date.now() > until)
          throw new Error(`the terminal never showed ${what}; it shows:\n${terminal.screen()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async exitCode(timeoutMs = 90_000) {
      await terminal.waitFor('the command ending', () => existsSync(exit), timeoutMs);
      return Number.parseInt(readFileSync(exit, 'utf8'), 10);
    },
    [Symbol.dispose]: () => {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    },
  };
  return terminal;
}

/** A progress bar with its rate and ETA, as `formatProgressBar` draws it: `applying [██░░] 12/60 · 4.8/s · ETA 10s`. */
export function progressBar(label: string): RegExp {
  return new RegExp(`${label} \\[[█░]+\\] (\\d+)/(\\d+) · \\d+(\\.\\d)?/s · ETA \\d+(s|m\\d\\ds)`);
}
