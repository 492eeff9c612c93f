import type { ListEntry } from './list-yaml.js';

export interface MergedList {
  /** The service's items, then the local ones it does not have. */
  merged: ListEntry[];
  /** Items only in the local file, kept. */
  keptLocal: ListEntry[];
}

/**
 * A YAML list merged with what the service holds: the service's items replace the local ones with the same code,
 * items only in the file are kept — their parent too, when the service or the kept items still have it.
 */
export function mergeListEntries(remote: readonly ListEntry[], local: readonly ListEntry[]): MergedList {
  const remoteCodes = new Set(remote.map((e) => e.code));
  const keptLocal = local.filter((e) => !remoteCodes.has(e.code));
  const merged = [
    ...remote,
    ...keptLocal.map((e) => ({
      ...e,
      parentCode:
        e.parentCode && (remoteCodes.has(e.parentCode) || keptLocal.some((k) => k.code === e.parentCode))
          ? e.parentCode
          : undefined,
    })),
  ];
  return { merged, keptLocal };
}
