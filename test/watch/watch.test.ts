import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeProject, type TempProject } from '../support/project.js';

/**
 * `oc-sync watch` as a writer runs it: the built CLI in its own process over a temp project whose environment is an
 * emulator started here. The test edits files and reads what watch prints, checks the service, and stops it with
 * SIGINT as Ctrl-C does.
 */

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(repo, 'bin/oc-sync.js');
const KEY_VARIABLE = 'OC_WATCH_TEST_SERVICE_KEY';
const SERVICE_KEY = 'watch-SECRET-51d0c3e9a7b24f68';

interface Watch {
  child: ChildProcess;
  /** Ctrl-C: SIGINT to the process group when started through npm, else to the process. */
  interrupt(): void;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Waits until what was printed after `from` matches; returns that part. */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Waits until `check` passes, polling; fails after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts `oc-sync watch`: with `npm`, as `npm exec oc-sync` runs it (from the repository, in a process group of its
 * own, so `interrupt()` is a terminal's Ctrl-C: SIGINT to the whole group, which npm forwards once more).
 */
function startWatch(root: string, args: string[], via?: 'npm'): Watch {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('OC_')) env[name] = value;
  const cli = ['--cwd', root, 'watch', ...args];
  const [command, argv] =
    via === 'npm'
      ? // bash, as the script shell, runs oc-sync in its place: npm's forwarded SIGINT reaches oc-sync itself.
        ['npm', ['exec', '--script-shell=/bin/bash', '--', 'oc-sync', ...cli]]
      : [process.execPath, [bin, ...cli]];
  const child = spawn(command as string, argv as string[], {
    cwd: via === 'npm' ? repo : root,
    env: { ...env, NO_COLOR: '1', [KEY_VARIABLE]: SERVICE_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: via === 'npm',
  });
  running.push(child);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    interrupt: () => {
      if (via === 'npm' && child.pid) process.kill(-child.pid, 'SIGINT');
      else child.kill('SIGINT');
    },
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor(pattern, from = 0, timeoutMs = 8_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const text = out.slice(from);
          if (pattern.test(text)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(text);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`watch did not print ${pattern} in time; it printed:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        listeners.add(check);
        void exit.then(() => {
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`watch exited before printing ${pattern}:\n${out}\nstderr:\n${err}`));
          }
        });
        check();
      });
    },
  };
}

async function startEmulator(latencyMs = 0): Promise<Emulator> {
  return createEmulator({
    latencyMs,
    services: [{ serviceId: 'HelpCenter', serviceKey: SERVICE_KEY, languages: ['ko', 'en'] }],
  });
}

function project(emulator: Emulator): TempProject {
  const p = makeProject({
    'sync.config.yaml': [
      'languages: [ko, en]',
      'timeZone: Asia/Seoul',
      'defaultEnvironment: dev',
      'environments:',
      '  dev:',
      `    baseUrl: ${emulator.url}`,
      '    serviceId: HelpCenter',
      `    orgId: ${emulator.orgId}`,
      `    serviceKey: \${${KEY_VARIABLE}}`,
      '  real:',
      `    baseUrl: ${emulator.url}`,
      '    serviceId: HelpCenter',
      `    orgId: ${emulator.orgId}`,
      `    serviceKey: \${${KEY_VARIABLE}}`,
      '    protected: true',
      'sync: { requestsPerSecond: 1000 }',
      '',
    ].join('\n'),
  });
  cpSync(path.join(repo, 'content'), path.join(p.root, 'content'), { recursive: true });
  return p;
}

const faqBody = (emulator: Emulator, title: string) => {
  const faq = emulator
    .service()
    .list('faq')
    .find((record) => JSON.stringify(record).includes(title));
  return JSON.stringify(faq ?? null);
};

describe('oc-sync watch', () => {
  it('--apply: applies at start, re-plans and applies each save, skips invalid content, stops on SIGINT', async () => {
    await using emulator = await startEmulator();
    using p = project(emulator);
    const watch = startWatch(p.root, ['--apply', '--debounce', '100']);

    const start = await watch.waitFor(/waiting for changes/);
    expect(start).toContain('oc-sync watch — environment dev, service HelpCenter, applying every clean plan');
    expect(start).toContain('full plan:');
    expect(start).toContain('Plan: 21 to create, 0 to update, 0 to delete, 0 drifted.');
    expect(start).toMatch(/Apply complete: 21 created, 0 updated, 0 deleted/);
    expect(emulator.service().list('faq')).toHaveLength(4);

    // One save: only that document is shown, and applied.
    let mark = watch.stdout().length;
    const file = 'content/faq/account/reset-password.md';
    p.write(file, readFileSync(path.join(p.root, file), 'utf8').replace('30분 동안만', '1시간 동안'));
    const edit = await watch.waitFor(/Apply complete: 0 created, 1 updated/, mark);
    expect(edit).toContain('changed: content/faq/account/reset-password.md');
    expect(edit).toContain('~ FAQ faq/account/reset-password');
    expect(edit).toContain('+ > 재설정 링크는 1시간 동안 유효합니다.');
    expect(edit).not.toContain('faq/billing');
    expect(edit).toContain('Plan: 0 to create, 1 to update, 0 to delete, 0 drifted.');
    expect(faqBody(emulator, '비밀번호를 잊어버렸어요')).toContain('1시간 동안');

    // A broken file: the problems are printed and nothing is sent.
    mark = watch.stdout().length;
    emulator.clearRequests();
    p.write('content/faq/account/broken.md', '---\ncategroy: account\n---\n# 깨진 문서\n');
    const broken = await watch.waitFor(/not planned; waiting for the next change/, mark);
    expect(broken).toContain(
      'content/faq/account/broken.md:2:1 error categroy is not a known key [content/unknown-key]',
    );
    expect(emulator.requests).toEqual([]);

    // Fixed: a new document, planned and created.
    mark = watch.stdout().length;
    p.write('content/faq/account/broken.md', '---\ncategory: account\n---\n# 고친 문서\n\n본문입니다.\n');
    const fixed = await watch.waitFor(/Apply complete: 1 created/, mark);
    expect(fixed).toContain('+ FAQ faq/account/broken "고친 문서"');
    expect(emulator.service().list('faq')).toHaveLength(5);

    watch.child.kill('SIGINT');
    expect(await watch.exit).toEqual({ code: 0, signal: null });
    expect(watch.stderr()).toContain('SIGINT: stopping');
    const state = JSON.parse(readFileSync(path.join(p.root, '.oc-sync/state/dev.json'), 'utf8'));
    expect(Object.keys(state.documents)).toHaveLength(8);
    expect(existsSync(path.join(p.root, '.oc-sync/state/dev.journal'))).toBe(false);
    expect(watch.stdout() + watch.stderr()).not.toContain(SERVICE_KEY);
  });

  it('without --apply: shows only what changed in the plan since the last print, and writes nothing', async () => {
    await using emulator = await startEmulator();
    using p = project(emulator);
    const watch = startWatch(p.root, ['--debounce', '50']);
    await watch.waitFor(/waiting for changes/);

    let mark = watch.stdout().length;
    const file = 'content/templates/maintenance.md';
    const edited = readFileSync(path.join(p.root, file), 'utf8').replace('02:00 ~ 06:00', '01:00 ~ 05:00');
    p.write(file, edited);
    const first = await watch.waitFor(/Plan: 21 to create/, mark);
    expect(first).toContain('changed: content/templates/maintenance.md');
    expect(first).toContain('+ notice template templates/maintenance "[점검] 정기 점검 안내"');
    expect(first.match(/^\+ /gm)).toHaveLength(1);

    // Saved again unchanged: the plan is what was shown.
    mark = watch.stdout().length;
    p.write(file, edited);
    expect(await watch.waitFor(/Plan: 21 to create/, mark)).toContain('the plan did not change');

    // The config is watched too; a broken one is reported, and the session goes on.
    mark = watch.stdout().length;
    const config = readFileSync(path.join(p.root, 'sync.config.yaml'), 'utf8');
    p.write('sync.config.yaml', config.replace('requestsPerSecond: 1000', 'requestsPerSecond: fast'));
    const broken = await watch.waitFor(/waiting for the next change/, mark);
    expect(broken).toContain('changed: sync.config.yaml');
    expect(broken).toMatch(/^sync\.config\.yaml:\d+:\d+ error sync\.requestsPerSecond must be/m);
    mark = watch.stdout().length;
    p.write('sync.config.yaml', config);
    expect(await watch.waitFor(/Plan: 21 to create/, mark)).toContain('the plan did not change');

    watch.child.kill('SIGTERM');
    expect(await watch.exit).toEqual({ code: 0, signal: null });
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('SIGINT during an apply waits for it to finish: every write is in the state file', async () => {
    // A slow service, so the signal lands while the first apply is writing.
    await using emulator = await startEmulator(40);
    using p = project(emulator);
    const watch = startWatch(p.root, ['--apply']);
    await watch.waitFor(/full plan:/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(watch.stdout()).not.toContain('Apply complete');
    const writesBefore = emulator.requests.filter((r) => r.method !== 'GET').length;
    watch.child.kill('SIGINT');
    expect(await watch.exit).toEqual({ code: 0, signal: null });
    expect(watch.stdout()).toMatch(/Apply complete: 21 created/);
    expect(emulator.requests.filter((r) => r.method !== 'GET').length).toBeGreaterThan(writesBefore);
    const state = JSON.parse(readFileSync(path.join(p.root, '.oc-sync/state/dev.json'), 'utf8'));
    const ids = Object.values(state.documents as Record<string, { kind: string; id: number }>);
    expect(ids).toHaveLength(7);
    for (const { kind, id } of ids) expect(emulator.service().get(kind as 'faq', id)).toBeTruthy();
    expect(existsSync(path.join(p.root, '.oc-sync/state/dev.journal'))).toBe(false);
  });

  it('the prune-off warning shows once a session, not after every save', async () => {
    await using emulator = await startEmulator();
    using p = project(emulator);
    const watch = startWatch(p.root, ['--apply', '--debounce', '50']);
    await watch.waitFor(/waiting for changes/);
    const warning = 'warning: some documents were removed locally but prune is off';
    let mark = watch.stdout().length;
    for (const file of ['december-maintenance.md', 'december-maintenance.en.md'])
      rmSync(path.join(p.root, 'content/notices/2026', file));
    expect(await watch.waitFor(/Plan: [^\n]*drifted/, mark)).toContain(warning);
    for (const text of ['한 번 더', '두 번 더']) {
      mark = watch.stdout().length;
      const file = 'content/faq/account/reset-password.md';
      p.write(file, `${readFileSync(path.join(p.root, file), 'utf8')}\n${text}\n`);
      const saved = await watch.waitFor(/Apply complete: 0 created, 1 updated/, mark);
      expect(saved).not.toContain(warning);
    }
    watch.interrupt();
    expect(await watch.exit).toEqual({ code: 0, signal: null });
    expect(emulator.service().list('notice')).toHaveLength(2);
  });

  it('under npm exec, Ctrl-C (SIGINT to the group, forwarded again by npm) exits 0 without a stack', async () => {
    await using emulator = await startEmulator();
    using p = project(emulator);
    const watch = startWatch(p.root, ['--debounce', '50'], 'npm');
    await watch.waitFor(/waiting for changes/, 0, 60_000);
    watch.interrupt();
    expect(await watch.exit).toEqual({ code: 0, signal: null });
    expect(watch.stderr().match(/SIGINT: stopping/g)).toHaveLength(1);
    expect(watch.stderr()).not.toMatch(/^\s+at /m);
    expect(watch.stderr()).not.toContain('stopped');
    // npm itself takes seconds to start on a loaded machine.
  }, 90_000);

  it('a second Ctrl-C stops at once: the running apply says where it stopped, exit 130', async () => {
    // Slow enough that the apply is still writing well after the first signal.
    await using emulator = await startEmulator(300);
    using p = project(emulator);
    const watch = startWatch(p.root, ['--apply']);
    await watch.waitFor(/full plan:/, 0, 30_000);
    watch.interrupt();
    await until('the first SIGINT is taken', () => watch.stderr().includes('SIGINT: stopping'));
    // The same signal again at once is a forwarded copy, not a second Ctrl-C; one a moment later is.
    watch.interrupt();
    const first = Date.now();
    await until('half a second has passed', () => Date.now() - first > 600);
    expect(watch.child.exitCode).toBeNull();
    watch.interrupt();
    expect(await watch.exit).toEqual({ code: 130, signal: null });
    expect(watch.stderr()).toMatch(
      /stopped after \d+ of 21 changes \(SIGINT\); what was written is recorded in/,
    );
    expect(watch.stdout()).not.toContain('Apply complete');
    expect(existsSync(path.join(p.root, '.oc-sync/state/dev.lock'))).toBe(false);
  });

  it('--apply refuses a protected environment before connecting', async () => {
    await using emulator = await startEmulator();
    using p = project(emulator);
    const watch = startWatch(p.root, ['--apply', '--env', 'real']);
    expect(await watch.exit).toEqual({ code: 1, signal: null });
    expect(watch.stderr()).toContain(
      'environment real is protected: watch --apply only applies to unprotected environments.',
    );
    expect(emulator.requests).toEqual([]);
  });
});
