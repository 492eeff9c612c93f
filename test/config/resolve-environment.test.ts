// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveEnvironment } from '../../src/config/load.js';
import { project, userInputError, visibleText } from './helpers.js';

const config = [
  'languages: [ko, en]', // 1
  'defaultEnvironment: local', // 2
  'documentUrl: "https://help.example.com/{kind}/{id}"', // 3
  'environments:', // 4
  '  local: { emulator: true, port: 0 }', // 5
  '  alpha:', // 6
  '    baseUrl: https://example.alpha-oc.toast.com/', // 7
  '    serviceId: ${ALPHA_SERVICE:-HelpCenter}', // 8
  '    orgId: ${OC_ORG_ID}', // 9
  '    serviceKey: ${OC_SERVICE_KEY}', // 10
  '    attachmentUrl: "{baseUrl}/files/{kind}/{id}"', // 11
  '  real:', // 12
  '    baseUrl: https://example.oc.toast.com', // 13
  '    serviceId: HelpCenter', // 14
  '    orgId: ${REAL_ORG_ID}', // 15
  '    serviceKey: ${REAL_SERVICE_KEY}', // 16
  '    orgKey: ${REAL_ORG_KEY}', // 17
  '    timeoutMs: 5000', // 18
  '    protected: true', // 19
].join('\n');

async function load(env: NodeJS.ProcessEnv = {}) {
  return loadConfig({ cwd: await project(config), env });
}

