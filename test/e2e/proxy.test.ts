import { describe, expect, it } from 'vitest';
import { closedPort, startForwardProxy } from '../support/forward-proxy.js';
import { oc, said } from './support/cli.js';
import { exampleProject, startEmulator } from './support/project.js';

/**
 * Issue 18 as a user behind a corporate proxy runs it: HTTP_PROXY exported for the built CLI (only in the child's
 * environment), the emulator reached through a local forward proxy; the proxy's password never printed.
 */

const PASSWORD = 'e2e-pr0xy-S3CRET';

describe.concurrent('behind a proxy', { timeout: 30_000 }, () => {
  it('doctor names the proxy (host:port) and every check passes through it; plan goes through it too', async () => {
    await using emulator = await startEmulator();
    await using proxy = await startForwardProxy();
    using project = exampleProject(emulator);
    const env = { HTTP_PROXY: `http://oc:${PASSWORD}@127.0.0.1:${proxy.port}` };

    const doctor = await oc(project.root, ['doctor'], env);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain(
      `✓ proxy: requests go through the proxy 127.0.0.1:${proxy.port} (from HTTP_PROXY`,
    );
    expect(doctor.stdout).toContain('✓ signed call: orgId and service key sign correctly');
    expect(doctor.stdout).toContain('all checks passed');
    const afterDoctor = proxy.seen.length;
    expect(afterDoctor).toBeGreaterThan(0);

    const plan = await oc(project.root, ['plan'], env);
    expect(plan.code).toBe(0);
    expect(proxy.seen.length).toBeGreaterThan(afterDoctor);
    for (const line of proxy.seen) expect(line).toMatch(new RegExp(`^(GET|POST) ${emulator.url}/`));
    // Every request the emulator answered came through the proxy.
    expect(emulator.requests.length).toBe(proxy.seen.length);
    expect(said(doctor) + said(plan)).not.toContain(PASSWORD);
  });

  it('NO_PROXY naming the host: direct, the proxy sees nothing and doctor mentions none', async () => {
    await using emulator = await startEmulator();
    await using proxy = await startForwardProxy();
    using project = exampleProject(emulator);
    const result = await oc(project.root, ['doctor'], {
      HTTP_PROXY: proxy.url,
      NO_PROXY: 'localhost,127.0.0.1',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('proxy');
    expect(proxy.seen).toEqual([]);
  });

  it('a proxy that is down: plan fails naming the proxy and what to check, never its password', async () => {
    await using emulator = await startEmulator();
    const port = await closedPort();
    using project = exampleProject(emulator, { sync: { retries: 0 } });
    const result = await oc(project.root, ['plan'], {
      HTTP_PROXY: `http://oc:${PASSWORD}@127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`connection refused by proxy 127.0.0.1:${port} (from HTTP_PROXY)`);
    expect(result.stderr).toContain('check HTTP_PROXY and that the proxy is up');
    expect(said(result)).not.toContain(PASSWORD);
    expect(emulator.requests).toEqual([]);
  });
});
