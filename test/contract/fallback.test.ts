import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/remote/errors.js';
import { startRig } from '../support/connect.js';

/** A GET route answered 404 is tried once on its documented older variant, which is then kept (oc-api.md §8). */
describe('v2 → v1 fallback', () => {
  it('falls back to the v1 list on a 404 and keeps using it', async () => {
    await using rig = await startRig();
    rig.emulator.addFault({ type: 'status', status: 404, path: '/v2/notice/categories.json' });
    await expect(rig.api.heading.listAll()).resolves.toEqual([]);
    await expect(rig.api.heading.listPage()).resolves.toMatchObject({ items: [] });
    const paths = rig.emulator.requests.map((r) => r.path.replace(/^.*\/openapi\//, ''));
    expect(paths).toEqual([
      'v2/notice/categories.json',
      'v1/notice/categories.json',
      'v1/notice/categories.json',
    ]);
  });

  it('does not fall back on other failures', async () => {
    await using rig = await startRig();
    rig.emulator.addFault({ type: 'status', status: 403, path: '/v2/notice/categories.json' });
    expect(await rig.api.heading.listAll().catch((e: unknown) => e)).toBeInstanceOf(ApiError);
    expect(rig.emulator.requests.map((r) => r.path.replace(/^.*\/openapi\//, ''))).toEqual([
      'v2/notice/categories.json',
    ]);
  });
});
