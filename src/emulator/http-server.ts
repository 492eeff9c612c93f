import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate, type Credentials, keyScopeOf } from './auth.js';
import { failure, httpStatusFor, success } from './envelope.js';
import { OcError } from './errors.js';
import type { FaultInjector } from './faults.js';
import { handleOrgCall, handleServiceCall, type Reply } from './handlers.js';
import { type Incoming, readIncoming, readMultipartFile, type UploadedFile } from './incoming.js';
import { type SpoiledAnswer, spoil, wantsFirstPage } from './malformed.js';
import type { FaultRule, FaultType, IncomingRequestInfo } from './options.js';
import type { RequestLog } from './request-log.js';
import { buildRoutes, matchRoute } from './routes.js';
import { publicServiceView } from './services.js';
import type { EmulatedService } from './store/service-store.js';

/**
 * The HTTP face of the emulator: read the request, apply an injected fault, check the signature, route, answer
 * with the envelope, log. The store never sees HTTP.
 */

export interface ServerDeps {
  credentials: Credentials;
  service(serviceId: string): EmulatedService | undefined;
  faults: FaultInjector;
  log: RequestLog;
  latencyMs: number;
  httpStatus: 'mirror' | 'always-200';
  /** Shown as the services' `createdDt`. */
  startedAt: number;
  beforeAnswer?: (request: IncomingRequestInfo) => void | Promise<void>;
}

const FAULT_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Access Denied',
  404: 'Not Data Found',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function createEmulatorServer(deps: ServerDeps): Server {
  const server: EmulatorServer = { deps, routes: buildRoutes() };
  return createServer((req, res) => {
    serveRequest(server, req, res).catch(() => {
      // The client went away mid-request; there is nobody to answer.
      req.socket.destroy();
    });
  });
}

/** What every request is answered with: the emulator's parts and its routes, built once. */
interface EmulatorServer {
  deps: ServerDeps;
  routes: ReturnType<typeof buildRoutes>;
}

type RecordRequest = (status: number, resultCode: number | null, applied?: FaultType) => void;

/** Read, pick a fault, answer (or not), wait the latency, send, log. */
async function serveRequest(
  server: EmulatorServer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { deps } = server;
  const started = performance.now();
  const at = deps.credentials.now();
  const incoming = await readIncoming(req);
  const fault = deps.faults.pick(incoming.method, incoming.wirePath);
  await deps.beforeAnswer?.({ method: incoming.method, path: incoming.wirePath, query: incoming.query });
  const record: RecordRequest = (status, resultCode, applied) =>
    deps.log.add({
      method: incoming.method,
      path: incoming.wirePath,
      query: incoming.rawQuery,
      status,
      resultCode,
      ms: Math.round(performance.now() - started),
      at,
      ...(applied ? { fault: applied } : {}),
    });

  if (fault?.type === 'drop') {
    req.socket.destroy();
    record(0, null, 'drop');
    return;
  }
  const faulted =
    fault?.type === 'malformed'
      ? await answerMalformed(server, incoming, fault, res, record)
      : await answerWithFault(server, incoming, fault);
  if (!faulted) return;
  const { reply, headers } = faulted;
  if (deps.latencyMs > 0) await sleep(deps.latencyMs);
  const status = send(res, reply, headers, deps);
  record(status, reply.type === 'json' ? reply.envelope.header.resultCode : null, fault?.type);
}

interface FaultedReply {
  reply: Reply;
  headers: Record<string, string>;
}

/** A status or rate-limit fault instead of the answer; the real answer under the other faults. */
async function answerWithFault(
  server: EmulatorServer,
  incoming: Incoming,
  fault: FaultRule | undefined,
): Promise<FaultedReply> {
  if (fault?.type === 'status')
    return {
      reply: errorReply(fault.status, `${FAULT_MESSAGES[fault.status]} (injected fault)`),
      headers: {},
    };
  if (fault?.type === 'rate-limit')
    return {
      reply: errorReply(429, 'Too Many Requests (injected fault)'),
      headers: { 'Retry-After': String(fault.retryAfterSeconds ?? 1) },
    };
  let reply = await answer(server, incoming);
  if (fault?.type === 'commit-then-fail')
    reply = errorReply(500, 'Server Error (injected fault after the write)');
  if (fault?.type === 'slow') await sleep(fault.delayMs);
  return { reply, headers: {} };
}

/**
 * The real answer, spoiled: sent (and logged) here when it is JSON, and then undefined; a file answer is returned
 * to be sent as it is.
 */
