import path from 'node:path';
import type { LoadedConfig, ResolvedEnvironment } from '../config/load.js';
import type { Connection } from '../remote/connect.js';
import type { ResourceKind } from '../resources/resource.js';
import type { LinkTargets } from '../sync/links.js';
import { contentCacheFile } from '../sync/make-plan.js';
import { stateFilePath } from '../sync/state-file.js';
import { type PullProgress, type PullResult, pull } from './pull.js';

/**
 * Pull wired to a project and an environment, as the CLI and the tests use it. Pulling into the configured content
 * folder reads and writes the environment's state (`.oc-sync/state/<env>.json`), so plan and apply own what was
 * pulled. Pulling anywhere else (`--into`) keeps the key ↔ id map inside that folder
 * (`<folder>/.oc-sync/state/<env>.json`), so the project's state never names files it does not have, and a second
 * pull into the same folder still updates its files in place.
 */

export interface PullEnvironmentOptions {
  loaded: LoadedConfig;
  environment: ResolvedEnvironment;
  connection: Connection;
  /** Folder `into` is relative to, and diagnostics name files from. */
  cwd: string;
  into?: string;
  kinds?: readonly ResourceKind[];
  force?: boolean;
  onProgress?: (progress: PullProgress) => void;
  onWriting?: () => void;
}

export interface PullEnvironmentResult extends PullResult {
  contentDir: string;
  /** Whether the state written is the environment's own (pulled into the configured content folder). */
  projectState: boolean;
}

export function contentDirOf(loaded: LoadedConfig): string {
  return path.resolve(loaded.root, loaded.config.content);
}

export function linkTargetsOf(connection: Connection, environment: ResolvedEnvironment): LinkTargets {
  return {
    baseUrl: connection.siteUrl,
    serviceId: connection.serviceId,
    attachmentUrl: environment.attachmentUrl,
    documentUrl: environment.documentUrl,
  };
}

/** Where the key ↔ id map of a pulled folder lives (see the module comment). */
export function pullStateFile(loaded: LoadedConfig, environment: string, contentDir: string): string {
  return path.resolve(contentDir) === contentDirOf(loaded)
    ? stateFilePath(loaded.root, environment)
    : stateFilePath(contentDir, environment);
}

export async function pullEnvironment(options: PullEnvironmentOptions): Promise<PullEnvironmentResult> {
  const { loaded, environment, connection } = options;
  const contentDir = options.into ? path.resolve(options.cwd, options.into) : contentDirOf(loaded);
  const stateFile = pullStateFile(loaded, environment.name, contentDir);
  const result = await pull({
    api: connection.api,
    targets: linkTargetsOf(connection, environment),
    languages: loaded.config.languages,
    timeZone: loaded.config.timeZone,
    allowUnsafeHtml: loaded.config.allowUnsafeHtml,
    contentDir,
    projectRoot: options.cwd,
    cacheFile:
      path.resolve(contentDir) === contentDirOf(loaded)
        ? contentCacheFile(loaded.root)
        : path.join(contentDir, '.oc-sync', 'cache', 'content.json'),
    stateFile,
    environment: environment.name,
    serviceId: connection.serviceId,
    kinds: options.kinds,
    force: options.force,
    concurrency: loaded.config.sync.concurrency,
    onProgress: options.onProgress,
    onWriting: options.onWriting,
  });
  return { ...result, contentDir, projectState: stateFile === stateFilePath(loaded.root, environment.name) };
}
