import { execFile } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeProject } from '../support/project.js';

/** The built CLI (`npm test` builds before it runs vitest), as a user runs it. */
const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(repo, 'bin/oc-sync.js');

async function oc(cwd: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, '--cwd', cwd, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('oc-sync validate', () => {
  it('passes on the example content', async () => {
    const result = await oc(repo, 'validate');
    expect(result).toMatchObject({ code: 0, stdout: 'no problems found\n' });
  });

  it('reports every problem of a broken copy at once, and exits 1', async () => {
    using project = makeProject({});
    cpSync(path.join(repo, 'content'), path.join(project.root, 'content'), { recursive: true });
    cpSync(path.join(repo, 'sync.config.yaml'), path.join(project.root, 'sync.config.yaml'));
    project.write(
      'content/faq/billing/refund-request.md',
      '---\ncategroy: refunds\npinned: yes please\n---\n# 환불\n',
    );
    project.write('content/faq/orders/only.en.md', '# Orphan\n');
    project.write(
      'content/notices/2026/bad.md',
      '---\nheading: maintenence\nstart: 2026-02-30\n---\n# 점검\n\n![x](./missing.png)\n',
    );

    const text = await oc(project.root, 'validate');
    expect(text.code).toBe(1);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toContain(
      'content/faq/billing/refund-request.md:2:1 error categroy is not a known key [content/unknown-key]',
    );
    expect(lines).toContain('  hint: did you mean category?');
    expect(lines).toContain(
      'content/faq/orders/only.en.md error translation without its default-language file faq/orders/only.md [content/orphan-translation]',
    );
    expect(lines).toContain(
      'content/notices/2026/bad.md:7:1 error attachment notices/2026/missing.png does not exist [content/missing-attachment]',
    );
    expect(lines.at(-1)).toBe('6 errors, 0 warnings');

    const github = await oc(project.root, 'validate', '--format', 'github');
    expect(github.code).toBe(1);
    expect(github.stdout).toContain(
      '::error file=content/notices/2026/bad.md,line=2,col=10,title=content/unknown-code::heading maintenence is not declared in notices/_headings.yaml%0Adid you mean maintenance?',
    );

    const json = await oc(project.root, 'validate', '--json');
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ errors: 6, warnings: 0 });
    expect(parsed.diagnostics[0]).toEqual(
      expect.objectContaining({
        file: expect.any(String),
        line: expect.any(Number),
        column: expect.any(Number),
        severity: 'error',
        rule: expect.any(String),
        message: expect.any(String),
      }),
    );
  });

  it('reports config problems with their position', async () => {
    using project = makeProject({
      'sync.config.yaml': 'languages: [ko]\nsync:\n  concurrency: four\n',
      'content/faq/_categories.yaml': '[]\n',
    });
    const result = await oc(project.root, 'validate');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^sync\.config\.yaml:3:16 error sync\.concurrency must be/m);
  });
});
