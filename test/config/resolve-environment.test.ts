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

  it('applies the OC_* overrides to the selected remote environment', async () => {
    const loaded = await load();
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
    });
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
        'OC_BASE_URL must be an https URL such as https://example.oc.nhncloud.com (http only for localhost or 127.0.0.1), got "ftp://example.com" (it overrides environments.alpha.baseUrl)',
      ],
      [
        10,
        'config/invalid-value',
        'OC_SERVICE_KEY must be a key without spaces, read from the environment (e.g. ${OC_SERVICE_KEY}), got (hidden) (it overrides environments.alpha.serviceKey)',
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
        'export REAL_ORG_ID=..., or set OC_ORG_ID, which overrides orgId in the selected environment',
      ],
      [
        16,
        'environments.real.serviceKey needs the environment variable REAL_SERVICE_KEY, which is not set',
        'export REAL_SERVICE_KEY=..., or set OC_SERVICE_KEY, which overrides serviceKey in the selected environment',
      ],
      [
        17,
        'environments.real.orgKey needs the environment variable REAL_ORG_KEY, which is not set',
        'export REAL_ORG_KEY=..., or set OC_ORG_KEY, which overrides orgKey in the selected environment',
      ],
    ]);
  });

  it('is satisfied by the override when the variable of the file is missing', async () => {
    const loaded = await load();
    const resolved = resolveEnvironment(loaded, {
      name: 'real',
      env: { OC_ORG_ID: 'o', OC_SERVICE_KEY: 'k', OC_ORG_KEY: 'ok' },
    });
    expect(resolved).toMatchObject({ orgId: 'o', serviceKey: 'k', orgKey: 'ok' });
  });

  it('leaves the environments that are not selected alone', async () => {
    const loaded = await load();
    expect(resolveEnvironment(loaded, { name: 'local', env: {} }).kind).toBe('emulator');
  });
});
