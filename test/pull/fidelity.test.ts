import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import spec, { type SpecExample } from 'commonmark-spec';
import type { RootContent } from 'hast';
import { describe, expect, it } from 'vitest';
import { compareHtml, describeDifference, parseFragment } from '../../src/content/dom-equivalence.js';
import { URL_ATTRIBUTES } from '../../src/content/markdown.js';
import { readContent } from '../../src/content/read-content.js';
import { isWebUrl } from '../../src/content/web-urls.js';
import type { EmulatedService, Emulator } from '../../src/emulator/index.js';
import { makeProject } from '../support/project.js';
import { type PullRig, seedEditorService, seedFaqs, startPullRig } from './support/pull-rig.js';

/**
 * Issue #16, measured as it was found: HTML already on a service (every CommonMark spec example's expected HTML,
 * and the editor corpus of test/fixtures/editor-html/) is pulled, then migrated to an empty service; every body
 * the copy holds must be the same DOM as the original, attribute values compared as strings. Pull's own count
 * ("N render to the same HTML") must name exactly the bodies that are not.
 */

type Body = { title: string; content: string };
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
type Rec = Record<string, unknown>;

/** A service's bodies by document key, URLs made comparable across services: base URL, attachment MD5s, keys. */
function bodies(emulator: Emulator, keys: Record<string, number>): Map<string, Body> {
  const service: EmulatedService = emulator.service();
  const keyById = new Map(Object.entries(keys).map(([key, id]) => [id, key]));
  const html = (text: string) =>
    text
      .replace(
        new RegExp(`${emulator.url}/HelpCenter/openapi/v2/attachments/(?:help|notice)/([0-9a-f]{32})`, 'g'),
        (_, id: string) => `attachment:${md5(service.attachment(id)?.bytes ?? new Uint8Array())}`,
      )
      .replace(
        new RegExp(`${emulator.url}/hc/HelpCenter/(?:faq|notice)/(\\d+)`, 'g'),
        (_, id: string) => `document:${keyById.get(Number(id))}`,
      );
  const found = new Map<string, Body>();
  for (const [key, id] of Object.entries(keys)) {
    const kind = key.startsWith('faq/') ? 'faq' : key.startsWith('notices/') ? 'notice' : 'template';
    const record = service.get(kind, id) as Rec;
    for (const [language, c] of Object.entries(record.contents as Record<string, Body>))
      found.set(`${key} (${language})`, { title: c.title, content: html(c.content) });
  }
  return found;
}

const stateKeys = (file: string): Record<string, number> => {
  const state = JSON.parse(readFileSync(file, 'utf8')) as { documents: Record<string, { id: number }> };
  return Object.fromEntries(Object.entries(state.documents).map(([key, entry]) => [key, entry.id]));
};

/**
 * Pulls the source into `migrated/`, applies it to the empty target, and returns every body whose copy differs
 * from the original (with where), next to the bodies pull itself reported as not exact.
 */
async function migrateAndCompare(rig: PullRig) {
  const result = await rig.migrate({ into: 'migrated' });
  expect(result.apply.result.counts).toMatchObject({ failed: 0 });
  const root = rig.project.root;
  const original = bodies(rig.source, stateKeys(path.join(root, 'migrated/.oc-sync/state/source.json')));
  const copy = bodies(rig.target, stateKeys(path.join(root, '.oc-sync/state/target.json')));
  const differing: Record<string, string> = {};
  for (const [body, { content }] of original) {
    const copied = copy.get(body);
    if (!copied) differing[body] = 'missing on the target';
    else {
      const difference = compareHtml(content, copied.content);
      if (!difference.same) differing[body] = describeDifference(difference);
    }
  }
  const reported = Object.fromEntries(
    result.pull.conversion.inexact.map((b) => [`${b.key} (${b.language})`, b.reason]),
  );
  return { differing, reported, conversion: result.pull.conversion };
}

