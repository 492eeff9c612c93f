import { epochToZoned } from '../time/zoned-time.js';

/**
 * Front-matter dates → the API's `yyyyMMddHHmmss` in the service time zone (DESIGN §1, oc-api.md §5.0).
 * Accepts `2026-12-01`, `2026-12-01 09:30`, `2026-12-01 09:30:15` (wall-clock time in the config `timeZone`) and
 * ISO 8601 with an offset (`2026-12-01T09:30:00+09:00`, `…Z`), which is converted into the time zone.
 */

export type DateResult = { ok: true; value: string } | { ok: false; message: string };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export const dateFormats = '`YYYY-MM-DD`, `YYYY-MM-DD HH:mm` or ISO 8601 with an offset';

export function toApiDate(value: unknown, timeZone: string): DateResult {
  if (typeof value !== 'string') {
    return { ok: false, message: `must be a date written as ${dateFormats}, got ${JSON.stringify(value)}` };
  }
  const text = value.trim();
  const local = LOCAL.exec(text);
  if (local) {
    const [, y, mo, d, h = '00', mi = '00', s = '00'] = local;
    const problem = checkParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
    if (problem) return { ok: false, message: `${JSON.stringify(value)} is not a real date: ${problem}` };
    return { ok: true, value: `${y}${mo}${d}${h}${mi}${s}` };
  }
  const zoned = WITH_OFFSET.exec(text);
  if (zoned) {
    const [, y, mo, d, h, mi, s = '00'] = zoned;
    const problem = checkParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
    if (problem) return { ok: false, message: `${JSON.stringify(value)} is not a real date: ${problem}` };
    const instant = Date.parse(text);
    if (!Number.isFinite(instant))
      return { ok: false, message: `${JSON.stringify(value)} is not a valid date` };
    return { ok: true, value: epochToZoned(instant, timeZone) };
  }
  return { ok: false, message: `${JSON.stringify(value)} is not a date written as ${dateFormats}` };
}

function checkParts(y: number, mo: number, d: number, h: number, mi: number, s: number): string | undefined {
  if (mo < 1 || mo > 12) return `month ${mo} does not exist`;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return `${y}-${String(mo).padStart(2, '0')} has ${days} days`;
  if (h > 23) return `hour ${h} does not exist`;
  if (mi > 59) return `minute ${mi} does not exist`;
  if (s > 59) return `second ${s} does not exist`;
  return undefined;
}
