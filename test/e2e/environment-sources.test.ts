// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { KEY_VARIABLE, oc, repoRoot, SECRET_KEY, said } from './support/cli.js';
import {
  ENVIRONMENT,
  environmentsConfig,
  exampleProject,
  isWrite,
  makeProject,
  SERVICE_ID,
  startEmulator,
} from './support/project.js';

/**
 * Environment variables must never move a named environment: with OC_BASE_URL / OC_SERVICE_ID / OC_SERVICE_KEY
 * exported for another service (as a getting-started would have them), `plan` and `apply --env e2e` must refuse,
 * naming both values, and never reach the other service. plan, apply and doctor say where each value came from,
 * and a key never shows — also when variables are swapped in the config.
 */

describe.concurrent('OC_* variables and a named environment', { timeout: 45_000 }, () => {
  it('refuses to let OC_BASE_URL / OC_SERVICE_ID move a protected environment, for plan and apply', async () => {
    await using configured = await startEmulator();
    await using other = await startEmulator();
    using project = exampleProject(configured, { environment: { protected: true } });
    const exported = { OC_BASE_URL: other.url, OC_SERVICE_ID: SERVICE_ID, OC_SERVICE_KEY: SECRET_KEY };
    for (const args of [
      ['plan', '--env', ENVIRONMENT],
      ['apply', '--env', ENVIRONMENT, '--yes'],
    ]) {
      const refused = await oc(project.root, args, exported);
      expect(refused.code, said(refused)).toBe(1);
      expect(refused.stderr).toContain(
        `sync.config.yaml:8:5 error OC_BASE_URL is "${other.url}", but environments.e2e.baseUrl is "${configured.url}": the variable would silently move environment e2e onto another service [config/conflicting-override]`,
      );
      expect(refused.stderr).toContain('unset OC_BASE_URL to use e2e as configured');
      // OC_SERVICE_KEY holds the same key as the variable the config names: not a conflict, and never shown.
      expect(refused.stderr).not.toContain('OC_SERVICE_KEY holds another key');
    }
    expect(other.requests).toEqual([]);
    expect(configured.requests).toEqual([]);
  });

  it('follows the variables when the environment opts in, and says so', async () => {
    await using configured = await startEmulator();
    await using other = await startEmulator();
    using project = exampleProject(configured, { environment: { allowOverrides: true } });
    const applied = await oc(project.root, ['apply', '--env', ENVIRONMENT], { OC_BASE_URL: other.url });
    expect(applied.code, said(applied)).toBe(0);
    expect(applied.stdout).toContain('environment e2e (chosen by --env):');
    expect(applied.stdout).toContain(
      `base URL   ${other.url} from OC_BASE_URL, replacing sync.config.yaml:8 (allowOverrides)`,
    );
    expect(other.requests.filter(isWrite).length).toBeGreaterThan(0);
    expect(configured.requests).toEqual([]);
  });

  it('plan, apply and doctor say where the base URL, service and key came from, never the key', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    const expected = [
      'environment e2e (chosen by defaultEnvironment):',
      `  base URL   ${emulator.url} from sync.config.yaml:8`,
      `  service    ${SERVICE_ID} from sync.config.yaml:9`,
      '  orgId      from sync.config.yaml:10',
      `  serviceKey from \${${KEY_VARIABLE}} at sync.config.yaml:11`,
    ].join('\n');
    const plan = await oc(project.root, ['plan']);
    expect(plan.stdout).toContain(expected);
    const json = await oc(project.root, ['plan', '--json']);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
    expect(json.stderr).toContain(expected);
    const apply = await oc(project.root, ['apply']);
    expect(apply.stdout).toContain(expected);
    const doctor = await oc(project.root, ['doctor']);
    expect(doctor.stdout).toContain(expected.replaceAll(/^/gm, '  '));
  });
});

describe.concurrent('a key in the config or swapped variables', { timeout: 45_000 }, () => {
  it('prints the ${VAR} reference, never the key, for every command', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { environment: { baseUrl: `\${${KEY_VARIABLE}}` } });
    for (const args of [['validate'], ['plan'], ['apply'], ['doctor'], ['pull', '--into', 'pulled']]) {
      // `oc` fails the test if the key appears in anything printed.
      const run = await oc(project.root, args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(said(run), args.join(' ')).toContain(
        `environments.e2e.baseUrl must be an https URL such as https://example.oc.nhncloud.com (http only for localhost or 127.0.0.1), got "\${${KEY_VARIABLE}}" (the variable's value is not shown)`,
      );
    }
    const action = await oc(project.root, ['action'], {
      INPUT_COMMAND: 'plan',
      INPUT_ENVIRONMENT: ENVIRONMENT,
    });
    expect(action.code).toBe(1);
    expect(action.stdout + action.stderr).toContain(`got "\${${KEY_VARIABLE}}"`);
  });

  it('refuses a key written in the config, positioned, with the fix', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator, { environment: { serviceKey: SECRET_KEY } });
    project.write(
      'sync.config.yaml',
      project.read('sync.config.yaml').replace(`"${SECRET_KEY}"`, 'sk-literal-0000'),
    );
    const run = await oc(project.root, ['plan']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'sync.config.yaml:11:17 error environments.e2e.serviceKey must be a variable reference such as ${OC_SERVICE_KEY}: keys are never written in the config file [config/secret-in-file]',
    );
    expect(run.stderr).not.toContain('sk-literal-0000');
    expect(emulator.requests).toEqual([]);
  });
});

