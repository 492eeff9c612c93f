import { z } from 'zod';

/**
 * Organization-level service calls, signed with the organization key (oc-api.md §6). Paths are relative to
 * `/openapi/`; the service list is paged with a default page size of 100.
 */

export const serviceRoutes = {
  list: { method: 'GET', path: 'v1/admin/service/list.json' },
  get: { method: 'GET', path: 'v1/admin/service/{ref}.json' },
} as const;

export const serviceRecord = z.looseObject({
  serviceId: z.string(),
  name: z.string().nullish(),
  active: z.boolean().nullish(),
  language: z.string().nullish(),
  timeZone: z.string().nullish(),
  type: z.number().nullish(),
  createdDt: z.number().nullish(),
  updatedDt: z.number().nullish(),
  securityKey: z.string().nullish(),
  languages: z
    .array(
      z.looseObject({
        code: z.string(),
        name: z.string().nullish(),
        mainFlag: z.unknown(),
        orderNo: z.number().nullish(),
      }),
    )
    .nullish(),
});
export type ServiceRecord = z.infer<typeof serviceRecord>;

/**
 * [2023] The help center's public service description, `GET /{serviceId}/api/v2/service.json`, unauthenticated
 * (oc-api.md §6): the default language and the languages the service offers. Plan reads it to tell, before a merge,
 * that content uses a language the service lacks.
 */
export const publicServiceRoute = { method: 'GET', path: 'v2/service.json' } as const;

export const publicServiceRecord = z.looseObject({
  language: z.string().nullish(),
  multiLanguage: z.boolean().nullish(),
  languages: z
    .array(z.looseObject({ code: z.string(), name: z.string().nullish(), orderNo: z.number().nullish() }))
    .nullish(),
});
export type PublicServiceRecord = z.infer<typeof publicServiceRecord>;
