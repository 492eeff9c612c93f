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
