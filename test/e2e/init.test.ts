// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bin, cliEnv, finished, oc, repoRoot, said } from './support/cli.js';
import { makeProject } from './support/project.js';

/**
 * `oc-sync init` (issue 18) as a user runs it, through the built CLI: in an empty folder, in one that already has
 * oc-sync's files, and answering its questions on a real pseudo-terminal (util-linux `script`).
 */

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Runs `oc-sync init <args>` on a pseudo-terminal, typing the next answer each time a question ends in `]: `. */
async function initOnTerminal(root: string, args: string[], answers: string[]) {
  const command = [process.execPath, bin, '--cwd', root, 'init', ...args].map(quote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: root,
    env: cliEnv({ SHELL: '/bin/bash' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let terminal = '';
  let asked = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    terminal += chunk.toString('utf8');
    const questions = terminal.split(']: ').length - 1;
    while (asked < questions) child.stdin.write(`${answers[asked++] ?? ''}\r`);
  });
  const result = await finished(child);
  child.stdin.end();
  return { ...result, terminal };
}

const packagedWorkflow = (name: string) =>
  readFileSync(path.join(repoRoot, '.github/workflows', name), 'utf8');

describe.concurrent('oc-sync init', { timeout: 30_000 }, () => {
  it('in an empty folder writes a config that validates, the .gitignore lines and both workflows', async () => {
    using project = makeProject();
    const result = await oc(project.root, ['init', '--yes']);
    expect(result.code, said(result)).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('created sync.config.yaml');
    expect(result.stdout).toContain('created .github/workflows/oc-sync-plan.yml');
    expect(result.stdout).toContain('created .github/workflows/oc-sync-apply.yml');
    expect(result.stdout).toContain('Next:\n  oc-sync validate');

    const config = parse(project.read('sync.config.yaml'));
    expect(config).toMatchObject({
      content: 'content',
      languages: ['ko'],
      timeZone: 'Asia/Seoul',
      defaultEnvironment: 'local',
      environments: { local: { emulator: true } },
    });
    expect(Object.keys(config.environments)).toEqual(['local']);
    expect(project.read('.gitignore').split('\n')).toEqual(
      expect.arrayContaining([
        '.oc-sync/cache/',
        '.oc-sync/emulator/',
        '.oc-sync/state/local.json',
        '.oc-sync/state/*.journal',
        '.oc-sync/state/*.lock',
        '.oc-sync/state/*.tmp',
      ]),
    );

    // The workflows are this repository's, with the Action taken from the installed package.
    for (const name of ['oc-sync-plan.yml', 'oc-sync-apply.yml']) {
      const written = project.read(`.github/workflows/${name}`);
      expect(written).not.toContain('uses: ./.github/actions/oc-sync');
      expect(written).toContain('uses: ./node_modules/oc-sync/.github/actions/oc-sync');
      const steps = Object.values(
        parse(written).jobs as Record<string, { steps: { uses?: string; run?: string }[] }>,
      )[0]?.steps;
      expect(steps?.slice(0, 4).map((s) => s.uses ?? s.run)).toEqual([
        'actions/checkout@v4',
        'actions/setup-node@v4',
        'npm ci',
        './node_modules/oc-sync/.github/actions/oc-sync',
      ]);
      expect(parse(written).on).toEqual(parse(packagedWorkflow(name)).on);
    }

    const validate = await oc(project.root, ['validate']);
    expect(validate).toMatchObject({ code: 0, stdout: 'no problems found\n' });
    const plan = await oc(project.root, ['plan']);
    expect(plan.code, said(plan)).toBe(0);
    expect(plan.stdout).toContain('oc-sync plan — environment local, service HelpCenter');
  });

  it('with flags adds the service as an environment whose keys are variables, never values', async () => {
    using project = makeProject();
    const result = await oc(project.root, [
      'init',
      '--base-url',
      'https://example.oc.nhncloud.com',
      '--service',
      'Docs_1',
      '--languages',
      'ko,en',
      '--time-zone',
      'Europe/Berlin',
    ]);
    expect(result.code, said(result)).toBe(0);
    const config = parse(project.read('sync.config.yaml'));
    expect(config).toMatchObject({
      languages: ['ko', 'en'],
      timeZone: 'Europe/Berlin',
      defaultEnvironment: 'local',
    });
    expect(config.environments.real).toEqual({
      baseUrl: 'https://example.oc.nhncloud.com',
      serviceId: 'Docs_1',
      orgId: '${OC_ORG_ID}',
      serviceKey: '${OC_SERVICE_KEY}',
      protected: true,
    });
    expect(result.stdout).toContain('oc-sync doctor --env real');
    expect((await oc(project.root, ['validate'])).code).toBe(0);
  });

  it('refuses a value the config would refuse, and writes nothing', async () => {
    using project = makeProject();
    const result = await oc(project.root, [
      'init',
      '--base-url',
      'http://example.com',
      '--time-zone',
      'Mars/Base',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[init/invalid-value]');
    expect(result.stderr).toContain('environments.real.baseUrl must be an https URL');
    expect(result.stderr).toContain('timeZone');
    expect(result.stderr).toContain('nothing was written');
    for (const file of ['sync.config.yaml', '.gitignore', '.github', 'content'])
      expect(project.exists(file)).toBe(false);
  });

  it('in a folder that has a config or a workflow names them, overwrites nothing and exits 1', async () => {
    using project = makeProject({
      'sync.config.yaml': 'languages: [ja]\n',
      '.github/workflows/oc-sync-apply.yml': 'name: ours\n',
      '.gitignore': 'node_modules\n',
    });
    const result = await oc(project.root, ['init', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'sync.config.yaml error sync.config.yaml already exists; init does not overwrite it [init/file-exists]',
    );
    expect(result.stderr).toContain('.github/workflows/oc-sync-apply.yml error');
    expect(result.stderr).toContain('rename or delete it and run oc-sync init again');
    expect(result.stderr).toContain(
      'oc-sync init wrote nothing: sync.config.yaml, .github/workflows/oc-sync-apply.yml are already there',
    );
    expect(project.read('sync.config.yaml')).toBe('languages: [ja]\n');
    expect(project.read('.github/workflows/oc-sync-apply.yml')).toBe('name: ours\n');
    expect(project.read('.gitignore')).toBe('node_modules\n');
    expect(project.exists('.github/workflows/oc-sync-plan.yml')).toBe(false);
    expect(project.exists('content')).toBe(false);
  });

  it('in an existing project keeps content/ and appends only the .gitignore lines it lacks', async () => {
    using project = makeProject({
      'content/faq/_categories.yaml': '- code: billing\n  name: { ko: 결제 }\n',
      '.gitignore': 'node_modules\n.oc-sync/cache/\n.oc-sync/state/*.lock',
    });
    const result = await oc(project.root, ['init', '--yes']);
    expect(result.code, said(result)).toBe(0);
    expect(result.stdout).not.toContain('created content/');
    expect(project.read('content/faq/_categories.yaml')).toBe('- code: billing\n  name: { ko: 결제 }\n');
    const lines = project.read('.gitignore').split('\n');
    expect(lines.slice(0, 3)).toEqual(['node_modules', '.oc-sync/cache/', '.oc-sync/state/*.lock']);
    expect(lines.filter((line) => line === '.oc-sync/cache/')).toHaveLength(1);
    expect(lines.filter((line) => line === '.oc-sync/state/*.lock')).toHaveLength(1);
    expect(lines).toContain('.oc-sync/emulator/');

    // Idempotent: with its files moved away, a second init adds nothing to .gitignore.
    const gitignore = project.read('.gitignore');
    project.remove('sync.config.yaml');
    project.remove('.github');
    const again = await oc(project.root, ['init', '--yes']);
    expect(again.code, said(again)).toBe(0);
    expect(again.stdout).toContain('.gitignore already has the lines oc-sync needs');
    expect(project.read('.gitignore')).toBe(gitignore);
  });

  it('on a terminal asks for each value, defaults in brackets', async () => {
    using project = makeProject();
    const run = await initOnTerminal(
      project.root,
      [],
      ['https://example.alpha-oc.toast.com', '', 'ko, en', ''],
    );
    expect(run.code, run.terminal).toBe(0);
    expect(run.terminal).toContain(
      'Open API host of the service (empty: only the embedded emulator, for now) []: ',
    );
    expect(run.terminal).toContain('Service ID [HelpCenter]: ');
    expect(run.terminal).toContain('Languages of the service, the default first [ko]: ');
    expect(run.terminal).toContain('Time zone of dates in front matter [Asia/Seoul]: ');
    const config = parse(project.read('sync.config.yaml'));
    expect(config).toMatchObject({ languages: ['ko', 'en'], timeZone: 'Asia/Seoul' });
    expect(config.environments.alpha).toEqual({
      baseUrl: 'https://example.alpha-oc.toast.com',
      serviceId: 'HelpCenter',
      orgId: '${OC_ORG_ID}',
      serviceKey: '${OC_SERVICE_KEY}',
    });
  });

  it('on a terminal asks only for what no flag gave; --yes asks nothing', async () => {
    using project = makeProject();
    const run = await initOnTerminal(project.root, ['--languages', 'en', '--time-zone', 'UTC'], ['']);
    expect(run.code, run.terminal).toBe(0);
    expect(run.terminal).toContain('Open API host of the service');
    expect(run.terminal).not.toContain('Languages of the service');
    expect(run.terminal).not.toContain('Service ID');
    expect(parse(project.read('sync.config.yaml'))).toMatchObject({ languages: ['en'], timeZone: 'UTC' });

    using quiet = makeProject();
    const yes = await initOnTerminal(quiet.root, ['--yes'], []);
    expect(yes.code, yes.terminal).toBe(0);
    expect(yes.terminal).not.toContain(']: ');
  });
});
