import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { finished, oc, spawnCli } from './support/cli.js';
import { type E2eProject, makeProject, remoteConfig, startEmulator } from './support/project.js';

/**
 * Creates whose answer is lost, recovered without taking someone else's document (issue 14, cases 1 and 2): a twin
 * with the same title whose own create is in flight, an FAQ an editor made in the console with the same title, and
 * a server whose clock runs behind ours. The truth is the emulator's store: every local FAQ exactly once, with its
 * own body and category, and nothing that oc-sync did not make owned by the state.
 */

const killPreload = fileURLToPath(new URL('../support/journal-kill.mjs', import.meta.url));
const TWINS = 12;
const code = (n: number) => `c${String(n).padStart(2, '0')}`;

/** Twelve FAQs titled "기타 문의", one per category, each with a body of its own. */
function twinProject(emulator: Emulator): E2eProject {
  const categories = Array.from(
    { length: TWINS },
    (_, i) => `- code: ${code(i + 1)}\n  name: { ko: 분류 ${i + 1}, en: Group ${i + 1} }`,
  ).join('\n');
  const files: Record<string, string> = {
    'sync.config.yaml': remoteConfig(emulator),
    'content/faq/_categories.yaml': `${categories}\n`,
  };
  for (let i = 1; i <= TWINS; i++) {
    files[`content/faq/${code(i)}/other.md`] =
      `---\ncategory: ${code(i)}\n---\n\n# 기타 문의\n\n${code(i)} 분류의 기타 문의는 채팅으로 받습니다.\n`;
  }
  return makeProject(files);
}

interface StoredFaq {
  id: number;
  categoryCode: string;
  body: string;
}

function storedFaqs(emulator: Emulator): StoredFaq[] {
  const service = emulator.service();
  const codes = new Map(
    service.list('faqCategory').map((c) => [c.categoryId as number, String(c.categoryCode)]),
  );
  return service.list('faq').map((record) => {
    const detail = record as {
      helpDocId: number;
      categories: { categoryId: number }[];
      contents: Record<string, { content: string }>;
    };
    return {
      id: detail.helpDocId,
      categoryCode: codes.get(detail.categories[0]?.categoryId as number) ?? '?',
      body: detail.contents.ko?.content ?? '',
    };
  });
}

/** Applies until a run ends cleanly (each run finishes what the last one left), at most `runs` times. */
async function applyUntilClean(project: E2eProject, runs: number) {
  const outputs: string[] = [];
  for (let run = 1; run <= runs; run++) {
    const result = await oc(project.root, ['apply', '--yes']);
    outputs.push(result.stdout);
    if (result.code === 0) return { runs: run, outputs };
  }
  throw new Error(`apply did not finish cleanly in ${runs} runs:\n${outputs.join('\n---\n')}`);
}

