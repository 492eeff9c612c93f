import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/remote/errors.js';
import { resourceList } from '../../src/resources/registry.js';
import { startRig, type TestRig } from '../support/connect.js';
import { sampleFor } from '../support/samples.js';

/** Every resource kind in the registry, through the typed client, against the emulator. */
describe.each(resourceList.map((def) => [def.label, def] as const))(
  '%s through client → emulator',
  (_, def) => {
    let rig: TestRig;
    beforeAll(async () => {
      rig = await startRig();
    });
    afterAll(() => rig.emulator.close());

    it('creates, reads, lists, updates and deletes', async () => {
      const api = rig.api[def.kind];
      const sample = await sampleFor(def.kind, rig.api);
      // biome-ignore lint/suspicious/noExplicitAny: the sample bodies are per kind; the schema is checked by the service
      const created = (await api.create(sample.create as any)) as Record<string, unknown>;
      const id = created[def.idField] as number;
      expect(typeof id).toBe('number');
      expect(sample.read(created)).toEqual(sample.expected.created);

      const detail = (await api.get(id)) as Record<string, unknown>;
      expect(detail[def.idField]).toBe(id);
      expect(sample.read(detail)).toEqual(sample.expected.created);

      const listed = (await api.listAll()) as Record<string, unknown>[];
      expect(listed.map((item) => item[def.idField])).toContain(id);

      // biome-ignore lint/suspicious/noExplicitAny: as above
      await api.update(id, sample.update as any);
      const updated = (await api.get(id)) as Record<string, unknown>;
      expect(sample.read(updated)).toEqual(sample.expected.updated);
      expect(updated.updatedDt ?? 0).toBeGreaterThanOrEqual((detail.updatedDt as number | undefined) ?? 0);

      await api.delete(id);
      const gone = await api.get(id).catch((error: unknown) => error);
      expect(gone).toBeInstanceOf(ApiError);
      expect((gone as ApiError).resultCode).toBe(404);
    });

    it('answers 404 for an id that does not exist', async () => {
      await expect(rig.api[def.kind].get(987654)).rejects.toMatchObject({ resultCode: 404 });
      await expect(rig.api[def.kind].delete(987654)).rejects.toMatchObject({ resultCode: 404 });
    });
  },
);

/** Tags, headings and FAQ categories are addressable by code too (oc-api.md §5.0). */
describe.each(resourceList.filter((def) => def.codeField).map((def) => [def.label, def] as const))(
  '%s by code',
  (_, def) => {
    let rig: TestRig;
    beforeAll(async () => {
      rig = await startRig();
    });
    afterAll(() => rig.emulator.close());

    it('addresses the item by code as well as by id', async () => {
      const api = rig.api[def.kind];
      const sample = await sampleFor(def.kind, rig.api);
      // biome-ignore lint/suspicious/noExplicitAny: as above
      const created = (await api.create(sample.create as any)) as Record<string, unknown>;
      const code = created[def.codeField as string] as string;
      const byCode = (await api.get(code)) as Record<string, unknown>;
      expect(byCode[def.idField]).toBe(created[def.idField]);
      await api.delete(code);
      await expect(api.get(created[def.idField] as number)).rejects.toMatchObject({ resultCode: 404 });
    });
  },
);
