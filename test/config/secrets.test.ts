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
      'environments.alpha.serviceKey must be a key without spaces, read from the environment (e.g. ${OC_SERVICE_KEY}), got (hidden)',
      'environments.alpha.serviceKey is written in the config file; keys belong in the environment',
      'environments.alpha.orgKey must be a key without spaces, read from the environment (e.g. ${OC_ORG_KEY}), got (hidden)',
      'environments.alpha.servicekey is not a known key',
    ]);
    expect(visibleText(error)).not.toContain(secret);
  });

  it('warns about a valid key written in the file without showing it', async () => {
    const cwd = await project(
      `environments:\n  local: { emulator: true }\n  alpha:\n    baseUrl: https://x.test\n    serviceId: S\n    orgId: O\n    serviceKey: ${secret}\n`,
    );
    const loaded = await loadConfig({ cwd, env: {} });
    expect(loaded.warnings).toEqual([
      expect.objectContaining({
        line: 7,
        column: 17,
        severity: 'warning',
        rule: 'config/secret-in-file',
        hint: 'write serviceKey: ${OC_SERVICE_KEY} and export that variable, then rotate the key',
      }),
    ]);
    expect(JSON.stringify(loaded.warnings)).not.toContain(secret);
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
