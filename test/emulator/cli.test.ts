import { describe, expect, it } from 'vitest';
import { startCliEmulator } from './cli-process.js';
import { signedClient } from './signed-request.js';

/** `oc-sync emulator` for people: a ready line scripts can wait for, ids but never keys, a clean stop. */

describe('oc-sync emulator', () => {
  it('prints the listening line, serves signed calls with the given credentials, and stops on SIGTERM', async () => {
    const cli = await startCliEmulator([
      '--org-id',
      'CliOrg0000000001',
      '--org-key',
      'org-secret-123',
      '--service-id',
      'CliDocs',
      '--service-key',
      'service-secret-456',
      '--languages',
      'en,ko',
    ]);
    expect(cli.stdout()).toBe(`listening on ${cli.url}\n`);
    const target = {
      url: cli.url,
      orgId: 'CliOrg0000000001',
      orgKey: 'org-secret-123',
      services: [{ serviceId: 'CliDocs', serviceKey: 'service-secret-456', languages: ['en', 'ko'] }],
    };
    const api = signedClient(target);
    const created = await api.service('POST', 'v1/notice/tag.json', {
      json: { tagCode: 'cli', languages: { en: 'CLI' } },
    });
    expect(created.resultCode).toBe(200);
    const detail = await api.org('GET', 'v1/admin/service/CliDocs.json');
    expect(detail.result.content).toMatchObject({ language: 'en', timeZone: 'America/New_York' });

    expect(await cli.stop('SIGTERM')).toBe(0);
    expect(cli.stderr()).toContain('CliOrg0000000001');
    expect(cli.stderr()).toContain('CliDocs');
    expect(cli.stdout() + cli.stderr()).not.toContain('org-secret-123');
    expect(cli.stdout() + cli.stderr()).not.toContain('service-secret-456');
  });

  it('stops cleanly on SIGINT', async () => {
    const cli = await startCliEmulator(['--fault', '503:0.5@/helpdoc', '--latency', '1']);
    expect(await cli.stop('SIGINT')).toBe(0);
  });

  it('refuses a malformed fault with a message', async () => {
    await expect(startCliEmulator(['--fault', 'explode'])).rejects.toThrow(/unknown kind "explode"/);
  });
});
