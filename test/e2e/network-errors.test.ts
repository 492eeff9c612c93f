import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { oc, repoRoot } from './support/cli.js';
import { exampleProject, startEmulator } from './support/project.js';

/**
 * A request that gets no answer (issue 15, "also from the same trial"): the failure names the cause in words —
 * refused, host not found, certificate — and what to check, instead of a bare "network error".
 */

/** A port nothing listens on: bound once, then closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function planAgainst(baseUrl: string) {
  await using emulator = await startEmulator();
  using project = exampleProject(emulator, { environment: { baseUrl }, sync: { retries: 0 } });
  return await oc(project.root, ['plan']);
}

describe.concurrent('network failures', { timeout: 30_000 }, () => {
  it('a closed port: connection refused by host:port, check the base URL', async () => {
    const port = await closedPort();
    const result = await planAgainst(`http://127.0.0.1:${port}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`connection refused by 127.0.0.1:${port}`);
    expect(result.stderr).toContain(`check the base URL (http://127.0.0.1:${port})`);
    expect(result.stderr).not.toMatch(/run (apply|plan|it) again/i);
  });

  it('an unresolvable host: host not found, check the host name, DNS and the network', async () => {
    const result = await planAgainst('https://oc-sync-test.invalid');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('host not found: oc-sync-test.invalid');
    expect(result.stderr).toContain('check the base URL (https://oc-sync-test.invalid) for a typo');
  });

  it('a certificate Node does not trust: TLS, the reason, and how to give Node the CA', async () => {
    const fixtures = path.join(repoRoot, 'test/fixtures/tls');
    const server = createHttpsServer({
      key: readFileSync(path.join(fixtures, 'self-signed.key')),
      cert: readFileSync(path.join(fixtures, 'self-signed.crt')),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const result = await planAgainst(`https://127.0.0.1:${port}`);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('TLS: certificate of 127.0.0.1 not accepted: self-signed certificate');
      expect(result.stderr).toContain('NODE_EXTRA_CA_CERTS');
    } finally {
      server.close();
    }
  });
});
