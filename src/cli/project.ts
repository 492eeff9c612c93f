import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { LoadedConfig, ResolvedEnvironment } from '../config/load.js';
import type { RequestEvent } from '../remote/client.js';
import type { Connection } from '../remote/connect.js';

/** The global options every command shares (DESIGN §3). */
export interface GlobalOptions {
  /** `--config`; without it, the nearest `sync.config.yaml` in `--cwd` or a folder above. */
  config?: string;
  cwd: string;
  verbose?: boolean;
  quiet?: boolean;
  color: boolean;
  /** `--rps`: requests per second to the service, for this run (`sync.requestsPerSecond` otherwise). */
  rps?: number;
}

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** The config file a command runs with (absolute): `--config`, or the one found upward from `--cwd`. */
export async function configFileOf(globals: GlobalOptions): Promise<string> {
  const { locateConfig } = await import('../config/load.js');
  return locateConfig(path.resolve(globals.cwd), globals.config);
}

export async function loadProject(globals: GlobalOptions): Promise<LoadedConfig> {
  const cwd = path.resolve(globals.cwd);
  const [{ loadConfig }, file] = await Promise.all([import('../config/load.js'), configFileOf(globals)]);
  const loaded = await loadConfig({ cwd, file, env: process.env });
  if (globals.rps === undefined) return loaded;
  const sync = { ...loaded.config.sync, requestsPerSecond: globals.rps };
  return { ...loaded, config: { ...loaded.config, sync } };
}

/** `--rps N`: a number of requests per second greater than 0. */
export function parseRps(value: string): number {
  const rps = Number(value);
  if (!Number.isFinite(rps) || rps <= 0)
    throw new InvalidArgumentError(
      `${JSON.stringify(value)} is not a number of requests per second greater than 0 (e.g. --rps 5)`,
    );
  return rps;
}

/** Resolves the environment and connects, logging each request to stderr under `--verbose`. */
export async function openEnvironment(
  loaded: LoadedConfig,
  globals: GlobalOptions,
  name: string | undefined,
  onRequest?: (event: RequestEvent) => void,
): Promise<{ environment: ResolvedEnvironment; connection: Connection }> {
  const [{ resolveEnvironment }, { connect }] = await Promise.all([
    import('../config/load.js'),
    import('../remote/connect.js'),
  ]);
  const environment = resolveEnvironment(loaded, { name, env: process.env });
  const connection = await connect(environment, {
    settings: loaded.config.sync,
    onRequest: (event) => {
      if (globals.verbose) {
        process.stderr.write(
          `${event.method} ${event.path} → ${event.status ?? 'no response'}${event.resultCode ? ` (${event.resultCode})` : ''} ${event.ms} ms${event.outcome === 'retry' ? ' [retrying]' : ''}\n`,
        );
      }
      onRequest?.(event);
    },
  });
  return { environment, connection };
}
