import { describe, expect, it } from 'vitest';
import { oc } from './support/cli.js';
import { exampleProject, startEmulator } from './support/project.js';

/**
 * A write the service refuses for what it is (issue 15 case 8) is not a hiccup: apply names the item and the cause,
 * and does not end with "Run apply again", which would change nothing. A failure that may pass (a 503) still does.
 */
describe.concurrent('failures that a second run would not fix', { timeout: 45_000 }, () => {
  it('a heading whose name the service already has under another code: named, no "run again"', async () => {
    await using emulator = await startEmulator();
    emulator.service().create('heading', { categoryCode: 'news', languages: { ko: '점검', en: 'Checks' } });
    using project = exampleProject(emulator);
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(
      /✗ notice heading maintenance: POST \S+notice\/category\.json failed: 9007 .*something with the same name or code already exists/,
    );
    expect(applied.stdout).toContain(
      'refused by the service for what was sent (see each ✗ line): running apply again will not change that',
    );
    expect(applied.stdout).not.toContain('Run apply again to finish');
  });

  it('a 503 is worth another run, and says so', async () => {
    await using emulator = await startEmulator({
      faults: [{ type: 'status', status: 503, method: 'POST', path: /\/helpdoc\.json$/, times: 1 }],
    });
    using project = exampleProject(emulator);
    const applied = await oc(project.root, ['apply', '--yes']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('Run apply again to finish: what succeeded is recorded');
    expect(applied.stdout).not.toContain('running apply again will not change that');
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
  });
});
