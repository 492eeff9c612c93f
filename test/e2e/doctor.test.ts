// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { oc, SECRET_KEY } from './support/cli.js';
import { exampleProject, makeProject, ORG_ID, startEmulator } from './support/project.js';

/** `oc-sync doctor` (DESIGN §3) against the embedded emulator and a remote one, right and wrong. */
describe.concurrent('oc-sync doctor', { timeout: 30_000 }, () => {
  it('passes every check on the embedded emulator, including the organization-level ones', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { top: '' });
    project.write(
      'sync.config.yaml',
      'languages: [ko, en]\ndefaultEnvironment: local\nenvironments:\n  local: { emulator: true, dataDir: .oc-sync/emulator }\n',
    );
    const result = await oc(project.root, ['doctor']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ signed call: orgId and service key sign correctly');
    expect(result.stdout).toContain('✓ clock: local clock agrees with the server');
    expect(result.stdout).toContain('✓ service status: service HelpCenter');
    expect(result.stdout).toContain('✓ languages: service languages match the config: ko, en');
    expect(result.stdout).toContain('all checks passed');
  });

  it('on a remote environment without an organization key, skips the service checks and says how to enable them', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    const result = await oc(project.root, ['doctor']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ signed call');
    expect(result.stdout).toContain('- service settings: no organization key configured');
    expect(result.stdout).toContain('set orgKey (or OC_ORG_KEY)');
  });

  it('fails clearly on a wrong key or orgId, and never prints the key', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { environment: { orgId: `${ORG_ID}x` } });
    const result = await oc(project.root, ['doctor']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ signed call');
    expect(result.stdout).toContain('Authorization is incorrect');
    expect(result.stdout).toContain('check orgId and the key for this environment');
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET_KEY);
  });

  it('reports languages the service does not have', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, {
      languages: ['ko', 'ja'],
      // Keys never live in the file: the organization key comes from a variable as well.
      environment: { orgKey: '${OC_E2E_ORG_KEY}' },
    });
    const result = await oc(project.root, ['doctor'], { OC_E2E_ORG_KEY: emulator.orgKey });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ languages: not on the service: ja');
  });

  it('without sync.config.yaml fails, says where it looked, and creates nothing', async () => {
    using project = makeProject();
    const result = await oc(project.root, ['doctor']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `no sync.config.yaml found (looked in ${project.root}, ${path.dirname(project.root)},`,
    );
    expect(result.stderr).toContain('[config/not-found]');
    expect(result.stderr).toContain('--config <file>');
    expect(result.stdout).not.toContain('all checks passed');
    expect(project.exists('.oc-sync')).toBe(false);
  });

  it('fails the organization key check on a wrong key, naming its variable, never its value', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { environment: { orgKey: '${OC_E2E_ORG_KEY}' } });
    const wrong = 'wrong-ORG-key-5d1c8e';
    const result = await oc(project.root, ['doctor'], { OC_E2E_ORG_KEY: wrong });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✓ signed call');
    expect(result.stdout).toContain(
      '✗ organization key: the service does not accept the organization key from ${OC_E2E_ORG_KEY}',
    );
    expect(result.stdout).toContain(
      'put the current organization key of E2eOrg0001 into OC_E2E_ORG_KEY (OC Global Management',
    );
    expect(result.stdout).not.toContain('all checks passed');
    expect(`${result.stdout}${result.stderr}`).not.toContain(wrong);
  });

  it('reports a clock 10 minutes behind the server once, in minutes, with what to do', async () => {
    await using emulator = await startEmulator({ now: () => Date.now() + 10 * 60_000 });
    using project = exampleProject(emulator);
    const result = await oc(project.root, ['doctor']);
    expect(result.stdout).toContain('✓ signed call');
    expect(result.stdout).toMatch(
      // The Date header is cut to the second: a reading can land a second short.
      /! clock: local clock is (10 min|9 min 59 s) behind the server: more than the 5 minutes a signature is valid/,
    );
    expect(result.stdout).toContain('sync the clock');
  });
});
