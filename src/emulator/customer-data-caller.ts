import { CustomerDataCallError, type CustomerDataReply, callCustomerData } from '../customer-data/call.js';
import type { CustomerDataCallEntry, EmulatorCustomerDataOptions } from './options.js';

/**
 * The emulator playing Online Contact in the other direction (DESIGN §7): it calls the configured customer server
 * with the lookup fields an agent would trigger, signed with the emulator's clock, and keeps a log of the calls.
 */
export function createCustomerDataCaller(
  options: EmulatorCustomerDataOptions | undefined,
  now: () => number,
) {
  const calls: CustomerDataCallEntry[] = [];

  async function call(values: Record<string, string>): Promise<CustomerDataReply> {
    if (!options)
      throw new Error(
        'the emulator has no customer server: pass customerData: {url, key} to createEmulator.',
      );
    const at = now();
    const body = orderedBody(values, options.fields);
    const record = (entry: Omit<CustomerDataCallEntry, 'url' | 'at'>) =>
      calls.push({ url: options.url, at, ...entry });
    try {
      const reply = await callCustomerData({
        url: options.url,
        key: options.key,
        body,
        now,
        timeoutMs: options.timeoutMs,
      });
      const { status, bodyText, ms, request } = reply;
      record({ body: request.body, timestamp: request.timestamp, status, reply: bodyText, ms });
      return reply;
    } catch (error) {
      if (error instanceof CustomerDataCallError)
        record({
          body: JSON.stringify(body),
          timestamp: String(at),
          status: null,
          reply: error.message,
          ms: 0,
        });
      throw error;
    }
  }

  return { calls, call };
}

/** Online Contact sends the configured lookup fields, in their configured order, as strings. */
function orderedBody(
  values: Record<string, string>,
  fields: readonly string[] | undefined,
): Record<string, string> {
  for (const [field, value] of Object.entries(values)) {
    if (typeof value !== 'string') throw new TypeError(`customer-data field ${field} must be a string.`);
    if (fields && !fields.includes(field))
      throw new Error(`${field} is not a configured lookup field (configured: ${fields.join(', ')}).`);
  }
  if (!fields) return { ...values };
  const ordered: Record<string, string> = {};
  for (const field of fields) if (Object.hasOwn(values, field)) ordered[field] = values[field] as string;
  return ordered;
}
