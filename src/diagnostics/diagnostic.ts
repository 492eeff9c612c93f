import type { RuleId } from './rules.js';

/**
 * A positioned problem found in user input (config, content). Validators return these and keep going; the caller
 * decides how to show them, so a user sees every problem in one run.
 */
export interface Diagnostic {
  /** Path relative to the project root, with `/` separators. */
  file: string;
  /** 1-based; 0 when the problem is about the whole file. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  severity: 'error' | 'warning';
  /** Stable rule id, e.g. `config/unknown-key`: one of the catalogue's (`src/diagnostics/rules.ts`). */
  rule: RuleId;
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** `file:line:col severity message [rule]` (DESIGN §3), with the hint on the next line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column || 1}` : d.file;
  const head = `${where} ${d.severity} ${d.message} [${d.rule}]`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Thrown when user input cannot be used; carries every problem found, not just the first. */
export class UserInputError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(message);
    this.name = 'UserInputError';
  }
}

/** A problem with a whole file, or with a command's input, rather than a place in a file (line and column 0). */
export function fileDiagnostic(file: string, rule: RuleId, message: string, hint?: string): Diagnostic {
  return {
    file,
    line: 0,
    column: 0,
    severity: 'error',
    rule,
    message,
    ...(hint === undefined ? {} : { hint }),
  };
}

/**
 * A command refused before it writes anything: the error (its `message` what is printed first) with its one
 * diagnostic, about `where` — a file, or the command's name (`apply`, `migrate`) when no file is at fault.
 */
export function refusal(
  message: string,
  where: string,
  rule: RuleId,
  diagnostic: { message?: string; hint: string },
): UserInputError {
  return new UserInputError(message, [
    fileDiagnostic(where, rule, diagnostic.message ?? message, diagnostic.hint),
  ]);
}
