import { describe, expect, it } from 'vitest';
import { createValidateProgress } from '../../src/cli/validate-progress.js';

/** Validate's progress lines (issue 14, case 13), on a clock the test moves. */
describe('validate progress', () => {
  const run = (steps: [file: string, ms: number][], quiet = false) => {
    let clock = 0;
    const lines: string[] = [];
    const progress = createValidateProgress({ quiet, now: () => clock, write: (line) => lines.push(line) });
    for (const [file, ms] of steps) {
      progress.parsing(file, steps.length);
      clock += ms;
    }
    progress.finish();
    return lines;
  };

  it('says nothing for a quick validation', () => {
    expect(
      run(Array.from({ length: 100 }, (_, i) => [`content/faq/q${i}.md`, 10] as [string, number])),
    ).toEqual([]);
  });

  it('counts documents every 5 s once it has run 3 s, and names a document that took seconds', () => {
    const steps: [string, number][] = [
      ...Array.from({ length: 400 }, (_, i) => [`content/faq/q${i}.md`, 20] as [string, number]),
      ['content/faq/huge.md', 9_500],
      ['content/faq/after.md', 10],
      ['content/faq/last.md', 2_500],
    ];
    expect(run(steps)).toEqual([
      'validating: 250 of 403 documents parsed, 5.0 s\n',
      'validating: content/faq/huge.md took 9.5 s to parse (a large or complex document)\n',
      'validating: 401 of 403 documents parsed, 17.5 s\n',
      'validating: content/faq/last.md took 2.5 s to parse (a large or complex document)\n',
    ]);
  });

  it('is silent with --quiet', () => {
    expect(run([['content/faq/huge.md', 60_000]], true)).toEqual([]);
  });
});
