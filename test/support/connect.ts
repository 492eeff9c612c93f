import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { createApi, type OcApi } from '../../src/remote/api.js';
import {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type RequestEvent,
} from '../../src/remote/client.js';

/** An emulator on port 0 and a client signed for its first service: the real parts, wired for a test. */
export interface TestRig extends AsyncDisposable {
  emulator: Emulator;
  http: HttpClient;
  api: OcApi;
  events: RequestEvent[];
  /** A second client for the same emulator, e.g. with other options. */
  client(overrides?: Partial<HttpClientOptions>): { http: HttpClient; api: OcApi };
}

export async function startRig(
  options: EmulatorOptions = {},
  clientOptions: Partial<HttpClientOptions> = {},
): Promise<TestRig> {
  const emulator = await createEmulator({ port: 0, ...options });
  const events: RequestEvent[] = [];
  const service = emulator.services[0];
  if (!service) throw new Error('the emulator has no service');
  const client = (overrides: Partial<HttpClientOptions> = {}) => {
    const http = createHttpClient({
      baseUrl: emulator.url,
      orgId: emulator.orgId,
      orgKey: emulator.orgKey,
      serviceId: service.serviceId,
      serviceKey: service.serviceKey,
      requestsPerSecond: 0,
      retryBaseMs: 5,
      retryMaxMs: 50,
      // Not the machine's HTTP(S)_PROXY: the emulator is local. Proxy tests pass their own variables.
      proxyEnv: {},
      onRequest: (event) => events.push(event),
      ...clientOptions,
      ...overrides,
    });
    return { http, api: createApi(http) };
  };
  const { http, api } = client();
  return {
    emulator,
    http,
    api,
    events,
    client,
    [Symbol.asyncDispose]: () => emulator.close(),
  };
}
