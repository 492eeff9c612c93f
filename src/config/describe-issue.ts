import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { closeValueHint, didYouMean } from '../diagnostics/did-you-mean.js';
import { formatKeyPath } from '../source/key-path.js';
import { locate, type YamlSource } from '../source/yaml-source.js';
import { hasVariableReference } from './interpolate.js';
import { environmentNameExpected, knownKeys, SECRET_KEYS } from './schema.js';

/**
 * Turns zod issues into positioned diagnostics that name the key, the expected value and what was found:
 * `sync.concurrency must be an integer from 1 to 32, got "four"`.
 */

export interface IssueContext {
  source: YamlSource;
  /** The config file as diagnostics name it. */
  file: string;
  /** The value that was validated, to show what was found. */
  input: unknown;
}

const typeNames: Partial<Record<string, string>> = {
  string: 'a text',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a map of keys',
  array: 'a list',
};

/**
 * The "expected" phrase for checks that carry none of their own; passed to `safeParse` so every issue message
 * completes "<key> must be …".
 */
export function expectedPhrase(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeNames[issue.expected] ?? `a ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array' ? `a list of at least ${issue.minimum}` : `at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `a list of at most ${issue.maximum}` : `at most ${issue.maximum}`;
    case 'invalid_value':
      return `one of ${issue.values.map(String).join(', ')}`;
    default:
      return 'a valid value';
  }
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** What was found, for "got …"; credentials are never shown. */
export function describeValue(value: unknown, path: readonly PropertyKey[]): string {
  if (path.some((segment) => SECRET_KEYS.has(String(segment)))) return '(hidden)';
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') {
    if (hasVariableReference(value)) return `${JSON.stringify(value)} (the variable's value is not shown)`;
    const shown = withoutUrlCredentials(value);
    return JSON.stringify(shown.length > 80 ? `${shown.slice(0, 77)}...` : shown);
  }
  return String(value);
}

/** `https://user:password@host` is a credential too; the rest of the URL is what helps to see. */
function withoutUrlCredentials(text: string): string {
  if (!URL.canParse(text)) return text;
  const url = new URL(text);
  if (url.username === '' && url.password === '') return text;
  url.username = '(hidden)';
  url.password = '';
  return url.href;
}

/** A top-level key that belongs under `sync:` (`prunee: true` → `sync.prune`). */
function misplacedUnderSync(path: readonly PropertyKey[], key: string): string | undefined {
  if (path.length > 0) return undefined;
  const nested = didYouMean(key, knownKeys(['sync'], undefined));
  return nested ? `sync.${nested} (under sync:)` : undefined;
}

export function describeIssue(issue: z.core.$ZodIssue, context: IssueContext): Diagnostic[] {
  const { source, file, input } = context;
  const at = (path: readonly PropertyKey[], prefer: 'key' | 'value') => ({
    file,
    ...locate(source, path, prefer),
  });

  if (issue.code === 'unrecognized_keys') {
    const allowed = knownKeys(issue.path, valueAt(input, issue.path));
    return issue.keys.map((key) => {
      const suggestion = didYouMean(key, allowed) ?? misplacedUnderSync(issue.path, key);
      return {
        ...at([...issue.path, key], 'key'),
        severity: 'error',
        rule: 'config/unknown-key',
        message: `${formatKeyPath([...issue.path, key])} is not a known key`,
        hint: suggestion ? `did you mean ${suggestion}?` : `known keys here: ${allowed.join(', ')}`,
      };
    });
  }

  if (issue.code === 'invalid_key') {
    const name = String(issue.path.at(-1));
    return [
      {
        ...at(issue.path, 'key'),
        severity: 'error',
        rule: 'config/invalid-value',
        message: `${formatKeyPath(issue.path.slice(0, -1))} has the name ${JSON.stringify(name)}; names must be ${environmentNameExpected}`,
        hint: 'environment names become file names (.oc-sync/state/<name>.json); rename it',
      },
    ];
  }

  const value = valueAt(input, issue.path);
  const keyPath = formatKeyPath(issue.path);
  const hint = (issue as { params?: { hint?: unknown } }).params?.hint;
  if (value === undefined) {
    const key = String(issue.path.at(-1));
    const parent = issue.path.length > 1 ? ` under ${formatKeyPath(issue.path.slice(0, -1))}` : '';
    return [
      {
        ...at(issue.path, 'key'),
        severity: 'error',
        rule: 'config/missing-key',
        message: `${keyPath} is required: ${issue.message}`,
        hint: typeof hint === 'string' ? hint : `add ${key}:${parent}`,
      },
    ];
  }
  return [
    {
      ...at(issue.path, 'value'),
      severity: 'error',
      rule: 'config/invalid-value',
      message: `${keyPath} must be ${issue.message}, got ${describeValue(value, issue.path)}`,
      ...(typeof hint === 'string'
        ? { hint }
        : issue.code === 'invalid_value'
          ? closeValueHint(value, issue.values)
          : {}),
    },
  ];
}
