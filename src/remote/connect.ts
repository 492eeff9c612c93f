import type { ResolvedEnvironment } from '../config/load.js';
import type { SyncSettings } from '../config/schema.js';
import type { Emulator } from '../emulator/index.js';
import { createApi, type OcApi } from './api.js';
import { createHttpClient, type HttpClient, type RequestEvent } from './client.js';

/**
 * Opens a selected environment: a remote Online Contact, or the embedded emulator started in-process with its data
 * under the project (DESIGN §6), so every command works on a fresh clone with no account.
 */

export interface Connection extends AsyncDisposable {
  environment: ResolvedEnvironment;
  baseUrl: string;
  /**
   * The `{baseUrl}` of link templates (`attachmentUrl`, `documentUrl`): the service's base URL, except for the
   * embedded emulator without a fixed port, whose server gets a new port every run — its links use
   * `EMBEDDED_SITE_URL`, so a body's links are the same from one run to the next.
   */
  siteUrl: string;
  serviceId: string;
  http: HttpClient;
  api: OcApi;
  /** The in-process emulator, when the environment is `emulator: true`. */
  emulator?: Emulator;
  close(): Promise<void>;
}

export interface ConnectOptions {
  settings: Pick<SyncSettings, 'concurrency' | 'requestsPerSecond' | 'retries' | 'timeoutMs'>;
  onRequest?: (event: RequestEvent) => void;
  fetch?: typeof globalThis.fetch;
}

/** Where links in the embedded emulator's bodies point when it has no fixed `port` (see `Connection.siteUrl`). */
export const EMBEDDED_SITE_URL = 'http://emulator.localhost';

/** Credentials of the embedded emulator. It listens on 127.0.0.1 only; these are not secrets. */
export const EMBEDDED_CREDENTIALS = {
  orgId: 'LocalOrg00000001',
  orgKey: 'local-organization-key',
  serviceKey: 'local-service-key',
} as const;

export async function connect(
  environment: ResolvedEnvironment,
  options: ConnectOptions,
): Promise<Connection> {
  const { settings } = options;
  let emulator: Emulator | undefined;
  let target: {
    baseUrl: string;
    orgId: string;
    serviceId: string;
    serviceKey: string;
    orgKey?: string;
    oucode?: string;
  };

  if (environment.kind === 'emulator') {
    // Loaded only here: a remote run never loads the emulator (its server, store and routes).
    const { createEmulator } = await import('../emulator/index.js');
    emulator = await createEmulator({
      port: environment.port ?? 0,
      dataDir: environment.dataDir,
      orgId: EMBEDDED_CREDENTIALS.orgId,
      orgKey: EMBEDDED_CREDENTIALS.orgKey,
      services: [
        {
          serviceId: environment.serviceId,
          serviceKey: EMBEDDED_CREDENTIALS.serviceKey,
          languages: [...environment.languages],
          timeZone: environment.timeZone,
        },
      ],
    });
    target = { baseUrl: emulator.url, serviceId: environment.serviceId, ...EMBEDDED_CREDENTIALS };
  } else {
    target = environment;
  }

  const http = createHttpClient({
    baseUrl: target.baseUrl,
    orgId: target.orgId,
    serviceId: target.serviceId,
    serviceKey: target.serviceKey,
    orgKey: target.orgKey,
    oucode: target.oucode,
    concurrency: settings.concurrency,
    requestsPerSecond: environment.kind === 'emulator' ? 0 : settings.requestsPerSecond,
    retries: settings.retries,
    timeoutMs: (environment.kind === 'remote' ? environment.timeoutMs : undefined) ?? settings.timeoutMs,
    onRequest: options.onRequest,
    fetch: options.fetch,
    // The embedded emulator runs in this process on 127.0.0.1: no proxy can reach it, whatever the variables say.
    proxyEnv: environment.kind === 'emulator' ? {} : undefined,
  });

  const close = async () => {
    await emulator?.close();
  };
  return {
    environment,
    baseUrl: target.baseUrl,
    siteUrl: environment.kind === 'emulator' && !environment.port ? EMBEDDED_SITE_URL : target.baseUrl,
    serviceId: target.serviceId,
    http,
    api: createApi(http),
    emulator,
    close,
    [Symbol.asyncDispose]: close,
  };
}
