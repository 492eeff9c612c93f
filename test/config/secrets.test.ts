// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveEnvironment } from '../../src/config/load.js';
import { project, userInputError, visibleText } from './helpers.js';

const secret = 'sk_live_7f3a9c1e55d04b2b';

describe('secrets in errors', () => {
  it('never shows a key value written in the file, even when it is invalid', async () => {
    const cwd = await project(
      [
        'defaultEnvironment: alpha',
        'environments:',
        '  alpha:',
        '    baseUrl: https://example.oc.nhncloud.com',
        '    serviceId: HelpCenter',
        '    orgId: org',
        `    serviceKey: "${secret} "`,
        `    orgKey: ["${secret}"]`,
        `    servicekey: ${secret}`,
      ].join('\n'),
    );
    const error = await userInputError(() => loadConfig({ cwd, env: {} }));
    expect(error.diagnostics.map((d) => d.message)).toEqual([
      'environments.alpha.serviceKey must be a variable reference such as ${OC_SERVICE_KEY}: keys are never written in the config file',
      'environments.alpha.serviceKey must be a key without spaces, read from the environment (e.g. ${OC_SERVICE_KEY}), got (hidden)',
      'environments.alpha.orgKey must be a key without spaces, read from the environment (e.g. ${OC_ORG_KEY}), got (hidden)',
      'environments.alpha.servicekey is not a known key',
    ]);
    expect(visibleText(error)).not.toContain(secret);
  });

  it('refuses a valid key written in the file, or as a default, with its position and the fix, never showing it', async () => {
    for (const [written, column] of [
      [secret, 17],
      [`\${OC_SERVICE_KEY:-${secret}}`, 17],
      [`prefix-\${OC_SERVICE_KEY}`, 17],
    ] as const) {
      const cwd = await project(
        `environments:\n  local: { emulator: true }\n  alpha:\n    baseUrl: https://x.test\n    serviceId: S\n    orgId: O\n    serviceKey: ${written}\n    orgKey: ${written}\n`,
      );
      const error = await userInputError(() => loadConfig({ cwd, env: { OC_SERVICE_KEY: 'k' } }));
      expect(error.diagnostics).toEqual([
        expect.objectContaining({
          line: 7,
          column,
          severity: 'error',
          rule: 'config/secret-in-file',
          message:
            'environments.alpha.serviceKey must be a variable reference such as ${OC_SERVICE_KEY}: keys are never written in the config file',
          hint: 'write serviceKey: ${OC_SERVICE_KEY}, export OC_SERVICE_KEY (in CI, from a secret), and rotate the key if this file was ever committed',
        }),
        expect.objectContaining({
          line: 8,
          rule: 'config/secret-in-file',
          message:
            'environments.alpha.orgKey must be a variable reference such as ${OC_ORG_KEY}: keys are never written in the config file',
        }),
      ]);
      expect(visibleText(error)).not.toContain(secret);
    }
  });

  it('shows the ${VAR} reference, never its value, when variables are swapped', async () => {
    const cwd = await project(
      'defaultEnvironment: alpha\nenvironments:\n  alpha:\n    baseUrl: ${OC_SERVICE_KEY}\n    serviceId: S\n    orgId: O\n    serviceKey: ${OC_BASE_URL}\n',
    );
    const env = { OC_SERVICE_KEY: secret, OC_BASE_URL: 'https://example.oc.nhncloud.com' };
    const error = await userInputError(() => loadConfig({ cwd, env }));
    expect(error.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [
        4,
        14,
        'environments.alpha.baseUrl must be an https URL such as https://example.oc.nhncloud.com (http only for localhost or 127.0.0.1), got "${OC_SERVICE_KEY}" (the variable\'s value is not shown)',
      ],
    ]);
    expect(visibleText(error)).not.toContain(secret);
  });

  it('never shows a key that came from the environment', async () => {
    const cwd = await project(
      'defaultEnvironment: alpha\nenvironments:\n  alpha:\n    baseUrl: ${BASE}\n    serviceId: S\n    orgId: O\n    serviceKey: ${OC_SERVICE_KEY}\n',
    );
    const env = { OC_SERVICE_KEY: `${secret} with spaces`, BASE: 'http://example.com' };
    const error = await userInputError(() => loadConfig({ cwd, env }));
    expect(error.diagnostics.map((d) => d.line)).toEqual([4, 7]);
    expect(visibleText(error)).not.toContain(secret);

    const loaded = await loadConfig({ cwd, env: { BASE: 'https://example.com' } });
    const missing = await userInputError(() =>
      resolveEnvironment(loaded, { env: { OC_SERVICE_KEY: `${secret} again` } }),
    );
    expect(visibleText(missing)).not.toContain(secret);
  });
});

describe('credentials in a URL', () => {
  it('are hidden when the URL is shown', async () => {
    const cwd = await project(
      'defaultEnvironment: alpha\nenvironments:\n  alpha:\n    baseUrl: https://admin:pa55word@example.com/x\n    serviceId: S\n    orgId: O\n    serviceKey: ${K}\n',
    );
    const error = await userInputError(() => loadConfig({ cwd, env: {} }));
    expect(error.diagnostics[0]?.message).toContain('got "https://(hidden)@example.com/x"');
    expect(visibleText(error)).not.toContain('pa55word');
    expect(visibleText(error)).not.toContain('admin');
  });
});
