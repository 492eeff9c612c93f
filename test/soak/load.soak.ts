import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRun } from '../reliability/load-run.js';

/** The load target: 10,000 documents applied under 5% injected failures, to a correct final state. */
const docs = Number(process.env.OC_SYNC_SOAK_DOCS ?? 10_000);
const results = fileURLToPath(new URL('./results/', import.meta.url));

describe('soak: load under injected failures', () => {
  it(`${docs} documents, 5% failures`, async () => {
    const figures = await loadRun({ docs, failureRate: 0.05, maxRuns: 12 });
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, `load-${docs}.json`), `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    expect(figures.runs.at(-1)?.code).toBe(0);
    expect(figures.final.remote).toEqual(figures.final.expected);
    expect(figures.final.duplicates).toEqual([]);
    expect(figures.final.stateOwnsExactlyRemote).toBe(true);
    expect(figures.final.pending).toBe(0);
    expect(figures.final.journalLeft).toBe(false);
    expect(figures.final.planNoChanges).toBe(true);
  });
});