const REAL_KEY = 'real-SECRET-0c8e41f7a9d2';
const ALPHA_KEY = 'alpha-SECRET-5b6f03e9c174';

function serviceWithKey(serviceKey: string): Promise<Emulator> {
  return startEmulator({
    services: [{ serviceId: SERVICE_ID, serviceKey, languages: ['ko', 'en'], timeZone: 'Asia/Seoul' }],
  });
}

const faqTitles = (emulator: Emulator) =>
  emulator
    .service()
    .list('faq')
    .map((record) => String(record.title))
    .sort();

describe.concurrent('two environments and the generic OC_* variables', { timeout: 90_000 }, () => {
  it('migrates real → alpha with real on ${OC_SERVICE_KEY} and alpha on ${OC_ALPHA_KEY}, both exported', async () => {
    await using real = await serviceWithKey(REAL_KEY);
    await using alpha = await serviceWithKey(ALPHA_KEY);
    using project = makeProject({
      'sync.config.yaml': environmentsConfig({
        real: { emulator: real, serviceKey: '${OC_SERVICE_KEY}' },
        alpha: { emulator: alpha, serviceKey: '${OC_ALPHA_KEY}' },
      }),
    });
    cpSync(path.join(repoRoot, 'content'), path.join(project.root, 'content'), { recursive: true });
    const keys = { OC_SERVICE_KEY: REAL_KEY, OC_ALPHA_KEY: ALPHA_KEY };
    const applied = await oc(project.root, ['apply', '--env', 'real', '--yes'], keys);
    expect(applied.code, said(applied)).toBe(0);
    const realTitles = faqTitles(real);
    expect(realTitles.length).toBeGreaterThan(0);
    const realWrites = real.requests.filter(isWrite).length;

    const planned = await oc(project.root, ['plan', '--env', 'alpha'], keys);
    expect(planned.code, said(planned)).toBe(0);
    expect(planned.stdout).toContain(
      '  serviceKey from ${OC_ALPHA_KEY} at sync.config.yaml:15; OC_SERVICE_KEY ignored',
    );
    const migrated = await oc(project.root, ['migrate', '--from', 'real', '--to', 'alpha', '--yes'], keys);
    expect(migrated.code, said(migrated)).toBe(0);
    for (const run of [applied, planned, migrated]) {
      expect(said(run)).not.toContain(REAL_KEY);
      expect(said(run)).not.toContain(ALPHA_KEY);
    }
    // Each service answered to its own key (the emulators check every signature) and holds its own copy.
    expect(faqTitles(alpha)).toEqual(realTitles);
    expect(alpha.requests.filter(isWrite).length).toBeGreaterThan(0);
    expect(real.requests.filter(isWrite).length).toBe(realWrites);
    expect(faqTitles(real)).toEqual(realTitles);
  });

  it('fills a baseUrl the environment leaves out from OC_BASE_URL, and names both when neither is there', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    project.write(
      'sync.config.yaml',
      project.read('sync.config.yaml').replace(`    baseUrl: "${emulator.url}"\n`, ''),
    );
    const planned = await oc(project.root, ['plan', '--env', ENVIRONMENT], { OC_BASE_URL: emulator.url });
    expect(planned.code, said(planned)).toBe(0);
    expect(planned.stdout).toContain(`  base URL   ${emulator.url} from OC_BASE_URL`);
    expect(emulator.requests.length).toBeGreaterThan(0);

    const refused = await oc(project.root, ['plan', '--env', ENVIRONMENT]);
    expect(refused.code, said(refused)).toBe(1);
    expect(refused.stderr).toContain(
      'sync.config.yaml:7:3 error environments.e2e.baseUrl is not in the config, and OC_BASE_URL, which fills it then, is not set [config/missing-key]',
    );
    expect(refused.stderr).toContain('export OC_BASE_URL=... before running oc-sync');
  });
});
