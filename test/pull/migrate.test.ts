import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareHtml } from '../../src/content/dom-equivalence.js';
import type { EmulatedService, Emulator } from '../../src/emulator/index.js';
import { resourceOf } from '../../src/resources/registry.js';
import type { ResourceKind } from '../../src/resources/resource.js';
import { makePlan } from '../../src/sync/make-plan.js';
import { seedEditorService, startPullRig } from './support/pull-rig.js';

/** Issue #6: migrate copies a whole help center to another service, and doing it again changes nothing. */

type Rec = Record<string, unknown>;
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

/** A service's content in a form two services can be compared in: codes for ids, MD5s for files, keys for links. */
function snapshot(emulator: Emulator, keys: Record<string, number>) {
  const service: EmulatedService = emulator.service();
  const keyById = new Map(Object.entries(keys).map(([key, id]) => [id, key]));
  const codeOf = (kind: ResourceKind, id: unknown) => {
    const record = service.get(kind, id as number) as Rec | undefined;
    return record?.[resourceOf(kind).codeField as string];
  };
  const fileOf = (id: string) => {
    const found = service.attachment(id);
    return found ? `${md5(found.bytes)}:${found.fileName}` : `missing:${id}`;
  };
  const html = (text: string) =>
    text
      .replaceAll(emulator.url, '{base}')
      .replace(
        /\{base\}\/HelpCenter\/openapi\/v2\/attachments\/(?:help|notice)\/([0-9a-f]{32})/g,
        (_, id: string) => `file:${fileOf(id).split(':')[0]}`,
      )
      .replace(
        /\{base\}\/hc\/HelpCenter\/(?:faq|notice)\/(\d+)/g,
        (_, id: string) => `doc:${keyById.get(Number(id))}`,
      );
  const contents = (record: Rec) =>
    Object.fromEntries(
      Object.entries(
        record.contents as Record<
          string,
          { title: string; content: string; attachments?: { attachmentId: string }[] }
        >,
      ).map(([language, c]) => [
        language,
        {
          title: c.title,
          html: html(c.content),
          files: (c.attachments ?? []).map((a) => fileOf(a.attachmentId).split(':')[0]).sort(),
        },
      ]),
    );
  type Snapshot = { contents: ReturnType<typeof contents> } & Rec;
  const documents: Record<string, Snapshot> = Object.fromEntries(
    Object.entries(keys).map(([key, id]) => {
      const kind: ResourceKind = key.startsWith('faq/')
        ? 'faq'
        : key.startsWith('notices/')
          ? 'notice'
          : 'template';
      const r = service.get(kind, id) as Rec;
      const common = { status: r.status, contents: contents(r) };
      if (kind === 'faq')
        return [
          key,
          {
            ...common,
            category: codeOf('faqCategory', (r.categories as Rec[])[0]?.categoryId),
            isTop: r.isTop,
            isRecommend: r.isRecommend,
          },
        ];
      const tags = ((r.tags as Rec[]) ?? []).map((t) => codeOf('tag', t.tagId)).sort();
      const heading = codeOf('heading', r.categoryId);
      if (kind === 'notice')
        return [
          key,
          {
            ...common,
            heading,
            tags,
            isTop: r.isTop,
            startDt: r.startDt,
            endDt: r.endDt,
            displayDt: r.displayDt,
          },
        ];
      return [key, { ...common, heading, tags, subject: r.subject, memo: r.memo }];
    }),
  );
  const list = (kind: ResourceKind) =>
    service
      .list(kind)
      .map((r) => ({
        code: r[resourceOf(kind).codeField as string],
        names: r.languages,
        order: r.orderNo,
        parent: r.parent ? codeOf(kind, r.parent) : undefined,
        level: r.level,
      }))
      .sort((a, b) => String(a.code).localeCompare(String(b.code)));
  return { documents, categories: list('faqCategory'), headings: list('heading'), tags: list('tag') };
}

describe('migrate', () => {
  it('copies a seeded service completely, and a plan against the target is a no-op', async () => {
    await using rig = await startPullRig();
    seedEditorService(rig.source);
    const result = await rig.migrate({ into: 'migrated' });
    expect(result.apply.result.counts).toMatchObject({ failed: 0, 'skipped-drift': 0 });
    expect(result.apply.result.counts.created).toBe(result.pull.documents.length + 6 + 3 + 3);

    const sourceKeys = JSON.parse(
      readFileSync(path.join(rig.project.root, 'migrated/.oc-sync/state/source.json'), 'utf8'),
    );
    const targetKeys = JSON.parse(
      readFileSync(path.join(rig.project.root, '.oc-sync/state/target.json'), 'utf8'),
    );
    const ids = (state: { documents: Record<string, { id: number }> }) =>
      Object.fromEntries(Object.entries(state.documents).map(([key, entry]) => [key, entry.id]));
    expect(Object.keys(targetKeys.documents).sort()).toEqual(Object.keys(sourceKeys.documents).sort());

    const a = snapshot(rig.source, ids(sourceKeys));
    const b = snapshot(rig.target, ids(targetKeys));
    expect(b.categories).toEqual(a.categories);
    expect(b.categories.filter((c) => c.level === 3).map((c) => c.code)).toEqual(['password', 'sign-in']);
    expect(b.headings).toEqual(a.headings);
    expect(b.tags).toEqual(a.tags);
    for (const [key, doc] of Object.entries(a.documents)) {
      const copy = b.documents[key] as typeof doc;
      expect(copy, key).toBeDefined();
      const { contents: left, ...fields } = doc;
      const { contents: right, ...copied } = copy;
      expect(copied, key).toEqual(fields);
      expect(Object.keys(right), key).toEqual(Object.keys(left));
      for (const [language, content] of Object.entries(left)) {
        const other = right[language] as typeof content;
        expect(other.title, `${key} ${language}`).toBe(content.title);
        expect(compareHtml(content.html, other.html), `${key} ${language}`).toEqual({ same: true });
        // Files listed on the source are listed on the copy (which also lists what its body links to).
        for (const file of content.files) expect(other.files, `${key} ${language}`).toContain(file);
      }
    }
    // Attachments arrived byte for byte: the snapshots compare every listed and linked file by its MD5.
    expect(JSON.stringify(b.documents)).toContain('file:');

    const { loaded, environment, connection } = await rig.open('target');
    rig.target.clearRequests();
    const { plan } = await makePlan({
      loaded: { ...loaded, config: { ...loaded.config, content: path.join(rig.project.root, 'migrated') } },
      environment,
      connection,
      projectRoot: rig.project.root,
      cwd: rig.project.root,
      prune: false,
    });
    expect(plan.summary).toMatchObject({
      create: 0,
      update: 0,
      delete: 0,
      move: 0,
      drifted: 0,
      conflicts: 0,
    });
    expect(rig.target.requests.every((r) => r.method === 'GET' && !/\/\d+\.json$/.test(r.path))).toBe(true);
  });

  it('a second migrate (through a temporary folder) changes nothing on the target', async () => {
    await using rig = await startPullRig();
    seedEditorService(rig.source);
    const first = await rig.migrate();
    expect(first.apply.result.counts.failed).toBe(0);
    rig.target.clearRequests();
    const second = await rig.migrate();
    expect(second.apply.result.counts).toMatchObject({
      created: 0,
      updated: 0,
      moved: 0,
      deleted: 0,
      failed: 0,
    });
    expect(second.apply.result.uploads).toBe(0);
    expect(rig.target.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
