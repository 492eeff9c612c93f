import { languageCode } from '../resources/wire.js';
import { assertTimeZone } from '../time/zoned-time.js';
import type { ServiceInfo } from './models/model.js';
import type { EmulatorServiceOptions } from './options.js';

/** The configured services, checked once at start, and their organization-level view (oc-api.md §6). */

export interface ResolvedService {
  options: EmulatorServiceOptions;
  info: ServiceInfo;
  name: string;
  openApi: boolean;
}

/** Default zones by default language (oc-api.md §6). */
const ZONE_BY_LANGUAGE: Record<string, string> = {
  ko: 'Asia/Seoul',
  ja: 'Asia/Tokyo',
  en: 'America/New_York',
  zh: 'Asia/Shanghai',
};

const LANGUAGE_NAMES: Record<string, string> = { ko: '한국어', en: 'English', ja: '日本語', zh: '中文' };

export function resolveServices(list: readonly EmulatorServiceOptions[]): Map<string, ResolvedService> {
  const resolved = new Map<string, ResolvedService>();
  for (const options of list) {
    const { serviceId, languages } = options;
    if (!/^[A-Za-z0-9_-]{1,45}$/.test(serviceId)) {
      throw new Error(`emulator: serviceId "${serviceId}" must be 1–45 letters, digits, _ or -`);
    }
    if (resolved.has(serviceId)) throw new Error(`emulator: service ${serviceId} is listed twice`);
    if (languages.length === 0) throw new Error(`emulator: service ${serviceId} needs at least one language`);
    for (const code of languages) {
      if (!languageCode.safeParse(code).success) {
        throw new Error(
          `emulator: service ${serviceId}: "${code}" is not a language code (letters and _, ≤ 6)`,
        );
      }
    }
    const defaultLanguage = languages[0] as string;
    const timeZone = options.timeZone ?? ZONE_BY_LANGUAGE[defaultLanguage] ?? 'UTC';
    try {
      assertTimeZone(timeZone);
    } catch {
      throw new Error(`emulator: service ${serviceId}: unknown time zone "${timeZone}"`);
    }
    resolved.set(serviceId, {
      options: { ...options, languages: [...languages], timeZone },
      info: {
        serviceId,
        languages: [...languages],
        defaultLanguage,
        multilingual: languages.length > 1,
        timeZone,
      },
      name: options.name ?? serviceId,
      openApi: options.openApi !== false,
    });
  }
  return resolved;
}

/** The service object of the organization calls; `securityKey` is null while Open API is disabled. */
export function serviceView(service: ResolvedService, createdDt: number): Record<string, unknown> {
  const { info } = service;
  return {
    serviceId: info.serviceId,
    name: service.name,
    active: true,
    type: 1,
    language: info.defaultLanguage,
    timeZone: info.timeZone,
    multiLanguage: info.multilingual,
    createdDt,
    updatedDt: createdDt,
    securityKey: service.openApi ? service.options.serviceKey : null,
    languages: info.languages.map((code, index) => ({
      serviceId: info.serviceId,
      code,
      name: LANGUAGE_NAMES[code] ?? code,
      mainFlag: index === 0,
      orderNo: index + 1,
      delFlag: false,
      createdDt,
      updatedDt: createdDt,
    })),
  };
}

/** [2023] `GET /{serviceId}/api/v2/service.json`: what the help center itself shows of the service. */
export function publicServiceView(service: ResolvedService): Record<string, unknown> {
  const { info } = service;
  return {
    serviceId: info.serviceId,
    name: service.name,
    language: info.defaultLanguage,
    multiLanguage: info.multilingual,
    languages: info.languages.map((code, index) => ({
      code,
      name: LANGUAGE_NAMES[code] ?? code,
      orderNo: index + 1,
    })),
  };
}
