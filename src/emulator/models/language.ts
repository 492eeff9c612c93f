import { badRequest } from '../errors.js';
import type { ServiceInfo } from './model.js';

/**
 * Language maps (`contents`, `languages`, `names`) and their one-language projections (oc-api.md §5.0). A map may
 * only use the service's languages and must hold the default language, which is what projections fall back to.
 */

export function checkLanguageKeys(map: Record<string, unknown>, service: ServiceInfo, field: string): void {
  for (const code of Object.keys(map)) {
    if (!service.languages.includes(code)) {
      throw badRequest(`${field}.${code}: not a language of this service (${service.languages.join(', ')})`);
    }
  }
  if (!Object.hasOwn(map, service.defaultLanguage)) {
    throw badRequest(`${field}.${service.defaultLanguage} is required (the service default language)`);
  }
}

/**
 * Merges the single-language field (`name`, `tag`, `title`…) and the multilingual map into one map. Both forms are
 * accepted on every service; the flat value stands for the default language when the map lacks it.
 */
export function mergeFlat<T>(
  map: Record<string, T> | undefined,
  flat: T | undefined,
  service: ServiceInfo,
  field: string,
): Record<string, T> {
  const merged: Record<string, T> = { ...(map ?? {}) };
  if (flat !== undefined && !Object.hasOwn(merged, service.defaultLanguage))
    merged[service.defaultLanguage] = flat;
  checkLanguageKeys(merged, service, field);
  return inServiceOrder(merged, service);
}

/** The map with its keys in the service's language order, so responses are stable. */
export function inServiceOrder<T>(map: Record<string, T>, service: ServiceInfo): Record<string, T> {
  const ordered: Record<string, T> = {};
  for (const code of service.languages) if (Object.hasOwn(map, code)) ordered[code] = map[code] as T;
  return ordered;
}

/** The projection language of a request: the `language` param when the service has it, else the default. */
export function projectionLanguage(requested: string | undefined, service: ServiceInfo): string {
  return requested !== undefined && service.languages.includes(requested)
    ? requested
    : service.defaultLanguage;
}

/** The value in `language`, else in the default language, else the first one present. */
export function project<T>(map: Record<string, T>, language: string, service: ServiceInfo): T | undefined {
  if (Object.hasOwn(map, language)) return map[language];
  if (Object.hasOwn(map, service.defaultLanguage)) return map[service.defaultLanguage];
  return Object.values(map)[0];
}
