import { parseArgs } from 'node:util';
import * as core from '@actions/core';

/**
 * The Action's inputs, read with `@actions/core` from the `INPUT_*` variables of the process (`INPUT_WORKING-DIRECTORY`;
 * the composite action in `.github/actions/oc-sync` sets them explicitly, and the underscore spelling
 * `INPUT_WORKING_DIRECTORY` is accepted too). Plain data or a list of problems out.
 */

export const ACTION_COMMANDS = ['validate', 'plan', 'apply'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

export interface ActionInputs {
  command: ActionCommand;
  /** Empty: `OC_ENV`, else the config's `defaultEnvironment`. */
  environment?: string;
  workingDirectory: string;
  /** Undefined: the config's `sync.prune`. */
  prune?: boolean;
  /** Post (or update) the sticky PR comment in plan mode. */
  comment: boolean;
  token?: string;
  /** From `args`. */
  config?: string;
  out?: string;
  maxDeletes?: number;
  overwriteDrift?: boolean;
  concurrency?: number;
  verbose: boolean;
}

export type InputsResult = { ok: true; inputs: ActionInputs } | { ok: false; problems: string[] };

/** The spelling of an input's name that is set: GitHub's (`working-directory`) or the underscore one. */
function spelled(name: string): string {
  return core.getInput(name) ? name : name.replace(/-/g, '_');
}

export function inputOf(name: string): string {
  return core.getInput(spelled(name));
}

/** YAML 1.2 core booleans (`core.getBooleanInput`); empty means "not given". */
function booleanInput(name: string, problems: string[]): boolean | undefined {
  const value = inputOf(name);
  if (value === '') return undefined;
  try {
    return core.getBooleanInput(spelled(name));
  } catch {
    problems.push(`input ${name} must be true or false, got "${value}"`);
    return undefined;
  }
}

export function readActionInputs(): InputsResult {
  const problems: string[] = [];
  const command = inputOf('command') || 'plan';
  if (!(ACTION_COMMANDS as readonly string[]).includes(command)) {
    problems.push(`input command must be one of ${ACTION_COMMANDS.join(', ')}, got "${command}"`);
  }
  const prune = booleanInput('prune', problems);
  const comment = booleanInput('comment', problems) ?? true;
  const extra = parseExtraArgs(inputOf('args'), problems);
  if (problems.length > 0) return { ok: false, problems };
  const environment = inputOf('environment');
  const token = inputOf('github-token') || process.env.GITHUB_TOKEN || undefined;
  return {
    ok: true,
    inputs: {
      command: command as ActionCommand,
      ...(environment ? { environment } : {}),
      workingDirectory: inputOf('working-directory') || '.',
      ...(prune !== undefined ? { prune } : {}),
      comment,
      ...(token ? { token } : {}),
      ...extra,
      verbose: extra.verbose ?? false,
    },
  };
}

/** `args`: extra oc-sync options, e.g. `--max-deletes 40 --overwrite-drift`. */
function parseExtraArgs(
  text: string,
  problems: string[],
): Partial<
  Pick<ActionInputs, 'config' | 'out' | 'maxDeletes' | 'overwriteDrift' | 'concurrency' | 'verbose'>
> {
  const words = splitWords(text);
  if (words === undefined) {
    problems.push('input args has an unclosed quote');
    return {};
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: words,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        out: { type: 'string' },
        'max-deletes': { type: 'string' },
        'overwrite-drift': { type: 'boolean' },
        concurrency: { type: 'string' },
        verbose: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    problems.push(
      `input args: ${(error as Error).message.split('\n')[0]} (known: --config FILE, --out FILE, --max-deletes N, --overwrite-drift, --concurrency N, --verbose)`,
    );
    return {};
  }
  const count = (name: string): number | undefined => {
    const raw = values[name];
    if (typeof raw !== 'string') return undefined;
    if (!/^\d+$/.test(raw)) {
      problems.push(`input args: --${name} needs a whole number, got "${raw}"`);
      return undefined;
    }
    return Number.parseInt(raw, 10);
  };
  const maxDeletes = count('max-deletes');
  const concurrency = count('concurrency');
  if (concurrency === 0) problems.push('input args: --concurrency must be at least 1');
  return {
    ...(typeof values.config === 'string' ? { config: values.config } : {}),
    ...(typeof values.out === 'string' ? { out: values.out } : {}),
    ...(maxDeletes !== undefined ? { maxDeletes } : {}),
    ...(values['overwrite-drift'] === true ? { overwriteDrift: true } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(values.verbose === true ? { verbose: true } : {}),
  };
}

/** Splits like a shell, without expansion: whitespace separates, '…' and "…" group. Undefined on an open quote. */
export function splitWords(text: string): string[] | undefined {
  const words: string[] = [];
  let current: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current ??= '';
    } else if (/\s/.test(char)) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else if (char === '\\' && i + 1 < text.length) {
      current = (current ?? '') + text[++i];
    } else {
      current = (current ?? '') + char;
    }
  }
  if (quote) return undefined;
  if (current !== undefined) words.push(current);
  return words;
}
