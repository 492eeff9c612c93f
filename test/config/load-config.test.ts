import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { DEFAULT_ATTACHMENT_URL, DEFAULT_DOCUMENT_URL } from '../../src/config/url-template.js';
import { project, userInputError } from './helpers.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('loadConfig', () => {
  it('uses every default when the project has no sync.config.yaml', async () => {
    const cwd = await project();
    const loaded = await loadConfig({ cwd, env: {} });
    expect(loaded).toMatchObject({
      file: path.join(cwd, 'sync.config.yaml'),
      root: cwd,
      displayFile: 'sync.config.yaml',
      found: false,
      unresolved: [],
      warnings: [],
    });
    expect(loaded.config).toEqual({
      content: 'content',
      languages: ['ko'],
      timeZone: 'Asia/Seoul',
      defaultEnvironment: 'local',
      attachmentUrl: DEFAULT_ATTACHMENT_URL,
      documentUrl: DEFAULT_DOCUMENT_URL,
      allowUnsafeHtml: false,
      translations: { stale: 'warn', missing: 'warn' },
      environments: {
        local: { emulator: true, protected: false, dataDir: '.oc-sync/emulator', serviceId: 'HelpCenter' },
      },
      sync: {
        concurrency: 4,
        requestsPerSecond: 10,
        prune: false,
        maxDeletes: 20,
        onDrift: 'skip',
        retries: 4,
        timeoutMs: 30_000,
      },
    });
  });

  it('treats an empty file like no file', async () => {
    const cwd = await project('# nothing configured yet\n');
    const loaded = await loadConfig({ cwd, env: {} });
    expect(loaded.found).toBe(true);
    expect(loaded.config.environments).toEqual({
      local: { emulator: true, protected: false, dataDir: '.oc-sync/emulator', serviceId: 'HelpCenter' },
    });
  });

  it('refuses a config file named explicitly that does not exist', async () => {
    const cwd = await project();
    const error = await userInputError(() => loadConfig({ cwd, file: 'configs/other.yaml', env: {} }));
    expect(error.diagnostics).toEqual([
      expect.objectContaining({
        file: 'configs/other.yaml',
        rule: 'config/file-not-found',
        message: 'config file configs/other.yaml does not exist',
      }),
    ]);
  });

  it('accepts the default name given explicitly even when the file is absent', async () => {
    const cwd = await project();
    const loaded = await loadConfig({ cwd, file: 'sync.config.yaml', env: {} });
    expect(loaded.found).toBe(false);
  });

  it('loads a config from another folder, relative to the cwd', async () => {
    const cwd = await project();
    const other = await project('content: docs\n');
    const loaded = await loadConfig({ cwd, file: path.join(other, 'sync.config.yaml'), env: {} });
    expect(loaded.root).toBe(other);
    expect(loaded.config.content).toBe('docs');
    expect(loaded.displayFile).toBe(path.relative(cwd, path.join(other, 'sync.config.yaml')));
  });

  it('loads the repository sync.config.yaml without any variable set', async () => {
    const loaded = await loadConfig({ cwd: repositoryRoot, env: {} });
    expect(loaded.config.languages).toEqual(['ko', 'en']);
    expect(loaded.config.timeZone).toBe('Asia/Seoul');
    expect(loaded.config.defaultEnvironment).toBe('local');
    expect(Object.keys(loaded.config.environments)).toEqual(['local', 'alpha', 'real']);
    expect(loaded.config.environments.real).toMatchObject({ protected: true, serviceId: 'HelpCenter' });
    expect(loaded.config.sync).toMatchObject({
      concurrency: 4,
      onDrift: 'skip',
      prune: false,
      maxDeletes: 20,
    });
    // The variables are recorded, not failed on: `validate` and the local emulator need no secrets.
    expect(loaded.unresolved.map((u) => `${u.path.join('.')}=${u.variables.join()}`)).toEqual([
      'environments.alpha.orgId=OC_ORG_ID',
      'environments.alpha.serviceKey=OC_SERVICE_KEY',
      'environments.real.orgId=OC_ORG_ID',
      'environments.real.serviceKey=OC_SERVICE_KEY',
    ]);
    expect(loaded.warnings).toEqual([]);
  });

  it('records where every key is written', async () => {
    const cwd = await project('languages: [ko]\nenvironments:\n  local:\n    emulator: true\n');
    const loaded = await loadConfig({ cwd, env: {} });
    expect(loaded.positions).toMatchObject({
      languages: { line: 1, column: 1 },
      'languages[0]': { line: 1, column: 13 },
      environments: { line: 2, column: 1 },
      'environments.local': { line: 3, column: 3 },
      'environments.local.emulator': { line: 4, column: 5 },
    });
  });
});
