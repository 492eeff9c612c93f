import { describe, expect, it } from 'vitest';
import { fetchDetails, fetchRemoteLists } from '../../src/sync/remote-state.js';
import { startRig } from '../support/connect.js';
import { sampleFor } from '../support/samples.js';

describe('fetchDetails', () => {
  it('returns the listing with the details asked for, and leaves the listing as it was', async () => {
    await using rig = await startRig();
    const faqs = [];
    for (let i = 0; i < 2; i++) {
      const sample = await sampleFor('faq', rig.api);
      faqs.push(await rig.api.faq.create(sample.create as never));
    }
    const notice = await rig.api.notice.create((await sampleFor('notice', rig.api)).create as never);
    const listing = await fetchRemoteLists(rig.api);
    const [first, second] = faqs.map((f) => f.helpDocId) as [number, number];
    const noticeId = (notice as { noticeId: number }).noticeId;

    const remote = await fetchDetails(rig.api, listing, (kind, id) => id === first || kind === 'notice');

    expect(remote.documents.faq.get(first)?.detail).toMatchObject({ helpDocId: first });
    expect(remote.documents.faq.get(second)?.detail).toBeUndefined();
    expect(remote.documents.notice.get(noticeId)?.detail).toMatchObject({ noticeId });
    expect([...remote.documents.faq.keys()]).toEqual([...listing.documents.faq.keys()]);
    expect(remote.lists).toBe(listing.lists);
    for (const kind of ['faq', 'notice', 'template'] as const)
      for (const doc of listing.documents[kind].values()) expect(doc.detail).toBeUndefined();
  });
});
