import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { describe, expect, it } from 'vitest';
import { readGithubContext } from '../../src/action/github-context.js';
import { type InputsResult, readActionInputs, splitWords } from '../../src/action/inputs.js';
import { previewLine } from '../../src/action/markdown.js';
import { nextPage, planCommentMarker } from '../../src/action/pr-comment.js';
import { setOutputs, truncateMarkdown } from '../../src/action/workflow-files.js';
import { asStep, parseOutputs } from './runner.js';

/** The inputs a step with this environment reads. */
const inputsOf = async (env: NodeJS.ProcessEnv): Promise<InputsResult> =>
  (await asStep(env, readActionInputs)).value;

describe('the Action, piece by piece', () => {
  it('reads inputs as @actions/core names them, and the underscore spelling too', async () => {
    expect(
      await inputsOf({
        INPUT_COMMAND: ' apply ',
        'INPUT_WORKING-DIRECTORY': 'docs',
        INPUT_PRUNE: 'True',
        INPUT_ARGS: `--max-deletes 40 --overwrite-drift --config 'my config.yaml'`,
        INPUT_GITHUB_TOKEN: 'ghs_x',
      }),
    ).toEqual({
      ok: true,
      inputs: {
        command: 'apply',
        workingDirectory: 'docs',
        prune: true,
        comment: true,
        token: 'ghs_x',
        config: 'my config.yaml',
        maxDeletes: 40,
        overwriteDrift: true,
        verbose: false,
      },
    });
    expect(await inputsOf({})).toMatchObject({
      ok: true,
      inputs: { command: 'plan', workingDirectory: '.', comment: true },
    });
    expect(await inputsOf({ INPUT_ARGS: '--max-deletes many --concurrency 0 "open' })).toEqual({
      ok: false,
      problems: ['input args has an unclosed quote'],
    });
    expect(await inputsOf({ INPUT_ARGS: '--max-deletes many --concurrency 0' })).toEqual({
      ok: false,
      problems: [
        'input args: --max-deletes needs a whole number, got "many"',
        'input args: --concurrency must be at least 1',
      ],
    });
  });

  it('splits args like a shell, without expanding anything', () => {
    expect(splitWords(` a "b c"  'd $HOME' e\\ f ""`)).toEqual(['a', 'b c', 'd $HOME', 'e f', '']);
    expect(splitWords('')).toEqual([]);
    expect(splitWords("it's")).toBeUndefined();
  });

  it('writes outputs in the multiline form, which no value can break out of', async () => {
    const values = {
      'plan-file': '/tmp/plan.json',
      note: 'two\nlines\nEOF',
      injected: 'x\nhas-changes=true',
    };
    const runner = mkdtempSync(path.join(tmpdir(), 'oc-sync-outputs-'));
    try {
      const file = path.join(runner, 'output');
      writeFileSync(file, '');
      await asStep({ GITHUB_OUTPUT: file }, () => setOutputs(values));
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/^plan-file<<ghadelimiter_[0-9a-f-]{36}\n\/tmp\/plan\.json\nghadelimiter_/);
      expect(parseOutputs(text)).toEqual(values);
    } finally {
      rmSync(runner, { recursive: true, force: true });
    }
    // Off a runner, nothing is written and nothing is printed in its place.
    expect(await asStep({}, () => setOutputs(values))).toEqual({ value: undefined, stdout: '', stderr: '' });
  });

  it('escapes workflow commands as the toolkit does', async () => {
    const { stdout } = await asStep({}, () => core.error('100% broken\nsee: here', { title: 'a, b: c' }));
    expect(stdout).toBe('::error title=a%2C b%3A c::100%25 broken%0Asee: here\n');
  });

  it('follows GitHub paging on the same API only', () => {
    const link =
      '<https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=5>; rel="last"';
    expect(nextPage(link, 'https://api.github.com')).toBe(
      '/repositories/1/issues/7/comments?per_page=100&page=2',
    );
    expect(
      nextPage(link.replace(/api\.github\.com/g, 'ghe.example.com/api/v3'), 'https://ghe.example.com/api/v3'),
    ).toBe('/repositories/1/issues/7/comments?per_page=100&page=2');
    expect(nextPage(link, 'https://evil.example.com')).toBeUndefined();
    expect(
      nextPage('<https://api.github.com/x?page=5>; rel="last"', 'https://api.github.com'),
    ).toBeUndefined();
    expect(nextPage(null, 'https://api.github.com')).toBeUndefined();
  });

  it('cuts long Markdown at a line, closing an open fence', () => {
    const markdown = [
      '# plan',
      '```diff',
      ...Array.from({ length: 200 }, (_, i) => `+ line ${i}`),
      '```',
    ].join('\n');
    const cut = truncateMarkdown(markdown, 500, 'the job summary has all of it');
    expect(cut.length).toBeLessThanOrEqual(500);
    expect(cut).toMatch(
      /\n```\n\n_… cut here: the plan is longer than GitHub shows; the job summary has all of it\._$/,
    );
    expect(truncateMarkdown('short', 500, 'x')).toBe('short');
  });

  it('marks the comment of each environment', () => {
    expect(planCommentMarker('real')).toBe('<!-- oc-sync-plan:real -->');
    expect(planCommentMarker('a-->b')).toBe('<!-- oc-sync-plan:ab -->');
  });

  it("the preview line of the PR comment: the artifact the workflow names, at the run's artifacts", async () => {
    const context = await readGithubContext({
      GITHUB_REPOSITORY: 'docs/hc',
      GITHUB_RUN_ID: '7',
      OC_SYNC_PREVIEW_ARTIFACT: 'oc-sync-preview',
    });
    expect(context.previewArtifact).toBe('oc-sync-preview');
    expect((await readGithubContext({ OC_SYNC_PREVIEW_ARTIFACT: '' })).previewArtifact).toBeUndefined();
    expect(previewLine('oc-sync-preview', context.runUrl)).toContain(
      'the `oc-sync-preview` artifact of [this workflow run](https://github.com/docs/hc/actions/runs/7#artifacts)',
    );
    expect(previewLine('a`b', undefined)).toContain('the `ab` artifact of this workflow run (');
  });
});
