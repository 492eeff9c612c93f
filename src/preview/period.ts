import type { PreviewDescriptor } from '../resources/resource.js';

/**
 * What a reader sees of a dated document (a notice) on a given day, from the view fields its kind's `preview.period`
 * names (`yyyyMMddHHmmss`, in the service's time zone): not yet shown, shown, or no longer shown.
 */
export type DisplayState = 'upcoming' | 'shown' | 'ended';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(text: string | undefined): text is string {
  return text !== undefined && DAY.test(text);
}

/** Today in a time zone, `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export function displayState(
  fields: Record<string, unknown>,
  period: NonNullable<PreviewDescriptor['period']>,
  day: string,
): DisplayState {
  const compact = day.replaceAll('-', '');
  const start = String(fields[period.start] ?? '');
  const end = String(fields[period.end] ?? '');
  if (start && start > `${compact}235959`) return 'upcoming';
  if (end && end < `${compact}000000`) return 'ended';
  return 'shown';
}

/** The date a dated document shows: its display date, else its start. */
export function shownDate(
  fields: Record<string, unknown>,
  period: NonNullable<PreviewDescriptor['period']>,
): string {
  return String(fields[period.display] || fields[period.start] || '');
}

/** `20261201090000` → `2026-12-01 09:00`; anything else as it is. */
export function formatStamp(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(stamp);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : stamp;
}
