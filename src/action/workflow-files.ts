import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';

/**
 * The files a GitHub runner hands a step: `GITHUB_OUTPUT` for step outputs, `GITHUB_ENV` for variables of later
 * steps (same syntax), and `GITHUB_STEP_SUMMARY` for the job summary. Outside a runner (the variables unset) both are skipped, so the Action can be tried locally.
 */

/** Job summaries are capped at 1 MiB per step; leave room for what other steps add. */
export const SUMMARY_LIMIT = 512 * 1024;

/**
 * `name<<DELIMITER` … `DELIMITER`: the multiline-safe form, used for every value so none can forge another output.
 * The delimiter is random, and checked against the value as `@actions/core` does.
 */
export function formatOutputs(outputs: Record<string, string>): string {
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
      throw new Error(`output ${name} contains its delimiter`);
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  return text;
}

export async function writeOutputs(file: string | undefined, outputs: Record<string, string>): Promise<void> {
  if (!file) return;
  await appendFile(file, formatOutputs(outputs));
}

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

/** A workflow command (`::error title=…::message`), escaped as GitHub's toolkit escapes it. */
export function workflowCommand(
  command: 'error' | 'warning' | 'notice',
  message: string,
  properties: Record<string, string> = {},
): string {
  const data = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (text: string) => data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${property(value)}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${data(message)}`;
}