describe.concurrent('creates whose answer was lost', { timeout: 90_000 }, () => {
  it('never takes a twin with the same title for a create that failed: every FAQ once, with its own body', async () => {
    await using emulator = await startEmulator({
      seed: 7,
      latencyMs: 15,
      faults: [{ type: 'status', status: 503, method: 'POST', path: /\/helpdoc\.json$/, rate: 0.3 }],
    });
    using project = twinProject(emulator);
    const first = await oc(project.root, ['apply', '--yes']);
    const refused = emulator.requests.filter((r) => r.method === 'POST' && r.status === 503).length;
    expect(refused, 'the fault fired').toBeGreaterThan(0);
    // What failed says so: no silent "0 failed" while FAQs are missing.
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`, ${refused} failed;`);
    expect(first.stdout).toContain('no such document was made on the service');

    emulator.clearFaults();
    await applyUntilClean(project, 3);
    const stored = storedFaqs(emulator);
    expect(stored).toHaveLength(TWINS);
    const state = project.state();
    expect(Object.keys(state.documents)).toHaveLength(TWINS);
    const ids = Object.values(state.documents).map((d) => d.id);
    expect(new Set(ids).size, 'two keys own one FAQ').toBe(TWINS);
    for (let i = 1; i <= TWINS; i++) {
      const entry = state.documents[`faq/${code(i)}/other`];
      const faq = stored.find((f) => f.id === entry?.id);
      expect(faq?.categoryCode, `faq/${code(i)}/other is in its category`).toBe(code(i));
      expect(faq?.body, `faq/${code(i)}/other holds its own body`).toContain(`${code(i)} 분류의`);
    }
    const planned = await oc(project.root, ['plan', '--detailed-exitcode']);
    expect(planned.stdout).toContain('No changes.');
  });

  it('finds creates that committed unheard on a server whose clock is 100 s behind', async () => {
    await using emulator = await startEmulator({
      now: () => Date.now() - 100_000,
      faults: [{ type: 'commit-then-fail', method: 'POST', path: /\/helpdoc\.json$/, times: 3 }],
    });
    using project = twinProject(emulator);
    const first = await oc(project.root, ['apply', '--yes']);
    expect(emulator.requests.filter((r) => r.fault === 'commit-then-fail')).toHaveLength(3);
    expect(first.stdout).toContain(`Apply complete: ${TWINS + TWINS} created`);
    expect(first.code).toBe(0);
    await applyUntilClean(project, 1);
    expect(storedFaqs(emulator)).toHaveLength(TWINS);
    expect(new Set(Object.values(project.state().documents).map((d) => d.id)).size).toBe(TWINS);
  });

  it('does not take an FAQ an editor made with the same title for a create killed before it was sent', async () => {
    await using emulator = await startEmulator();
    using project = twinProject(emulator);
    // Killed right after the first create was announced in the journal: it never reached the service.
    const killed = await finished(
      spawnCli(
        project.root,
        ['apply', '--yes'],
        { OC_KILL_AFTER_APPENDS: '1', OC_KILL_AFTER_MATCH: '"op":"pending"' },
        ['--import', killPreload],
      ),
    );
    expect(killed.signal).toBe('SIGKILL');
    const pendingKey = pendingKeyOf(project);
    const category = pendingKey.split('/')[1] as string;
    expect(storedFaqs(emulator).some((f) => f.categoryCode === category)).toBe(false);

    // Meanwhile an editor writes an FAQ of the same title in the same category in the web console.
    const service = emulator.service();
    const categoryId = service.list('faqCategory').find((c) => c.categoryCode === category)
      ?.categoryId as number;
    const editors = service.create('faq', {
      status: 'O',
      categoryId,
      isTop: false,
      isRecommend: false,
      contents: { ko: { title: '기타 문의', content: '<p>편집자가 쓴 답변</p>' } },
    }) as { helpDocId: number };

    const next = await oc(project.root, ['apply', '--yes']);
    // The editor's FAQ is neither taken nor duplicated: the create is held, naming it and the ways out.
    expect(next.code).toBe(1);
    expect(next.stdout).toContain(`${pendingKey}: FAQ ${editors.helpDocId} with the same title and category`);
    expect(next.stdout).toContain('oc-sync pull --env e2e --adopt');
    expect(next.stdout).toContain('--allow-duplicates');
    const state = project.state();
    expect(Object.values(state.documents).map((d) => d.id)).not.toContain(editors.helpDocId);
    expect(state.pending).toEqual({});
    expect(storedFaqs(emulator).filter((f) => f.categoryCode === category)).toEqual([
      { id: editors.helpDocId, categoryCode: category, body: '<p>편집자가 쓴 답변</p>' },
    ]);

    // Pruning never touches it either; creating ours next to it takes an explicit flag.
    await oc(project.root, ['apply', '--yes', '--prune']);
    expect(service.get('faq', editors.helpDocId)).toBeDefined();
    const allowed = await oc(project.root, ['apply', '--yes', '--allow-duplicates']);
    expect(allowed.code).toBe(0);
    const inCategory = storedFaqs(emulator).filter((f) => f.categoryCode === category);
    expect(inCategory.map((f) => f.body).sort()).toEqual(
      ['<p>편집자가 쓴 답변</p>', `<p>${category} 분류의 기타 문의는 채팅으로 받습니다.</p>`].sort(),
    );
    expect(project.state().documents[pendingKey]?.id).not.toBe(editors.helpDocId);
  });
});

function pendingKeyOf(project: E2eProject): string {
  const journal = project.read(path.join('.oc-sync/state/e2e.journal'));
  const pending = journal
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { op: string; key: string })
    .find((m) => m.op === 'pending');
  if (!pending) throw new Error(`no pending create in the journal:\n${journal}`);
  return pending.key;
}
