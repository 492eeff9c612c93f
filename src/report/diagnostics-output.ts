import { type Diagnostic, formatDiagnostic } from '../diagnostics/diagnostic.js';

/**
 * Diagnostics for people (`file:line:col severity message [rule]`), for GitHub workflow annotations, and as JSON
 * for machines. Pure: returns text, the CLI prints it.
 */

export type DiagnosticsFormat = 'text' | 'github' | 'json';

export interface DiagnosticsSummary {
  errors: number;
  warnings: number;
}

export function summarize(diagnostics: readonly Diagnostic[]): DiagnosticsSummary {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diagnostics.length - errors };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatSummary({ errors, warnings }: DiagnosticsSummary): string {
  if (errors === 0 && warnings === 0) return 'no problems found';
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** GitHub's workflow-command escaping: properties escape `%`, CR, LF, `:` and `,`; the message `%`, CR and LF. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithubAnnotation(d: Diagnostic): string {
  const properties = [`file=${escapeProperty(d.file)}`];
  if (d.line > 0) properties.push(`line=${d.line}`);
  if (d.column > 0) properties.push(`col=${d.column}`);
  properties.push(`title=${escapeProperty(d.rule)}`);
  const message = d.hint ? `${d.message}\n${d.hint}` : d.message;
  return `::${d.severity === 'error' ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(message)}`;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], format: DiagnosticsFormat): string {
  const summary = summarize(diagnostics);
  switch (format) {
    case 'json':
      return JSON.stringify({ ...summary, diagnostics }, null, 2);
    case 'github':
      return [...diagnostics.map(formatGithubAnnotation), formatSummary(summary)].join('\n');
    case 'text':
      return [...diagnostics.map(formatDiagnostic), formatSummary(summary)].join('\n');
  }
}