/**
 * The state lost right after a pull (a new clone, a deleted file): `pull --adopt` rebuilds it from the pulled files,
 * comparing each body's rendering with the HTML the service holds, and records a differing one as of an unknown
 * version, so the plan after it holds that one as drift. What either of them finds different, listed.
 */
async function adoptAfterLostState(rig: PullRig) {
  rmSync(path.join(rig.project.root, '.oc-sync/state/source.json'));
  const adopted = await rig.adopt();
  const { plan } = await rig.plan();
  const notSame = adopted.adopted
    .filter((document) => !document.same)
    .map(
      (document) =>
        `${document.key}: ${document.changedFields.join(', ')}${document.bodyDifferences
          .map((difference) => `\n    ${difference.language}: ${difference.reason}`)
          .join('')}`,
    );
  return { adopted, notSame, summary: plan.summary, warnings: plan.warnings };
}

const NOTHING_TO_DO = { create: 0, update: 0, delete: 0, drifted: 0, conflicts: 0 };

describe('pull fidelity (issue #16)', () => {
  it('CommonMark spec: every example pulled renders back to the same DOM, and pull counts them all exact', async () => {
    await using rig = await startPullRig({ languages: ['ko'] });
    const { ids } = seedFaqs(
      rig.source,
      { code: 'spec', names: { ko: '명세' } },
      spec.tests.map((test) => ({ title: `예제 ${test.number}`, content: test.html })),
    );
    const example = new Map<number, SpecExample>(
      ids.map((id, index) => [id, spec.tests[index] as SpecExample]),
    );

    const pulled = await rig.pull();
    expect(pulled.diagnostics).toEqual([]);
    // Read back as validate, plan and apply read it (spec bodies link no attachments or documents).
    const root = rig.project.root;
    const content = await readContent({
      projectRoot: root,
      contentDir: path.join(root, 'content'),
      languages: ['ko'],
      timeZone: 'Asia/Seoul',
      allowUnsafeHtml: ['iframe', 'script'],
    });
    const idsByKey = stateKeys(path.join(root, '.oc-sync/state/source.json'));
    const differing: Record<number, string> = {};
    for (const doc of content.state.documents) {
      const test = example.get(idsByKey[doc.key] as number) as SpecExample;
      const difference = compareHtml(test.html, doc.contents.ko?.loadBody() ?? '');
      if (!difference.same) differing[test.number] = `${doc.key}: ${describeDifference(difference)}`;
    }
    expect(content.state.documents).toHaveLength(spec.tests.length);
    expect(
      Object.keys(differing),
      `examples that do not render back:\n${Object.entries(differing)
        .map(([n, why]) => `  #${n} ${why}`)
        .join('\n')}`,
    ).toEqual([]);
    // Pull's count is honest: it names exactly the bodies that do not render back (none).
    expect(pulled.conversion.inexact.map((b) => `${b.key}: ${b.reason}`)).toEqual([]);
    expect(pulled.conversion.exact).toBe(spec.tests.length);

    // The same files adopted with the state lost: every body matches the service's, and the plan has nothing to do.
    const { adopted, notSame, summary, warnings } = await adoptAfterLostState(rig);
    expect(adopted.diagnostics).toEqual([]);
    expect(notSame, `adopted bodies that differ:\n${notSame.join('\n')}`).toEqual([]);
    expect(adopted.adopted).toHaveLength(spec.tests.length);
    expect([adopted.unmatchedLocal, adopted.unmatchedRemote]).toEqual([[], []]);
    expect(summary).toMatchObject(NOTHING_TO_DO);
    expect(warnings).toEqual([]);

    // And migrated to an empty service: every body the copy holds is the original's DOM.
    const migrated = await migrateAndCompare(rig);
    expect(
      Object.keys(migrated.differing),
      `bodies that differ after migrate:\n${JSON.stringify(migrated.differing, null, 1)}`,
    ).toEqual([]);
    expect(migrated.conversion.exact).toBe(spec.tests.length);
    // 652 bodies pulled, read back, adopted, planned and migrated through the library: seconds, more when loaded.
  }, 180_000);

  it('editor corpus: every body pulled and migrated is the same DOM, and pull reports none as inexact', async () => {
    await using rig = await startPullRig();
    seedEditorService(rig.source);
    const { differing, reported, conversion } = await migrateAndCompare(rig);
    const list = (found: Record<string, string>) =>
      Object.entries(found)
        .map(([body, why]) => `  ${body}: ${why}`)
        .join('\n');
    expect(Object.keys(differing), `bodies that differ after pull and migrate:\n${list(differing)}`).toEqual(
      [],
    );
    expect(Object.keys(reported), `bodies pull reports as inexact:\n${list(reported)}`).toEqual([]);
    expect(conversion.exact).toBe(conversion.bodies);

    // Pulled into the project itself and adopted with the state lost: every document matches, nothing to do.
    const pulled = await rig.pull();
    expect(pulled.diagnostics).toEqual([]);
    const { adopted, notSame, summary, warnings } = await adoptAfterLostState(rig);
    expect(adopted.diagnostics).toEqual([]);
    expect(notSame, `adopted documents that differ:\n${notSame.join('\n')}`).toEqual([]);
    const documents = Object.keys(
      stateKeys(path.join(rig.project.root, 'migrated/.oc-sync/state/source.json')),
    );
    expect(adopted.adopted.map((document) => document.key).sort()).toEqual(documents.sort());
    expect([adopted.unmatchedLocal, adopted.unmatchedRemote]).toEqual([[], []]);
    expect(summary).toMatchObject(NOTHING_TO_DO);
    expect(warnings).toEqual([]);
  }, 120_000);
});

/** Every URL an example's expected HTML holds in a link, image or media attribute, as written. */
function linkedUrls(html: string): string[] {
  const found: string[] = [];
  const walk = (nodes: readonly RootContent[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      for (const attribute of URL_ATTRIBUTES[node.tagName] ?? []) {
        const value = node.properties[attribute];
        if (typeof value === 'string') found.push(value);
      }
      walk(node.children);
    }
  };
  walk(parseFragment(html).children);
  return found;
}

describe('CommonMark written by an author (issue #16, part 2)', () => {
  it('every spec example whose links are web URLs validates as a FAQ body', async () => {
    // Examples that link a relative file (`[link](foo)`) are file links: content/ checks those exist.
    const examples = spec.tests.filter((test) => linkedUrls(test.html).every(isWebUrl));
    const files: Record<string, string> = {
      'sync.config.yaml': 'languages: [ko]\ntimeZone: Asia/Seoul\nallowUnsafeHtml: [iframe, script]\n',
      'content/faq/_categories.yaml': '- code: spec\n  name: 명세\n',
    };
    for (const test of examples)
      files[`content/faq/spec/example-${test.number}.md`] =
        `---\ntitle: 예제 ${test.number}\ncategory: spec\n---\n${test.markdown.replaceAll('→', '\t')}`;
    using project = makeProject(files);
    const content = await readContent({
      projectRoot: project.root,
      contentDir: path.join(project.root, 'content'),
      languages: ['ko'],
      timeZone: 'Asia/Seoul',
      allowUnsafeHtml: ['iframe', 'script'],
    });
    const errors = content.diagnostics
      .filter((diagnostic) => diagnostic.severity === 'error')
      .map(
        (diagnostic) => `${path.basename(diagnostic.file ?? '')}:${diagnostic.line} ${diagnostic.message}`,
      );
    expect(errors, `examples that do not validate:\n${errors.join('\n')}`).toEqual([]);
    expect(content.state.documents).toHaveLength(examples.length);
    // Most of the spec: only the examples that link a relative file are left out.
    expect(examples.length).toBeGreaterThan(spec.tests.length - 60);
  });
});
