import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { closeValueHint, didYouMean } from '../diagnostics/did-you-mean.js';
import { formatKeyPath } from '../source/key-path.js';
import type { SourcePosition } from '../source/yaml-source.js';

/**
 * zod issues of front matter and YAML lists → positioned diagnostics naming the key, what was expected and what
 * was found, with a did-you-mean for unknown keys.
 */

export interface IssueSite {
  file: string;
  input: unknown;
  locate(path: readonly PropertyKey[], prefer: 'key' | 'value'): SourcePosition;
  /** The keys allowed where an unknown key was found. */
  knownKeys(path: readonly PropertyKey[]): readonly string[];
  /** A better message for a key that is known, but not here (e.g. a shared field in a translation). */
  misplacedKey?(key: string): { message: string; hint: string } | undefined;
}

const formatPath = (path: readonly PropertyKey[]) => formatKeyPath(path, 'the file');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return (
        {
          string: 'a text',
          number: 'a number',
          int: 'an integer',
          boolean: 'true or false',
          object: 'a map',
          array: 'a list',
        }[issue.expected as string] ?? `a ${issue.expected}`
      );
    case 'invalid_value':
      return `one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_union':
      return 'a text or a {language: text} map';
    default:
      return issue.message;
  }
}

export function issuesToDiagnostics(issues: readonly z.core.$ZodIssue[], site: IssueSite): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // `categroy:` makes `category` both unknown and missing; the did-you-mean says it all, so the missing key is
  // not reported again.
  const suggested = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) {
      const suggestion = didYouMean(key, site.knownKeys(issue.path));
      if (suggestion) suggested.add(formatPath([...issue.path, suggestion]));
    }
  }
  for (const issue of issues) {
    if (issue.code === 'invalid_type' && suggested.has(formatPath(issue.path))) continue;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const misplaced = site.misplacedKey?.(key);
        const known = site.knownKeys(issue.path);
        const suggestion = didYouMean(key, known);
        diagnostics.push({
          file: site.file,
          ...site.locate(path, 'key'),
          severity: 'error',
          rule: misplaced ? 'content/shared-field-in-translation' : 'content/unknown-key',
          message: misplaced?.message ?? `${formatPath(path)} is not a known key`,
          hint:
            misplaced?.hint ??
            (suggestion ? `did you mean ${suggestion}?` : `known keys: ${known.join(', ')}`),
        });
      }
      continue;
    }
    const value = valueAt(site.input, issue.path);
    const name = formatPath(issue.path);
    if (value === undefined && issue.code === 'invalid_type') {
      diagnostics.push({
        file: site.file,
        ...site.locate(issue.path, 'key'),
        severity: 'error',
        rule: 'content/missing-key',
        message: `${name} is required`,
        hint: `add ${String(issue.path.at(-1))}: to the ${issue.path.length > 1 ? `entry` : 'front matter'}`,
      });
      continue;
    }
    diagnostics.push({
      file: site.file,
      ...site.locate(issue.path, 'value'),
      severity: 'error',
      rule: 'content/invalid-value',
      message: `${name} must be ${expected(issue)}, got ${describe(value)}`,
      ...(issue.code === 'invalid_value' ? closeValueHint(value, issue.values) : {}),
    });
  }
  return diagnostics;
}
