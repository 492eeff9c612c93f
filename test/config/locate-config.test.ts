import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, locateConfig } from '../../src/config/load.js';
import { project, userInputError } from './helpers.js';

/** Which sync.config.yaml a command runs with: `--config`, else the nearest one upward, as git and npm look. */
describe('locateConfig', () => {
  it('finds the config of the project from a folder below it, and loads paths relative to it', async () => {
    const root = await project('content: docs\n');
    const below = path.join(root, 'docs/faq/billing');
    await mkdir(below, { recursive: true });
    const file = locateConfig(below);
    expect(file).toBe(path.join(root, 'sync.config.yaml'));
    const loaded = await loadConfig({ cwd: below, file, env: {} });
    expect(loaded).toMatchObject({ root, found: true, displayFile: '../../../sync.config.yaml' });
    expect(loaded.config.content).toBe('docs');
  });

  it('stops at the nearest one', async () => {
    const root = await project('languages: [ko]\n');
    const inner = path.join(root, 'inner');
    await mkdir(path.join(inner, 'deeper'), { recursive: true });
    await writeFile(path.join(inner, 'sync.config.yaml'), 'languages: [en]\n');
    expect(locateConfig(path.join(inner, 'deeper'))).toBe(path.join(inner, 'sync.config.yaml'));
  });

  it('skips a folder of that name: only a file is a config', async () => {
    const root = await project('languages: [ko]\n');
    const below = path.join(root, 'a');
    await mkdir(path.join(below, 'sync.config.yaml'), { recursive: true });
    expect(locateConfig(below)).toBe(path.join(root, 'sync.config.yaml'));
  });

  it('with none up to the root, names every folder it looked in and suggests oc-sync init', async () => {
    const root = await project();
    const below = path.join(root, 'a/b');
    await mkdir(below, { recursive: true });
    const error = await userInputError(() => locateConfig(below));
    const looked = [below, path.join(root, 'a'), root];
    for (let folder = path.dirname(root); ; folder = path.dirname(folder)) {
      looked.push(folder);
      if (path.dirname(folder) === folder) break;
    }
    expect(error.message).toBe(`no sync.config.yaml found (looked in ${looked.join(', ')})`);
    expect(error.diagnostics).toEqual([
      expect.objectContaining({
        rule: 'config/not-found',
        severity: 'error',
        hint: expect.stringContaining(`run oc-sync init to create one in ${below}`),
      }),
    ]);
  });

  it('a file named explicitly wins, relative to the cwd, and must exist', async () => {
    const root = await project('languages: [ko]\n');
    await writeFile(path.join(root, 'other.yaml'), 'languages: [en]\n');
    expect(locateConfig(root, 'other.yaml')).toBe(path.join(root, 'other.yaml'));
    const error = await userInputError(() => locateConfig(root, 'configs/missing.yaml'));
    expect(error.diagnostics).toEqual([
      expect.objectContaining({
        file: 'configs/missing.yaml',
        rule: 'config/file-not-found',
        message: 'config file configs/missing.yaml does not exist',
      }),
    ]);
  });
});
