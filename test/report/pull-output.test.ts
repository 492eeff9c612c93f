import { describe, expect, it } from 'vitest';
import type { InexactBody, PullResult } from '../../src/pull/pull.js';
import { plain } from '../../src/report/plan-output.js';
import { formatPullResult } from '../../src/report/pull-output.js';

/** Issue #16: pull's summary counts honestly and names the bodies that would not come back the same. */

const meta = {
  environment: 'real',
  serviceId: 'HelpCenter',
  into: 'content',
  stateFile: '.oc-sync/state/real.json',
  requests: 3,
  ms: 1200,
};

function result(inexact: InexactBody[], bodies: number): PullResult {
  return {
    documents: [],
    lists: [],
    attachments: { written: 0, unchanged: 0 },
    conversion: {
      bodies,
      exact: bodies - inexact.length,
      inexact,
      blocks: { markdown: bodies, 'inline-html': 0, 'wrapper-html': 0, html: 0 },
    },
    warnings: [],
    diagnostics: [],
    stateFile: meta.stateFile,
  };
}

const body = (n: number): InexactBody => ({
  kind: 'faq',
  key: `faq/q-${n}`,
  language: 'ko',
  reason: `at /p[0]/a[0]: <a href="/x/${n}"> in the service's HTML, <a href="https://x.example/x/${n}"> rendered from the file`,
});

describe('pull summary', () => {
  it('names each body that does not render to what the service holds, and why', () => {
    const text = formatPullResult(result([body(1)], 5), { ...meta, verbose: false }, plain);
    expect(text).toContain(
      [
        'Bodies: 5 converted, 4 render to the same HTML as the service holds; blocks: 5 Markdown, 0 Markdown with inline HTML, 0 in HTML wrappers, 0 kept as HTML.',
        "1 body does not render to the same HTML as the service holds; applying it would change the service's version:",
        `  ≠ faq/q-1 (ko): ${body(1).reason}`,
      ].join('\n'),
    );
  });

  it('lists 20 without --verbose and counts the rest; --verbose lists them all', () => {
    const many = Array.from({ length: 23 }, (_, i) => body(i + 1));
    const short = formatPullResult(result(many, 30), { ...meta, verbose: false }, plain);
    expect(short).toContain(
      "23 bodies do not render to the same HTML as the service holds; applying them would change the service's version:",
    );
    expect(short.split('\n').filter((line) => line.startsWith('  ≠ '))).toHaveLength(20);
    expect(short).toContain('  … and 3 more (--verbose lists them all)');
    const full = formatPullResult(result(many, 30), { ...meta, verbose: true }, plain);
    expect(full.split('\n').filter((line) => line.startsWith('  ≠ '))).toHaveLength(23);
    expect(full).not.toContain('more (--verbose');
  });
});
