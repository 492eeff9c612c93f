import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, resolveEnvironment } from '../../src/config/load.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { type Connection, connect } from '../../src/remote/connect.js';
import type { applyPlan } from '../../src/sync/apply.js';
import { applyRun } from '../../src/sync/apply-run.js';
import { makePlan, type PlanRun } from '../../src/sync/make-plan.js';
import { makeProject, type TempProject } from './project.js';

/**
 * A temp project (a copy of the example content/) whose `test` environment is an emulator started in-process:
 * plan and apply through the library, exactly as the CLI wires them.
 */
export interface SyncRig extends AsyncDisposable {
  project: TempProject;
  emulator: Emulator;
  plan(options?: { prune?: boolean }): Promise<PlanRun>;
  apply(options?: {
    prune?: boolean;
    overwriteDrift?: boolean;
  }): Promise<Awaited<ReturnType<typeof applyPlan>>>;
}

const repo = fileURLToPath(new URL('../..', import.meta.url));
const KEY_VARIABLE = 'OC_SYNC_TEST_SERVICE_KEY';

export async function startSyncRig(options: { latencyMs?: number } = {}): Promise<SyncRig> {
  const emulator = await createEmulator({ latencyMs: options.latencyMs });
  const service = emulator.services[0] as { serviceId: string; serviceKey: string };
  const project = makeProject({
    'sync.config.yaml': [
      'languages: [ko, en]',
      'timeZone: Asia/Seoul',
      'defaultEnvironment: test',
      'environments:',
      '  test:',
      `    baseUrl: ${emulator.url}`,
      `    serviceId: ${service.serviceId}`,
      `    orgId: ${emulator.orgId}`,
      `    serviceKey: \${${KEY_VARIABLE}}`,
      '',
    ].join('\n'),
  });
  cpSync(path.join(repo, 'content'), path.join(project.root, 'content'), { recursive: true });
  const env = { ...process.env, [KEY_VARIABLE]: service.serviceKey };

  let connection: Connection | undefined;
  const open = async () => {
    const loaded = await loadConfig({ cwd: project.root, env });
    const environment = resolveEnvironment(loaded, { env });
    connection ??= await connect(environment, { settings: { ...loaded.config.sync, requestsPerSecond: 0 } });
    return { loaded, environment, connection };
  };
  const plan = async ({ prune = false } = {}) => {
    const { loaded, environment, connection: c } = await open();
    return makePlan({
      loaded,
      environment,
      connection: c,
      projectRoot: project.root,
      cwd: project.root,
      prune,
    });
  };
  return {
    project,
    emulator,
    plan,
    async apply({ prune = false, overwriteDrift = false } = {}) {
      const { loaded, environment, connection: c } = await open();
      const report = await applyRun({
        loaded,
        environment,
        connection: c,
        cwd: project.root,
        prune,
        overwriteDrift,
        maxDeletes: 1000,
        concurrency: 4,
      });
      return report.result;
    },
    async [Symbol.asyncDispose]() {
      await emulator.close();
      project[Symbol.dispose]();
    },
  };
}
