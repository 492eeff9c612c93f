import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';

/**
 * A small forward proxy on 127.0.0.1, port 0, as a corporate one behaves: an absolute-form request
 * (`GET http://host:port/path`) is forwarded and its answer streamed back; `CONNECT host:port` opens a tunnel.
 * It records what came through, so a test sees that requests took the proxy and how.
 */
export interface ForwardProxy extends AsyncDisposable {
  url: string;
  port: number;
  /** `GET http://127.0.0.1:1234/HelpCenter/…` or `CONNECT 127.0.0.1:443`, in arrival order. */
  seen: string[];
  /** The `Proxy-Authorization` header of each of them. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

export interface ForwardProxyOptions {
  /** Answer every CONNECT with this status instead of opening the tunnel (407, 403). */
  refuseConnect?: number;
  /** Answer every absolute-form request with this status instead of forwarding it (407). */
  refuseRequests?: number;
}

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const seen: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const tunnels = new Set<Socket>();
  const record = (line: string, headers: IncomingHttpHeaders) => {
    seen.push(line);
    authorizations.push(headers['proxy-authorization']);
  };
  const server = createServer((incoming, answer) => {
    record(`${incoming.method} ${incoming.url}`, incoming.headers);
    if (options.refuseRequests) {
      answer.writeHead(options.refuseRequests, { 'proxy-authenticate': 'Basic realm="corp"' }).end();
      return;
    }
    const target = new URL(incoming.url ?? '');
    const { 'proxy-authorization': _, 'proxy-connection': __, ...headers } = incoming.headers;
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: target.pathname + target.search,
        headers,
      },
      (reply) => {
        answer.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(answer);
      },
    );
    forwarded.on('error', () => answer.writeHead(502).end('bad gateway'));
    incoming.pipe(forwarded);
  });
  server.on('connect', (incoming, client: Socket, head: Buffer) => {
    record(`CONNECT ${incoming.url}`, incoming.headers);
    if (options.refuseConnect) {
      client.end(`HTTP/1.1 ${options.refuseConnect} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (incoming.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      tunnels.add(socket);
      socket.on('error', () => undefined).on('close', () => tunnels.delete(socket));
    }
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const close = async () => {
    for (const socket of tunnels) socket.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${port}`, port, seen, authorizations, close, [Symbol.asyncDispose]: close };
}

/** A port nothing listens on (bound once, then closed): a proxy that is down. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
