import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { repoRoot, spawnCli } from '../e2e/support/cli.js';
import { type E2eProject, makeProject } from '../e2e/support/project.js';

/**
 * The preview as a user runs it: the built CLI (`oc-sync preview --port 0`) in its own process, its URL read from
 * stdout, and a real headless Chromium (Debian's, or `CHROMIUM_PATH`) driven through playwright-core.
 */

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('no Chromium: install it (.ci/run does: apt-get install chromium) or set CHROMIUM_PATH');
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}

/** A project with the repository's example content/ and a config that allows script-running HTML. */
export function previewProject(files: Record<string, string> = {}): E2eProject {
  const project = makeProject({
    'sync.config.yaml': [
      'content: content',
      'languages: [ko, en]',
      'timeZone: Asia/Seoul',
      'allowUnsafeHtml: true',
      'defaultEnvironment: local',
      'environments:',
      '  local: { emulator: true }',
      '',
    ].join('\n'),
  });
  cpSync(path.join(repoRoot, 'content'), path.join(project.root, 'content'), { recursive: true });
  for (const [rel, text] of Object.entries(files)) project.write(rel, text);
  return project;
}

export interface RunningPreview extends AsyncDisposable {
  url: string;
  output(): string;
}

/** Starts `oc-sync preview --port 0` (and `args`) in the project and waits for the line with its URL. */
export async function startPreview(
  project: E2eProject,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<RunningPreview> {
  const child = spawnCli(project.root, ['preview', '--port', '0', ...args], env);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /Preview at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`oc-sync preview ended (${code}):\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    [Symbol.asyncDispose]: async () => {
      if (child.exitCode !== null) return;
      const closed = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGINT');
      await closed;
    },
  };
}

/** Screenshots for the README, only when asked (`UPDATE_SCREENSHOTS=1`), so normal runs leave docs/ alone. */
export function screenshotPath(name: string): string | undefined {
  return process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(repoRoot, 'docs', `preview-${name}.png`)
    : undefined;
}