async function answerMalformed(
  server: EmulatorServer,
  incoming: Incoming,
  fault: Extract<FaultRule, { type: 'malformed' }>,
  res: ServerResponse,
  record: RecordRequest,
): Promise<FaultedReply | undefined> {
  const { deps } = server;
  const firstPage = wantsFirstPage(fault.variant);
  const real = await answer(
    server,
    firstPage ? { ...incoming, query: new Map([...incoming.query, ['page', '1']]) } : incoming,
  );
  if (real.type !== 'json') return { reply: real, headers: {} };
  const requestedPage = Number(incoming.query.get('page') ?? '1') || 1;
  const spoiled = spoil(real.envelope, fault.variant, { bytes: fault.bytes, requestedPage });
  if (deps.latencyMs > 0) await sleep(deps.latencyMs);
  const status = await sendSpoiled(res, spoiled, deps);
  record(status, null, 'malformed');
  return undefined;
}

async function answer(server: EmulatorServer, incoming: Incoming): Promise<Reply> {
  const { deps, routes } = server;
  const scope = keyScopeOf(incoming.wirePath);
  if (!scope) return errorReply(404, 'Not Data Found');
  let file: UploadedFile | undefined;
  const readFile = async () => {
    file ??= await readMultipartFile(incoming);
    return file;
  };
  if (scope.scope === 'public') return answerPublic(server, incoming, scope);
  const auth = await authenticate(incoming, scope, deps.credentials, readFile);
  if (!auth.ok) return errorReply(auth.resultCode, auth.resultMessage);

  const match = matchRoute(routes, incoming.method, scope.scope, scope.relativePath);
  if (!match) return errorReply(404, 'Not Data Found');
  try {
    if (scope.scope === 'org') {
      const { services } = deps.credentials;
      return handleOrgCall({ match, services, query: incoming.query, createdDt: deps.startedAt });
    }
    const service = deps.service(scope.serviceId);
    if (!service) return errorReply(403, 'securityKey is null');
    return handleServiceCall({ match, service, query: incoming.query, bodyText: incoming.bodyText, file });
  } catch (error) {
    if (error instanceof OcError) return errorReply(error.resultCode, error.message);
    const reason = error instanceof Error ? error.message : String(error);
    return errorReply(500, `Server Error: ${reason}`.slice(0, 100));
  }
}

/** The unauthenticated help-center API: only the service description is emulated. */
function answerPublic(
  server: EmulatorServer,
  incoming: Incoming,
  scope: { serviceId: string; relativePath: string },
): Reply {
  const match = matchRoute(server.routes, incoming.method, 'public', scope.relativePath);
  const service = server.deps.credentials.services.get(scope.serviceId);
  if (!match || !service) return errorReply(404, 'Not Data Found');
  return { type: 'json', envelope: success({ content: publicServiceView(service) }) };
}

function errorReply(resultCode: number, message: string): Reply {
  return { type: 'json', envelope: failure(resultCode, message) };
}

/** A spoiled answer; a huge one is streamed (chunked), so the emulator never holds it whole. */
async function sendSpoiled(res: ServerResponse, answer: SpoiledAnswer, deps: ServerDeps): Promise<number> {
  res.setHeader('Date', new Date(deps.credentials.now()).toUTCString());
  const { body } = answer;
  if (Buffer.isBuffer(body)) {
    res.writeHead(answer.status, {
      'Content-Type': answer.contentType,
      'Content-Length': String(body.length),
    });
    res.end(body);
    return answer.status;
  }
  const head = Buffer.from(body.head, 'utf8');
  const tail = Buffer.from(body.tail, 'utf8');
  const padding = Math.max(0, body.streamBytes - head.length - tail.length);
  // No Content-Length: a client must count what it reads, not trust a header.
  res.writeHead(answer.status, { 'Content-Type': answer.contentType });
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  const write = (data: Buffer) =>
    new Promise<boolean>((resolve) => {
      if (res.destroyed) return resolve(false);
      if (res.write(data)) return resolve(true);
      const done = (ok: boolean) => {
        res.off('drain', onDrain);
        res.off('close', onClose);
        resolve(ok);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      res.once('drain', onDrain);
      res.once('close', onClose);
    });
  if (!(await write(head))) return answer.status;
  for (let left = padding; left > 0; left -= chunk.length) {
    // The client may stop reading (it should): then there is nobody left to send to.
    if (!(await write(left >= chunk.length ? chunk : chunk.subarray(0, left)))) return answer.status;
  }
  res.end(tail);
  return answer.status;
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string>, deps: ServerDeps): number {
  // The server clock, not the machine's: a client measures its clock skew from this header.
  res.setHeader('Date', new Date(deps.credentials.now()).toUTCString());
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (reply.type === 'file') {
    res.writeHead(200, {
      'Content-Type': reply.contentType,
      'Content-Length': String(reply.bytes.byteLength),
      'Content-Disposition': reply.disposition,
    });
    res.end(reply.bytes);
    return 200;
  }
  const { resultCode } = reply.envelope.header;
  const status = httpStatusFor(resultCode, deps.httpStatus);
  const body = Buffer.from(JSON.stringify(reply.envelope), 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': String(body.length),
  });
  res.end(body);
  return status;
}
