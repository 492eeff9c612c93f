import { describe, expect, it } from 'vitest';
import { createCustomerDataHandler } from '../../src/customer-data/handler.js';
import { createEmulator } from '../../src/emulator/index.js';
import { listen } from './server.js';

/** The whole loop: the emulator plays Online Contact, calls a customer server built on the handler, and back. */

const key = 'c0ffee00c0ffee00c0ffee00';

function customerServer() {
  return listen(
    createCustomerDataHandler({
      key,
      lookup: ({ callNum, nation }) =>
        callNum === '01012345678' ? { userName: '홍길동', nation: nation ?? '' } : null,
    }),
  );
}

describe('emulator → customer server → emulator', () => {
  it('signs and POSTs the configured fields and returns the reply, logging the call', async () => {
    await using server = await customerServer();
    await using emulator = await createEmulator({
      customerData: { url: `${server.url}/customer`, key, fields: ['callNum', 'nation'] },
    });
    const found = await emulator.callCustomerData({ nation: 'korea', callNum: '01012345678' });
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ data: { userName: '홍길동', nation: 'korea' } });

    const missing = await emulator.callCustomerData({ callNum: '000' });
    expect(missing.status).toBe(400);

    expect(emulator.customerDataCalls).toMatchObject([
      { url: `${server.url}/customer`, body: '{"callNum":"01012345678","nation":"korea"}', status: 200 },
      { body: '{"callNum":"000"}', status: 400 },
    ]);
  });

  it('refuses a field that is not configured, before calling', async () => {
    await using server = await customerServer();
    await using emulator = await createEmulator({
      customerData: { url: server.url, key, fields: ['callNum'] },
    });
    await expect(emulator.callCustomerData({ telNo: '1' })).rejects.toThrow(
      /telNo is not a configured lookup field/,
    );
    expect(emulator.customerDataCalls).toEqual([]);
  });

  it('signs with the emulator clock, so a skewed Online Contact is rejected as expired', async () => {
    await using server = await customerServer();
    await using emulator = await createEmulator({
      now: () => Date.now() - 10 * 60_000,
      customerData: { url: server.url, key },
    });
    const reply = await emulator.callCustomerData({ callNum: '01012345678' });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ error: { code: 'expired' } });
  });

  it('says what is missing when no customer server is configured', async () => {
    await using emulator = await createEmulator();
    await expect(emulator.callCustomerData({ callNum: '1' })).rejects.toThrow(/customerData: \{url, key\}/);
  });
});
