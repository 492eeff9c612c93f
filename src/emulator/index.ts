import type { AddressInfo } from 'node:net';
import type { CustomerDataReply } from '../customer-data/call.js';
import { createCustomerDataCaller } from './customer-data-caller.js';
import { FaultInjector } from './faults.js';
import { createEmulatorServer } from './http-server.js';
import {
  type CustomerDataCallEntry,
  DEFAULT_ORG_ID,
  DEFAULT_ORG_KEY,
  DEFAULT_SERVICE,
  type EmulatorOptions,
  type EmulatorServiceOptions,
  type FaultRule,
  type RequestLogEntry,
} from './options.js';
import { seededRandom } from './random.js';
import { RequestLog } from './request-log.js';
import { resolveServices } from './services.js';
import { OrgStore } from './store/org-store.js';
import { diskPersistence, memoryPersistence } from './store/persistence.js';
import { type EmulatedService, ServiceStore } from './store/service-store.js';

/**
 * A local Online Contact (DESIGN §6): the signed Open API of oc-api.md §5–6 over real HTTP on 127.0.0.1, with
 * persistence, a request log and fault injection. `await using emulator = await createEmulator()` in tests.
 */

export type { CustomerDataReply } from '../customer-data/call.js';
export { OcError } from './errors.js';
export type {
  CustomerDataCallEntry,
  EmulatorCustomerDataOptions,
  EmulatorOptions,
  EmulatorServiceOptions,
  FaultRule,
  FaultType,
  IncomingRequestInfo,
  MalformedVariant,
  RequestLogEntry,
} from './options.js';
export { DEFAULT_ORG_ID, DEFAULT_ORG_KEY, DEFAULT_SERVICE, MALFORMED_VARIANTS } from './options.js';
export type {
  EmulatedService,
  RecordView,
  StoredAttachment,
  UploadedView,
  ViewOptions,
} from './store/service-store.js';

export interface Emulator extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  orgId: string;
  orgKey: string;
  services: EmulatorServiceOptions[];
  /** Every request so far, in arrival order (the same array for the emulator's lifetime). */
  requests: RequestLogEntry[];
  clearRequests(): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Direct access to a service's data, without HTTP; default: the first service. */
  service(serviceId?: string): EmulatedService;
  /**
   * Plays Online Contact calling the customer server of `options.customerData` with these lookup fields: signs
   * with the emulator's clock, POSTs, and returns the reply (also logged in `customerDataCalls`).
   */
  callCustomerData(fields: Record<string, string>): Promise<CustomerDataReply>;
  /** Every customer-data call so far, in order (the same array for the emulator's lifetime). */
  customerDataCalls: CustomerDataCallEntry[];
  /** Stops listening, drops open connections and writes the data folder's snapshot. Safe to call twice. */
  close(): Promise<void>;
}

export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const orgId = options.orgId ?? DEFAULT_ORG_ID;
  const orgKey = options.orgKey ?? DEFAULT_ORG_KEY;
  const resolved = resolveServices(options.services ?? [DEFAULT_SERVICE]);
  const org = new OrgStore(options.dataDir ? diskPersistence(options.dataDir) : memoryPersistence());
  const stores = new Map<string, ServiceStore>();
  for (const [serviceId, service] of resolved)
    stores.set(serviceId, new ServiceStore(service.info, org, now));

  const faults = new FaultInjector(
    options.faults ?? [],
    options.failRate ?? 0,
    seededRandom(options.seed ?? 1),
  );
  const log = new RequestLog(options.logFile);
  const customerData = createCustomerDataCaller(options.customerData, now);
  const server = createEmulatorServer({
    credentials: { orgId, orgKey, services: resolved, allowedIps: options.allowedIps, now },
    service: (serviceId) => stores.get(serviceId),
    faults,
    log,
    latencyMs: options.latencyMs ?? 0,
    httpStatus: options.httpStatus ?? 'mirror',
    startedAt: now(),
    beforeAnswer: options.beforeAnswer,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    org.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(() => org.close());
    return closing;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    orgId,
    orgKey,
    services: [...resolved.values()].map((service) => ({ ...service.options })),
    requests: log.entries,
    clearRequests: () => log.clear(),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    service(serviceId) {
      const id = serviceId ?? resolved.keys().next().value;
      const store = id === undefined ? undefined : stores.get(id);
      if (!store) throw new Error(`the emulator has no service ${serviceId}`);
      return store;
    },
    callCustomerData: customerData.call,
    customerDataCalls: customerData.calls,
    close,
    [Symbol.asyncDispose]: close,
  };
}
