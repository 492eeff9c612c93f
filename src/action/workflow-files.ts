import { appendFile } from 'node:fs/promises';
import * as core from '@actions/core';

/**
 * What a step hands the runner: step outputs (`core.setOutput`, to `GITHUB_OUTPUT`), variables for the job's later
 * steps (`core.exportVariable`, to `GITHUB_ENV`) and the job summary (`GITHUB_STEP_SUMMARY`). Outside a runner (the
 * variables unset) each is skipped, so the Action can be tried locally.
 */

/** Job summaries are capped at 1 MiB per step; leave room for what other steps add. */
export const SUMMARY_LIMIT = 512 * 1024;

/** Step outputs, each in the multiline form with a random delimiter no value may contain (`core.setOutput`). */
export function setOutputs(outputs: Record<string, string>): void {
  if (!process.env.GITHUB_OUTPUT) return;
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

/** A variable for the job's later steps. */
export function exportToLaterSteps(name: string, value: string): void {
  if (process.env.GITHUB_ENV) core.exportVariable(name, value);
}

/**
 * Appended with `fs` rather than `core.summary`, which keeps the first `GITHUB_STEP_SUMMARY` it sees for the life of
 * the process; the Markdown is already fitted to `SUMMARY_LIMIT` by the callers.
 */
export async function appendSummary(file: string | undefined, markdown: string): Promise<void> {
  if (!file) return;
  await appendFile(file, `${truncateMarkdown(markdown, SUMMARY_LIMIT, 'the job log has all of it')}\n`);
}

/** Cuts Markdown at a line boundary below `limit` characters, closing an open code fence, with a note. */
export function truncateMarkdown(markdown: string, limit: number, where: string): string {
  if (markdown.length <= limit) return markdown;
  const note = `\n\n_… cut here: the plan is longer than GitHub shows; ${where}._`;
  const kept = markdown.slice(0, limit - note.length - 16);
  const cut = kept.slice(0, Math.max(0, kept.lastIndexOf('\n')));
  const fences = cut.split('\n').filter((line) => line.startsWith('```')).length;
  return `${cut}${fences % 2 === 1 ? '\n```' : ''}${note}`;
}