describe('resolveEnvironment', () => {
  it('picks defaultEnvironment and resolves the emulator with an absolute data folder', async () => {
    const loaded = await load();
    expect(resolveEnvironment(loaded, { env: {} })).toEqual({
      name: 'local',
      selectedBy: 'defaultEnvironment',
      kind: 'emulator',
      protected: false,
      serviceId: 'HelpCenter',
      dataDir: path.join(loaded.root, '.oc-sync/emulator'),
      ignoredOverrides: [],
      port: 0,
      languages: ['ko', 'en'],
      timeZone: 'Asia/Seoul',
      attachmentUrl: '{baseUrl}/{serviceId}/openapi/v2/attachments/{kind}/{id}',
      documentUrl: 'https://help.example.com/{kind}/{id}',
    });
  });

  it('interpolates ${VAR} and ${VAR:-default} and prefers the environment template', async () => {
    const loaded = await load({ OC_ORG_ID: 'Tq7bK2xPz9LmW4sV', OC_SERVICE_KEY: 'alpha-secret' });
    expect(resolveEnvironment(loaded, { name: 'alpha', env: {} })).toEqual({
      name: 'alpha',
      selectedBy: 'name',
      kind: 'remote',
      protected: false,
      baseUrl: 'https://example.alpha-oc.toast.com',
      serviceId: 'HelpCenter',
      orgId: 'Tq7bK2xPz9LmW4sV',
      serviceKey: 'alpha-secret',
      sources: {
        baseUrl: 'sync.config.yaml:7',
        serviceId: '${ALPHA_SERVICE:-HelpCenter} at sync.config.yaml:8',
        orgId: '${OC_ORG_ID} at sync.config.yaml:9',
        serviceKey: '${OC_SERVICE_KEY} at sync.config.yaml:10',
      },
      languages: ['ko', 'en'],
      timeZone: 'Asia/Seoul',
      attachmentUrl: '{baseUrl}/files/{kind}/{id}',
      documentUrl: 'https://help.example.com/{kind}/{id}',
    });
  });

  it('uses the variable over the :-default when it is set, and treats empty as unset', async () => {
    const set = await load({ ALPHA_SERVICE: 'Docs', OC_ORG_ID: 'o', OC_SERVICE_KEY: 'k' });
    expect(resolveEnvironment(set, { name: 'alpha', env: {} }).serviceId).toBe('Docs');
    const empty = await load({ ALPHA_SERVICE: '', OC_ORG_ID: 'o', OC_SERVICE_KEY: '' });
    expect(empty.unresolved).toEqual([
      { path: ['environments', 'alpha', 'serviceKey'], variables: ['OC_SERVICE_KEY'], line: 10, column: 17 },
      { path: ['environments', 'real', 'orgId'], variables: ['REAL_ORG_ID'], line: 15, column: 12 },
      { path: ['environments', 'real', 'serviceKey'], variables: ['REAL_SERVICE_KEY'], line: 16, column: 17 },
      { path: ['environments', 'real', 'orgKey'], variables: ['REAL_ORG_KEY'], line: 17, column: 13 },
    ]);
  });

  it('takes OC_ENV when no name is given, and the name over OC_ENV', async () => {
    const loaded = await load({ OC_ORG_ID: 'o', OC_SERVICE_KEY: 'k' });
    expect(resolveEnvironment(loaded, { env: { OC_ENV: 'alpha' } })).toMatchObject({
      name: 'alpha',
      selectedBy: 'OC_ENV',
    });
    expect(resolveEnvironment(loaded, { name: 'local', env: { OC_ENV: 'alpha' } }).name).toBe('local');
  });

  it('never lets OC_* move a named environment: a value that differs from the config is an error naming both', async () => {
    const loaded = await load({
      REAL_ORG_ID: 'real-org',
      REAL_SERVICE_KEY: 'real-key-123456',
      REAL_ORG_KEY: 'real-org-key-1',
    });
    const error = await userInputError(() =>
      resolveEnvironment(loaded, {
        name: 'real',
        env: {
          OC_BASE_URL: 'https://other.oc.toast.com',
          OC_SERVICE_ID: 'Other',
          OC_SERVICE_KEY: 'alpha-key-654321',
          REAL_ORG_ID: 'real-org',
          REAL_SERVICE_KEY: 'real-key-123456',
        },
      }),
    );
    // OC_SERVICE_KEY is not among them: real names its own key variable, which is the key's only source.
    expect(error.message).toBe('Cannot use environment "real": 2 problems');
    expect(error.diagnostics.map((d) => [d.line, d.rule, d.message])).toEqual([
      [
        13,
        'config/conflicting-override',
        'OC_BASE_URL is "https://other.oc.toast.com", but environments.real.baseUrl is "https://example.oc.toast.com": the variable would silently move environment real onto another service',
      ],
      [
        14,
        'config/conflicting-override',
        'OC_SERVICE_ID is "Other", but environments.real.serviceId is "HelpCenter": the variable would silently move environment real onto another service',
      ],
    ]);
    expect(error.diagnostics[0]?.hint).toBe(
      'unset OC_BASE_URL to use real as configured; to take the value from the variable, write baseUrl: ${OC_BASE_URL} in sync.config.yaml, or set allowOverrides: true under environments.real',
    );
    expect(visibleText(error)).not.toContain('key-');
  });

  it('lets OC_* fill what the environment leaves to an unset variable, and says where each value came from', async () => {
    const loaded = await load({ REAL_SERVICE_KEY: 'real-key-123456', REAL_ORG_KEY: 'real-org-key-1' });
    const resolved = resolveEnvironment(loaded, {
      name: 'real',
      env: {
        OC_ORG_ID: 'org-from-ci',
        OC_ORG_KEY: 'org-key-from-ci',
        OC_BASE_URL: 'https://example.oc.toast.com',
      },
    });
    expect(resolved).toMatchObject({
      baseUrl: 'https://example.oc.toast.com',
      orgId: 'org-from-ci',
      serviceKey: 'real-key-123456',
      orgKey: 'real-org-key-1',
      sources: {
        baseUrl: 'sync.config.yaml:13; OC_BASE_URL agrees',
        serviceId: 'sync.config.yaml:14',
        orgId: 'OC_ORG_ID, filling ${REAL_ORG_ID} at sync.config.yaml:15, which is not set',
        serviceKey: '${REAL_SERVICE_KEY} at sync.config.yaml:16',
        orgKey: '${REAL_ORG_KEY} at sync.config.yaml:17; OC_ORG_KEY ignored',
      },
    });
    expect(JSON.stringify((resolved as { sources: object }).sources)).not.toContain('key-');
  });

  it('applies the OC_* overrides over the config when the environment opts in with allowOverrides', async () => {
    const loaded = await loadConfig({
      cwd: await project(
        config.replace('    protected: true', '    protected: true\n    allowOverrides: true'),
      ),
      env: {},
    });
    const resolved = resolveEnvironment(loaded, {
      name: 'real',
      env: {
        OC_BASE_URL: 'http://127.0.0.1:8080/',
        OC_SERVICE_ID: 'Other',
        OC_ORG_ID: 'org-from-ci',
        OC_SERVICE_KEY: 'service-from-ci',
        OC_ORG_KEY: 'org-key-from-ci',
      },
    });
    expect(resolved).toMatchObject({
      kind: 'remote',
      protected: true,
      baseUrl: 'http://127.0.0.1:8080',
      serviceId: 'Other',
      orgId: 'org-from-ci',
      serviceKey: 'service-from-ci',
      orgKey: 'org-key-from-ci',
      timeoutMs: 5000,
      sources: {
        baseUrl: 'OC_BASE_URL, replacing sync.config.yaml:13 (allowOverrides)',
        serviceId: 'OC_SERVICE_ID, replacing sync.config.yaml:14 (allowOverrides)',
      },
    });
  });

  it('refuses a key that ended up in a URL or id (variables swapped), without showing it', async () => {
    const cwd = await project(
      'defaultEnvironment: alpha\nenvironments:\n  alpha:\n    baseUrl: https://x.test\n    serviceId: ${OC_SERVICE_KEY}\n    orgId: O\n    serviceKey: ${OC_SERVICE_ID}\n',
    );
    const env = { OC_SERVICE_KEY: 'sk_live_7f3a9c1e55', OC_SERVICE_ID: 'sk_live_7f3a9c1e55' };
    const loaded = await loadConfig({ cwd, env });
    const error = await userInputError(() => resolveEnvironment(loaded, { env }));
    expect(error.diagnostics.map((d) => [d.line, d.rule, d.message])).toEqual([
      [
        5,
        'config/key-in-value',
        'environments.alpha.serviceId holds the value of serviceKey (not shown): serviceId is printed and sent in every request path, a key never may be',
      ],
    ]);
    expect(visibleText(error)).not.toContain('sk_live');
  });

  it('does not apply the overrides to the emulator', async () => {
    const loaded = await load();
    const resolved = resolveEnvironment(loaded, {
      env: { OC_SERVICE_ID: 'Other', OC_BASE_URL: 'https://x.test' },
    });
    expect(resolved).toMatchObject({ kind: 'emulator', serviceId: 'HelpCenter' });
  });

  it('refuses an invalid override, without showing a secret', async () => {
    const loaded = await load({ OC_ORG_ID: 'o' });
    const error = await userInputError(() =>
      resolveEnvironment(loaded, {
        name: 'alpha',
        env: { OC_BASE_URL: 'ftp://example.com', OC_SERVICE_KEY: 'has spaces in-it' },
      }),
    );
    expect(error.diagnostics.map((d) => [d.line, d.rule, d.message])).toEqual([
      [
        7,
        'config/invalid-value',
        'OC_BASE_URL must be an https URL such as https://example.oc.nhncloud.com (http only for localhost or 127.0.0.1); its value is not that, and is not shown (it overrides environments.alpha.baseUrl)',
      ],
      [
        10,
        'config/invalid-value',
        'OC_SERVICE_KEY must be a key without spaces, read from the environment (e.g. ${OC_SERVICE_KEY}); its value is not that, and is not shown (it overrides environments.alpha.serviceKey)',
      ],
    ]);
    expect(visibleText(error)).not.toContain('has spaces in-it');
  });

  it('lists the known environments and suggests the closest for an unknown name', async () => {
    const loaded = await load();
    const error = await userInputError(() => resolveEnvironment(loaded, { env: { OC_ENV: 'alhpa' } }));
    expect(error.diagnostics).toEqual([
      {
        file: 'sync.config.yaml',
        line: 4,
        column: 1,
        severity: 'error',
        rule: 'config/unknown-environment',
        message: 'there is no environment "alhpa" (from OC_ENV); known: local, alpha, real',
        hint: 'did you mean alpha?',
      },
    ]);
    const unrelated = await userInputError(() => resolveEnvironment(loaded, { name: 'production', env: {} }));
    expect(unrelated.diagnostics[0]?.hint).toBe(
      'choose one of local, alpha, real, or add environments.production to sync.config.yaml',
    );
    // Names that exist on every object are not environments.
    await userInputError(() => resolveEnvironment(loaded, { name: 'constructor', env: {} }));
  });

  it('names the missing variable, the key and the line, and how to set it', async () => {
    const loaded = await load({ OC_ORG_ID: 'o' });
    const error = await userInputError(() => resolveEnvironment(loaded, { name: 'alpha', env: {} }));
    expect(error.message).toBe('Cannot use environment "alpha": 1 problem');
    expect(error.diagnostics).toEqual([
      {
        file: 'sync.config.yaml',
        line: 10,
        column: 17,
        severity: 'error',
        rule: 'config/missing-variable',
        message:
          'environments.alpha.serviceKey needs the environment variable OC_SERVICE_KEY, which is not set',
        hint: 'export OC_SERVICE_KEY=... before running oc-sync (in CI, pass it from a secret)',
      },
    ]);
  });

  it('reports every missing variable of the environment and mentions the OC_* override', async () => {
    const loaded = await load();
    const error = await userInputError(() => resolveEnvironment(loaded, { name: 'real', env: {} }));
    expect(error.diagnostics.map((d) => [d.line, d.message, d.hint])).toEqual([
      [
        15,
        'environments.real.orgId needs the environment variable REAL_ORG_ID, which is not set',
        'export REAL_ORG_ID=..., or set OC_ORG_ID, which fills orgId when its variable is not set',
      ],
      [
        16,
        'environments.real.serviceKey needs the environment variable REAL_SERVICE_KEY, which is not set',
        'export REAL_SERVICE_KEY=... before running oc-sync (in CI, pass it from a secret)',
      ],
      [
        17,
        'environments.real.orgKey needs the environment variable REAL_ORG_KEY, which is not set',
        'export REAL_ORG_KEY=... before running oc-sync (in CI, pass it from a secret)',
      ],
    ]);
  });

  it('fills an id whose variable is missing, but never a key the environment names its own variable for', async () => {
    const loaded = await load();
    const error = await userInputError(() =>
      resolveEnvironment(loaded, {
        name: 'real',
        env: { OC_ORG_ID: 'o', OC_SERVICE_KEY: 'alpha-key-654321', OC_ORG_KEY: 'alpha-org-key' },
      }),
    );
    expect(error.diagnostics.map((d) => [d.line, d.rule, d.message, d.hint])).toEqual([
      [
        16,
        'config/missing-variable',
        'environments.real.serviceKey needs the environment variable REAL_SERVICE_KEY, which is not set',
        'export REAL_SERVICE_KEY=... before running oc-sync (in CI, pass it from a secret); OC_SERVICE_KEY is set but does not fill it: a key named by its own variable comes from that variable only',
      ],
      [
        17,
        'config/missing-variable',
        'environments.real.orgKey needs the environment variable REAL_ORG_KEY, which is not set',
        'export REAL_ORG_KEY=... before running oc-sync (in CI, pass it from a secret); OC_ORG_KEY is set but does not fill it: a key named by its own variable comes from that variable only',
      ],
    ]);
    expect(visibleText(error)).not.toContain('key-');
  });

  it('gives each environment the key of its own variable while OC_SERVICE_KEY holds another (migrate real → alpha)', async () => {
    const env = { OC_SERVICE_KEY: 'alpha-key-654321', REAL_ORG_ID: 'o', REAL_SERVICE_KEY: 'real-key-123456' };
    const loaded = await load({ ...env, REAL_ORG_KEY: 'real-org-key-1' });
    const real = resolveEnvironment(loaded, { name: 'real', env });
    expect(real).toMatchObject({
      serviceKey: 'real-key-123456',
      sources: { serviceKey: '${REAL_SERVICE_KEY} at sync.config.yaml:16; OC_SERVICE_KEY ignored' },
    });
  });

  it('lets a set ${VAR} reference win over OC_SERVICE_ID, but keeps the conflict for a :-default the file spells out', async () => {
    const env = { OC_ORG_ID: 'o', OC_SERVICE_KEY: 'alpha-key-654321', OC_SERVICE_ID: 'Other' };
    const referenced = await load({ ...env, ALPHA_SERVICE: 'AlphaHelp' });
    expect(resolveEnvironment(referenced, { name: 'alpha', env })).toMatchObject({
      serviceId: 'AlphaHelp',
      sources: { serviceId: '${ALPHA_SERVICE:-HelpCenter} at sync.config.yaml:8; OC_SERVICE_ID ignored' },
    });
    const defaulted = await load(env);
    const error = await userInputError(() => resolveEnvironment(defaulted, { name: 'alpha', env }));
    expect(error.diagnostics.map((d) => [d.line, d.rule, d.message])).toEqual([
      [
        8,
        'config/conflicting-override',
        'OC_SERVICE_ID is "Other", but environments.alpha.serviceId is ${ALPHA_SERVICE:-HelpCenter}: the variable would silently move environment alpha onto another service',
      ],
    ]);
  });

  it('fills every connection value an environment leaves out from its OC_* variable', async () => {
    const cwd = await project('defaultEnvironment: alpha\nenvironments:\n  alpha:\n    protected: false\n');
    const env = {
      OC_BASE_URL: 'http://127.0.0.1:8080/',
      OC_SERVICE_ID: 'HelpCenter',
      OC_ORG_ID: 'o',
      OC_SERVICE_KEY: 'ci-key-123456',
      OC_ORG_KEY: 'ci-org-key-1',
    };
    const resolved = resolveEnvironment(await loadConfig({ cwd, env }), { env });
    expect(resolved).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080',
      serviceId: 'HelpCenter',
      orgId: 'o',
      serviceKey: 'ci-key-123456',
      orgKey: 'ci-org-key-1',
      sources: {
        baseUrl: 'OC_BASE_URL',
        serviceId: 'OC_SERVICE_ID',
        orgId: 'OC_ORG_ID',
        serviceKey: 'OC_SERVICE_KEY',
        orgKey: 'OC_ORG_KEY',
      },
    });
  });

  it('leaves the environments that are not selected alone', async () => {
    const loaded = await load();
    expect(resolveEnvironment(loaded, { name: 'local', env: {} }).kind).toBe('emulator');
  });
});
