// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveEnvironment } from '../../src/config/load.js';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { project, userInputError } from './helpers.js';

/** Loads `text` as the project's config and returns the diagnostics it fails with. */
async function problems(text: string) {
  const cwd = await project(text);
  const error = await userInputError(() => loadConfig({ cwd, env: {} }));
  return error.diagnostics;
}

describe('config errors', () => {
  it('names an unknown key at its line and column, with a did-you-mean', async () => {
    const diagnostics = await problems('content: content\nsync:\n  concurency: 8\n');
    expect(diagnostics).toEqual([
      {
        file: 'sync.config.yaml',
        line: 3,
        column: 3,
        severity: 'error',
        rule: 'config/unknown-key',
        message: 'sync.concurency is not a known key',
        hint: 'did you mean concurrency?',
      },
    ]);
  });

  it('a top-level key that belongs under sync: says so; a value close to an accepted one is suggested', async () => {
    const diagnostics = await problems('content: content\nprunee: true\nsync:\n  onDrift: Skip\n');
    expect(diagnostics.map((d) => [d.line, d.rule, d.message, d.hint])).toEqual([
      [2, 'config/unknown-key', 'prunee is not a known key', 'did you mean sync.prune (under sync:)?'],
      [
        4,
        'config/invalid-value',
        'sync.onDrift must be one of skip, fail, overwrite, got "Skip"',
        'did you mean skip?',
      ],
    ]);
  });

  it('suggests keys of the environment kind at hand, or lists them when nothing is close', async () => {
    const diagnostics = await problems(
      [
        'environments:',
        '  alpha:',
        '    baseUrl: https://example.oc.nhncloud.com',
        '    serviceId: HelpCenter',
        '    orgId: org',
        '    servceKey: ${OC_SERVICE_KEY}',
        '    serviceKey: ${OC_SERVICE_KEY}',
        '  local: { emulator: true, colour: blue }',
        'defaultEnvironment: local',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 6,
        column: 5,
        message: 'environments.alpha.servceKey is not a known key',
        hint: 'did you mean serviceKey?',
      }),
      expect.objectContaining({
        line: 8,
        column: 28,
        message: 'environments.local.colour is not a known key',
        hint: 'known keys here: emulator, protected, port, dataDir, serviceId, attachmentUrl, documentUrl',
      }),
    ]);
  });

  it('names the key, the expected value, what was found and the line for a wrong type', async () => {
    const diagnostics = await problems(
      'languages: [ko, en]\nsync:\n  concurrency: four\n  onDrift: ignore\n  prune: yes\n  requestsPerSecond: 0\n',
    );
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'sync.config.yaml:3:16 error sync.concurrency must be an integer from 1 to 32, got "four" [config/invalid-value]',
      'sync.config.yaml:4:12 error sync.onDrift must be one of skip, fail, overwrite, got "ignore" [config/invalid-value]',
      'sync.config.yaml:5:10 error sync.prune must be true or false, got "yes" [config/invalid-value]',
      'sync.config.yaml:6:22 error sync.requestsPerSecond must be a number greater than 0, got 0 [config/invalid-value]',
    ]);
  });

  it('checks ranges, language codes, time zones and URL templates', async () => {
    const diagnostics = await problems(
      [
        'languages: [ko, en-US, ko]',
        'timeZone: Asia/Seol',
        'attachmentUrl: "{baseUrl}/files/{slug}"',
        'documentUrl: "{baseUrl}/hc/{kind}"',
        'sync: { concurrency: 40, retries: -1 }',
      ].join('\n'),
    );
    expect(diagnostics.map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
      [1, 17, 'languages[1] must be a language code of up to 6 letters, got "en-US"', undefined],
      [1, 24, 'languages[2] must be a language not listed before, got "ko"', 'remove the second ko'],
      [2, 11, 'timeZone must be an IANA time zone such as Asia/Seoul, got "Asia/Seol"', undefined],
      [
        3,
        16,
        'attachmentUrl must be a URL template using only {baseUrl}, {serviceId}, {kind}, {id}, with {id}, got "{baseUrl}/files/{slug}"',
        '{slug} is not a placeholder',
      ],
      [
        4,
        14,
        'documentUrl must be a URL template using only {baseUrl}, {serviceId}, {kind}, {id}, with {id}, got "{baseUrl}/hc/{kind}"',
        'without {id} every link would point at the same address',
      ],
      [5, 22, 'sync.concurrency must be an integer from 1 to 32, got 40', undefined],
      [5, 35, 'sync.retries must be an integer from 0 to 10, got -1', undefined],
    ]);
  });

  it('refuses plain http except on the local machine', async () => {
    const remote = (baseUrl: string) =>
      `environments:\n  x:\n    baseUrl: ${baseUrl}\n    serviceId: S\n    orgId: O\n    serviceKey: \${K}\ndefaultEnvironment: x\n`;
    const diagnostics = await problems(remote('http://example.oc.nhncloud.com'));
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 3,
        column: 14,
        message:
          'environments.x.baseUrl must be an https URL such as https://example.oc.nhncloud.com (http only for localhost or 127.0.0.1), got "http://example.oc.nhncloud.com"',
      }),
    ]);
    for (const allowed of [
      'http://127.0.0.1:8080',
      'http://localhost:3000',
      'https://example.oc.nhncloud.com/',
    ]) {
      await expect(loadConfig({ cwd: await project(remote(allowed)), env: {} })).resolves.toBeDefined();
    }
  });

  it('says which keys a remote environment is missing and which variable would fill each, at the environment', async () => {
    const cwd = await project(
      'defaultEnvironment: alpha\nenvironments:\n  alpha:\n    baseUrl: https://example.oc.nhncloud.com\n',
    );
    // validate must work without secrets: left-out values are filled from OC_* when the environment is used.
    const loaded = await loadConfig({ cwd, env: {} });
    const error = await userInputError(() => resolveEnvironment(loaded, { env: {} }));
    expect(error.diagnostics.map((d) => [d.line, d.column, d.rule, d.message])).toEqual([
      [
        3,
        3,
        'config/missing-key',
        'environments.alpha.serviceId is not in the config, and OC_SERVICE_ID, which fills it then, is not set',
      ],
      [
        3,
        3,
        'config/missing-key',
        'environments.alpha.orgId is not in the config, and OC_ORG_ID, which fills it then, is not set',
      ],
      [
        3,
        3,
        'config/missing-key',
        'environments.alpha.serviceKey is not in the config, and OC_SERVICE_KEY, which fills it then, is not set',
      ],
    ]);
    expect(error.diagnostics[0]?.hint).toBe(
      'export OC_SERVICE_ID=... before running oc-sync (in CI, from a secret), or write serviceId: ... under environments.alpha in sync.config.yaml',
    );
  });

  it('explains an emulator flag that is neither true nor absent, and bad environment names', async () => {
    const diagnostics = await problems(
      'environments:\n  local: { emulator: "yes" }\n  "my env": { emulator: true }\n',
    );
    expect(diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [
        2,
        22,
        'environments.local.emulator must be true (the local emulator) or left out (a remote service), got "yes"',
      ],
      [
        3,
        3,
        'environments has the name "my env"; names must be letters, digits, _ and -, starting with a letter or digit',
      ],
    ]);
  });

  it('reports YAML syntax errors with their position and checks nothing else', async () => {
    const diagnostics = await problems('content: content\nsync: { concurrency: 4\nlanguages: [ko]\nfoo: 1\n');
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.rule === 'config/yaml-syntax')).toBe(true);
    expect(diagnostics[0]).toMatchObject({ file: 'sync.config.yaml', line: 3, column: 1, severity: 'error' });
    expect(diagnostics[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it('reports a wrongly indented key where it is', async () => {
    const diagnostics = await problems('content: content\nlanguages: [ko]\n  timeZone: Asia/Seoul\n');
    expect(diagnostics[0]).toMatchObject({ rule: 'config/yaml-syntax', line: 3 });
  });

  it('rejects duplicate keys, naming the first occurrence', async () => {
    const diagnostics = await problems('sync:\n  concurrency: 4\n  prune: true\n  concurrency: 8\n');
    expect(diagnostics).toEqual([
      {
        file: 'sync.config.yaml',
        line: 4,
        column: 3,
        severity: 'error',
        rule: 'config/duplicate-key',
        message: 'sync.concurrency is set twice (first on line 2)',
        hint: 'keep one of them: YAML would silently use the last one',
      },
    ]);
  });

  it('reports several problems in one error, in file order', async () => {
    const cwd = await project(
      [
        'contnt: docs',
        'languages: []',
        'timeZone: 9',
        'sync:',
        '  maxDeletes: lots',
        '  prune: true',
        '  prune: false',
        'defaultEnvironment: prod',
      ].join('\n'),
    );
    const error = await userInputError(() => loadConfig({ cwd, env: {} }));
    expect(error.message).toBe('sync.config.yaml: 6 problems in the config');
    expect(error.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([
      '1:1 config/unknown-key',
      '2:12 config/invalid-value',
      '3:11 config/invalid-value',
      '5:15 config/invalid-value',
      '7:3 config/duplicate-key',
      '8:21 config/unknown-environment',
    ]);
    expect(error.diagnostics[0]?.hint).toBe('did you mean content?');
  });

  it('rejects a defaultEnvironment that names no environment', async () => {
    const diagnostics = await problems(
      'defaultEnvironment: alpah\nenvironments:\n  alpha: { emulator: true }\n',
    );
    expect(diagnostics).toEqual([
      {
        file: 'sync.config.yaml',
        line: 1,
        column: 21,
        severity: 'error',
        rule: 'config/unknown-environment',
        message: 'defaultEnvironment is "alpah", which is not one of the environments (alpha)',
        hint: 'did you mean alpha?',
      },
    ]);
  });

  it('rejects environments without "local" when defaultEnvironment is left at its default', async () => {
    const diagnostics = await problems('environments:\n  staging: { emulator: true }\n');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 1,
        column: 1,
        rule: 'config/unknown-environment',
        message:
          'defaultEnvironment is not set and its default "local" is not one of the environments (staging)',
        hint: 'set defaultEnvironment to one of: staging',
      }),
    ]);
  });

  it('rejects a file that is not a map', async () => {
    const diagnostics = await problems('- ko\n- en\n');
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 1, column: 1, rule: 'config/invalid-value' }),
    ]);
  });

  it('rejects a malformed variable reference', async () => {
    const diagnostics = await problems(
      'environments:\n  local: { emulator: true, serviceId: "${OC-SERVICE" }\n',
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 2,
        column: 39,
        rule: 'config/invalid-value',
        message: 'environments.local.serviceId has a malformed variable reference',
      }),
    ]);
  });
});
