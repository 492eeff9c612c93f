import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cliEnv, finished, oc, repoRoot, said } from './support/cli.js';
import { makeProject, remoteConfig, startEmulator } from './support/project.js';

/**
 * Issue 18: oc-sync behaves like the tools a team already uses — `--version`, the config found upward from the
 * current folder as git and npm find theirs, and quiet when the reader of its output goes away (`| head`).
 */

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** `oc-sync <args> | head -1` through a real shell pipe, from `cwd` (no --cwd: the process's own folder). */
async function intoHead(cwd: string, args: string[]) {
  const command = `${[process.execPath, bin, ...args].map(quote).join(' ')} | head -1; echo "oc-sync exit $\{PIPESTATUS[0]}" >&2`;
  return finished(spawn('bash', ['-c', command], { cwd, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** A project whose config says content lives in docs/, with one FAQ whose body is `size` characters long. */
function projectWithBody(size: number) {
  const body = Array.from({ length: Math.ceil(size / 60) }, (_, i) => `줄 ${i}: ${'가'.repeat(50)}`).join(
    '\n\n',
  );
  return makeProject({
    'sync.config.yaml': 'content: docs\nlanguages: [ko]\n',
    'docs/faq/_categories.yaml': '- code: general\n  name: { ko: 일반 }\n',
    'docs/faq/general/first.md': `---\ncategory: general\n---\n# 첫 질문\n\n${body}\n`,
    'docs/faq/general/second.md': `---\ncategory: general\n---\n# 둘째 질문\n\n${body}\n`,
  });
}

describe.concurrent('the CLI as the tools a team already uses', { timeout: 30_000 }, () => {
  it('plan --format json on invalid content prints JSON with the diagnostics, and exits 1', async () => {
    using project = projectWithBody(100);
    project.write('docs/faq/general/third.md', '---\ncategory: general\nstatus: Published\n---\n# 셋째\n');
    const result = await oc(project.root, ['plan', '--format', 'json']);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as {
      errors: number;
      diagnostics: { file: string; hint?: string }[];
    };
    expect(output.errors).toBe(1);
    expect(output.diagnostics).toMatchObject([
      {
        file: 'docs/faq/general/third.md',
        line: 3,
        rule: 'content/invalid-value',
        hint: 'did you mean published?',
      },
    ]);
  });

  it('says an error once, with a did-you-mean for a mistyped kind', async () => {
    using project = projectWithBody(100);
    const result = await oc(project.root, ['pull', '--kinds', 'faqs', '--into', 'pulled']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'pull error --kinds faqs: unknown kind faqs [pull/refused]',
        '  hint: did you mean faq? use some of notice, template, tag, heading, faq, faqCategory',
        '',
      ].join('\n'),
    );
  });

  it('--rps sets the rate of requests to the service for one run, and refuses what is not a rate', async () => {
    await using emulator = await startEmulator();
    using project = makeProject({
      'sync.config.yaml': remoteConfig(emulator),
      'content/faq/_categories.yaml': '- code: general\n  name: { ko: 일반, en: General }\n',
    });
    const refused = await oc(project.root, ['--rps', '0', 'plan']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      '"0" is not a number of requests per second greater than 0 (e.g. --rps 5)',
    );
    expect(emulator.requests).toEqual([]);

    const result = await oc(project.root, ['--rps', '2', 'plan']);
    expect(result.code, result.stderr).toBe(0);
    // A burst of one second's worth (2), then one request each half second: never faster (a margin for the first
    // request's connection set-up on a loaded machine; at the default 10 a second this plan takes 0.5 s).
    const times = emulator.requests.map((request) => request.at).sort((a, b) => a - b);
    expect(times.length).toBeGreaterThan(4);
    expect((times.at(-1) as number) - (times[0] as number)).toBeGreaterThanOrEqual(
      (times.length - 2) * 500 - 500,
    );
  });

  it('prints its version with --version and -V, from package.json', async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const result = await oc(repoRoot, [flag]);
      expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('from a subfolder of a project uses the config above it, content/ relative to the config', async () => {
    using project = projectWithBody(100);
    project.write('docs/faq/general/notes/.keep', '');
    const below = path.join(project.root, 'docs/faq/general/notes');
    const validate = await oc(below, ['validate']);
    expect(validate).toMatchObject({ code: 0, stdout: 'no problems found\n' });
    const plan = await oc(below, ['plan']);
    expect(plan.code, said(plan)).toBe(0);
    expect(plan.stdout).toContain('Plan: 3 to create');
    // The embedded emulator's data is the config's folder's, not the subfolder's.
    expect(project.exists('.oc-sync')).toBe(true);
    expect(project.exists('docs/faq/general/notes/.oc-sync')).toBe(false);
  });

  it('with no sync.config.yaml here or above, names the folders it looked in and suggests init', async () => {
    using project = makeProject({ 'content/faq/_categories.yaml': '[]\n' });
    const below = path.join(project.root, 'content/faq');
    for (const command of ['plan', 'validate', 'apply', 'pull']) {
      const result = await oc(below, [command]);
      expect(result.code, command).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        `no sync.config.yaml found (looked in ${below}, ${path.join(project.root, 'content')}, ${project.root}, ${path.dirname(project.root)},`,
      );
      expect(result.stderr).toMatch(/, \/\) \[config\/not-found\]/);
      expect(result.stderr).toContain('run oc-sync init');
    }
    // Never a silent run against the embedded emulator: nothing was made anywhere.
    expect(project.exists('.oc-sync')).toBe(false);
    expect(project.exists('content/faq/.oc-sync')).toBe(false);
  });

  it('--config still wins over the config found upward, and must exist', async () => {
    using project = projectWithBody(100);
    project.write('other/sync.config.yaml', 'content: ../docs\nlanguages: [ko, en]\n');
    const plan = await oc(project.root, ['--config', 'other/sync.config.yaml', 'validate']);
    // Only that config has English: its translations are what is missing, not the upward config's.
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      'other/sync.config.yaml warning 2 documents have no en translation: faq/general/first, faq/general/second [translations/missing]',
    );
    expect(plan.stdout).toContain('set translations.missing: off in other/sync.config.yaml');
    const missing = await oc(project.root, ['--config', 'nope.yaml', 'validate']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'nope.yaml error config file nope.yaml does not exist [config/file-not-found]',
    );
  });

  it('exits quietly with 0 when the reader of its output goes away (plan --json | head -1)', async () => {
    // Far more than a pipe holds (64 KiB): the CLI is still writing when head has gone.
    using project = projectWithBody(200_000);
    const result = await intoHead(project.root, ['plan', '--json']);
    expect(result.stderr).toBe('oc-sync exit 0\n');
    expect(result.stdout).toBe('{\n');
  });

  it('and so does validate, with more problems than a pipe holds (validate | head -1)', async () => {
    const unknownKeys = Array.from({ length: 2000 }, (_, i) => `unknown${i}: 1`).join('\n');
    using project = makeProject({
      'sync.config.yaml': 'languages: [ko]\n',
      'content/faq/_categories.yaml': '- code: general\n  name: { ko: 일반 }\n',
      'content/faq/general/broken.md': `---\ncategory: general\n${unknownKeys}\n---\n# 모르는 키\n`,
    });
    for (const args of [['validate'], ['validate', '--json']]) {
      const result = await intoHead(project.root, args);
      // On a slow machine validate's progress line may come first (stderr, off a terminal); never a stack or EPIPE.
      expect(result.stderr, args.join(' ')).toMatch(/(^|\n)oc-sync exit 1\n$/);
      expect(result.stderr, args.join(' ')).not.toMatch(/EPIPE|Error|\n\s+at /);
      expect(result.stdout.split('\n')).toHaveLength(2);
    }
  });
});
