import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, it } from 'vitest';
import { createCustomerDataHandler } from '../../src/customer-data/handler.js';
import { listen } from './server.js';

/** The built CLI (`npm test` builds dist/ before vitest), run as a user runs it, against servers started here. */
const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/oc-sync.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli/commands/customer-data.js', import.meta.url));
const key = 'a1b2c3d4e5f60718293a4b5c';

async function ocCall(args: string[], env: Record<string, string> = { TEST_CUSTOMER_KEY: key }) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'customer-data', 'call', ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const goodServer = () =>
  listen(
    createCustomerDataHandler({
      key,
      lookup: (fields) => (fields.callNum === '01012345678' ? { userName: '홍길동', id: 'hong' } : null),
    }),
  );

/** A server that answers every request with this status and body, whatever the signature. */
const fixedServer = (status: number, body: string) =>
  listen((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
  });

const keyEnv = ['--key-env', 'TEST_CUSTOMER_KEY'];

// Each case spawns a Node process; running them side by side keeps the file fast.
describe.concurrent('oc-sync customer-data call', () => {
  beforeAll(() => {
    if (!existsSync(built)) throw new Error('dist/ is not built: run `npx tsc -p tsconfig.build.json` first');
  });

  it('passes against a correct server, showing each check and what OC displays', async ({ expect }) => {
    await using server = await goodServer();
    const result = await ocCall(['--url', server.url, ...keyEnv, '--body', '{"callNum":"01012345678"}']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toContain('✓ status 200');
    expect(lines).toContain('✓ the body has a "data" object');
    expect(lines).toContain('✓ every data value is a string (2 fields)');
    expect(lines.at(-1)).toBe('PASS — the reply follows the customer-data contract');
    expect(result.stdout).toMatch(/status 200 in \d+ ms — Online Contact shows: 조회 성공/);
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('fails on "no result" unless --expect-error, which then passes', async ({ expect }) => {
    await using server = await goodServer();
    const args = ['--url', server.url, ...keyEnv, '--body', '{"callNum":"000"}'];
    const plain = await ocCall(args);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('✗ status 400, expected 200');
    expect(plain.stdout).toContain('Online Contact shows: 조회 결과가 없습니다. (no result)');
    expect(plain.stdout.trim().split('\n').at(-1)).toBe('FAIL — 1 check failed');

    const expected = await ocCall([...args, '--expect-error']);
    expect(expected.code).toBe(0);
    expect(expected.stdout).toContain('✓ status 400 is a failure, as expected');
    expect(expected.stdout).toContain('✓ error.message is a string');
  });

  it('fails with --expect-error when the server answers 200', async ({ expect }) => {
    await using server = await goodServer();
    const result = await ocCall([
      '--url',
      server.url,
      ...keyEnv,
      '--body',
      '{"callNum":"01012345678"}',
      '--expect-error',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ status 200, but a failure was expected (--expect-error)');
  });

  it('fails when the server signs with another key (403 from the handler)', async ({ expect }) => {
    await using server = await goodServer();
    const result = await ocCall(['--url', server.url, ...keyEnv, '--body', '{"callNum":"01012345678"}'], {
      TEST_CUSTOMER_KEY: 'wrong-key',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ status 403, expected 200');
    expect(result.stdout).toContain('요청한 서버에 조회 권한이 없습니다.');
  });

  it('fails a 200 whose data values are not strings, naming them', async ({ expect }) => {
    await using server = await fixedServer(200, '{"data":{"userName":"hong","cash":1000}}');
    const result = await ocCall(['--url', server.url, ...keyEnv, '--body', '{"callNum":"1"}']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ data values must be strings; not strings: cash');
  });

  it('fails a failure reply without the error object, even under --expect-error', async ({ expect }) => {
    await using server = await fixedServer(404, '{"message":"not found"}');
    const result = await ocCall([
      '--url',
      server.url,
      ...keyEnv,
      '--body',
      '{"callNum":"1"}',
      '--expect-error',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✓ status 404 is a failure, as expected');
    expect(result.stdout).toMatch(/✗ the body has no "error" object/);
  });

  it('fails clearly when nothing answers', async ({ expect }) => {
    const closed = await goodServer();
    const url = closed.url;
    await closed[Symbol.asyncDispose]();
    const result = await ocCall(['--url', url, ...keyEnv, '--body', '{"callNum":"1"}', '--timeout', '2000']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ no HTTP answer: could not call http:\/\/127\.0\.0\.1:\d+: /);
  });

  it('stops before calling when the key variable is unset, and rejects a body that is not a JSON object', async ({
    expect,
  }) => {
    const unset = await ocCall(
      ['--url', 'http://127.0.0.1:9', '--key-env', 'NO_SUCH_VAR_FOR_TEST', '--body', '{}'],
      {},
    );
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain('environment variable NO_SUCH_VAR_FOR_TEST is not set or empty');
    const notObject = await ocCall(['--url', 'http://127.0.0.1:9', ...keyEnv, '--body', '[1]']);
    expect(notObject.code).toBe(1);
    expect(notObject.stderr).toContain('expected a JSON object of lookup fields');
  });
});
