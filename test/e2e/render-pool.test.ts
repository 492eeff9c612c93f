import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../../bench/corpus.js';
import { makeProject, type TempProject } from '../support/project.js';
import { oc } from './support/cli.js';

/**
 * `oc-sync validate` on a fresh clone, as a user runs it, with the render pool (`OC_SYNC_WORKERS`, the threshold
 * lowered so a small project uses it) and in one thread: the same output, exit code and render cache.
 */

function project(): TempProject {
  const made = makeProject({
    'sync.config.yaml': 'languages: [ko, en]\ntimeZone: Asia/Seoul\n',
    'content/faq/c0-0-0/broken.md':
      '---\ncategory: c0-0-0\ncolour: red\n---\n# 깨진 문서\n\n[없는 문서](./nope.md) <script>x()</script>\n',
    'content/faq/c0-0-0/broken.en.md': '# Broken\n\n![gone](./gone.png)\n',
  });
  writeCorpus(path.join(made.root, 'content'), { docs: 30, seed: 3 });
  return made;
}

/** The cache's index, pack names aside (each run names its own pack). */
function cacheIndex(root: string): unknown {
  const dir = path.join(root, '.oc-sync/cache');
  expect(readdirSync(dir).some((name) => name.endsWith('.pack'))).toBe(true);
  return JSON.parse(
    readFileSync(path.join(dir, 'content.json'), 'utf8').replace(/bodies-[^"]+\.pack/g, 'pack'),
  );
}

describe('validate on worker threads', { timeout: 90_000 }, () => {
  it('prints the same findings and exits as in one thread', async () => {
    using made = project();
    const pooled = await oc(made.root, ['validate', '--format', 'json'], {
      OC_SYNC_WORKERS: '2',
      OC_SYNC_RENDER_THRESHOLD: '0',
    });
    const pooledCache = cacheIndex(made.root);
    rmSync(path.join(made.root, '.oc-sync'), { recursive: true, force: true });
    const single = await oc(made.root, ['validate', '--format', 'json'], { OC_SYNC_WORKERS: '0' });
    expect(single.code).toBe(1);
    const { diagnostics: findings } = JSON.parse(single.stdout) as { diagnostics: { rule: string }[] };
    expect(findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['content/unknown-key', 'content/broken-link', 'content/unsafe-html']),
    );
    expect(pooled.code).toBe(single.code);
    expect(pooled.stdout).toBe(single.stdout);
    expect(pooledCache).toEqual(cacheIndex(made.root));
  });

  it('says which variable is wrong and what it takes', async () => {
    using made = project();
    const result = await oc(made.root, ['validate'], { OC_SYNC_WORKERS: 'two' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('OC_SYNC_WORKERS is "two": it must be a whole number of 0 or more');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
