import type { z } from 'zod';

const MAX_MESSAGE = 100;

/** A body-schema failure as a short resultMessage that names the field, e.g. `contents.ko.title is required`. */
export function describeIssue(issue: z.core.$ZodIssue, body: unknown): string {
  const path = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`))
    .join('');
  const missing = issue.path.length > 0 && issue.code !== 'custom' && valueAt(body, issue.path) === undefined;
  const text = missing ? `${path} is required` : path ? `${path}: ${issue.message}` : issue.message;
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
