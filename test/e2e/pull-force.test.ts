import { describe, expect, it } from 'vitest';
import { oc, said } from './support/cli.js';
import { exampleProject, startEmulator } from './support/project.js';

/**
 * `pull --force` does what its help says (issue 15, "also from the same trial"): documents edited here since the
 * last sync are replaced with the service version — also when the service did not change them since.
 */
describe('pull --force', { timeout: 60_000 }, () => {
  it('replaces local edits with the service version; without --force they are kept', async () => {
    await using emulator = await startEmulator();
    using project = exampleProject(emulator);
    expect((await oc(project.root, ['apply', '--yes'])).code).toBe(0);
    const file = 'content/faq/account/reset-password.md';
    const synced = project.read(file);
    const edited = `${synced.trimEnd()}\n\nA line written here, never applied.\n`;
    project.write(file, edited);

    const help = await oc(project.root, ['pull', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      '--force discard local edits: documents edited here since the last sync get the service version',
    );

    const kept = await oc(project.root, ['pull']);
    expect(kept.code, said(kept)).toBe(0);
    expect(project.read(file)).toBe(edited);

    const forced = await oc(project.root, ['pull', '--force']);
    expect(forced.code, said(forced)).toBe(0);
    expect(forced.stdout).toContain('replaced your local edits with the service version (--force)');
    expect(project.read(file)).not.toContain('A line written here');
    const plan = await oc(project.root, ['plan']);
    expect(plan.stdout).toContain('No changes.');
  });
});
