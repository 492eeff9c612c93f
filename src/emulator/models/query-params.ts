import { badRequest } from '../errors.js';
import type { Query } from './model.js';

/** Reading list filters and action values; an unreadable value is a 400 naming the parameter. */

export function booleanValue(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === 'y') return true;
    if (lower === 'false' || lower === 'n') return false;
  }
  throw badRequest(`${name} must be true or false`);
}

export function booleanParam(query: Query, name: string): boolean | undefined {
  return booleanValue(query.get(name), name);
}

export function intParam(query: Query, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be a number`);
  return Number(raw);
}

/** A comma list of ids, e.g. `tag=31,32` or `id=1,2,3`. */
export function idListParam(query: Query, name: string): number[] | undefined {
  const raw = query.get(name);
  if (raw === undefined || raw === '') return undefined;
  const parts = raw.split(',').map((part) => part.trim());
  if (!parts.every((part) => /^\d+$/.test(part))) throw badRequest(`${name} must be a comma list of ids`);
  return parts.map(Number);
}

export function enumParam<T extends string>(query: Query, name: string, values: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === undefined || raw === '') return undefined;
  if (!(values as readonly string[]).includes(raw))
    throw badRequest(`${name} must be one of ${values.join(', ')}`);
  return raw as T;
}

/** Case-insensitive substring search over any of the texts. */
export function containsKeyword(texts: Iterable<string>, keyword: string | undefined): boolean {
  if (keyword === undefined || keyword === '') return true;
  const needle = keyword.toLowerCase();
  for (const text of texts) if (text.toLowerCase().includes(needle)) return true;
  return false;
}

/** Sort helpers: `true` first, larger first, smaller first. */
export const byFlagDesc = (a: boolean, b: boolean) => Number(b) - Number(a);
export const byNumberDesc = (a: number, b: number) => b - a;
export const byNumberAsc = (a: number, b: number) => a - b;
