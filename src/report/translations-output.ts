import { normalizeBody, type WrittenText } from '../content/translation-hash.js';
import {
  countStates,
  countsBy,
  type TranslationCounts,
  type TranslationEntry,
  type TranslationReport,
  type TranslationState,
} from '../content/translation-status.js';
import { resourceOf } from '../resources/registry.js';
import type { PlanTranslations } from '../sync/plan.js';
import type { StaleSource, TranslationCheck } from '../sync/translation-check.js';
import { foldedDiff, type Painter } from './plan-output.js';
import { textDiff } from './text-diff.js';

/**
 * Translations for people (issue 21): `oc-sync translations` as text, Markdown or JSON, and the translations part of
 * the plan (a line per language in text, a section in the PR comment). Pure: data in, strings out.
 */

export type TranslationsFormat = 'text' | 'markdown' | 'json';

const STATE_WORDS: Record<TranslationState, string> = {
  'up-to-date': 'up to date',
  stale: 'stale',
  'never-marked': 'never marked',
  missing: 'missing',
  orphaned: 'orphaned',
};

/** The states listed one by one (up-to-date ones are only counted). */
const LISTED: readonly TranslationState[] = ['stale', 'never-marked', 'missing', 'orphaned'];

/** `1 up to date, 2 stale, 1 missing`: the states that have any, in a fixed order. */
export function countsPhrase(counts: TranslationCounts): string {
  const parts = (Object.keys(STATE_WORDS) as TranslationState[])
    .filter((state) => counts[state] > 0)
    .map((state) => `${counts[state]} ${STATE_WORDS[state]}`);
  return parts.length ? parts.join(', ') : 'no documents';
}

const kindLabel = (entry: TranslationEntry) => resourceOf(entry.kind).plural;
const categoryLabel = (entry: TranslationEntry) => `${kindLabel(entry)} in ${entry.category ?? '(none)'}`;

/** `oc-sync translations` in the format asked for. */
export function formatTranslations(
  check: TranslationCheck,
  format: TranslationsFormat,
  color: Painter,
): string {
  if (format === 'json') return JSON.stringify(translationsJson(check), null, 2);
  return format === 'markdown' ? translationsMarkdown(check) : translationsText(check, color);
}

function byLanguage(report: TranslationReport): [string, TranslationEntry[]][] {
  return report.languages.map((language) => [
    language,
    report.entries.filter((entry) => entry.language === language),
  ]);
}

function translationsText(check: TranslationCheck, color: Painter): string {
  const { report } = check;
  if (report.languages.length === 0)
    return `Only one language (${report.defaultLanguage}) in the config: there are no translations to track.`;
  const out: string[] = [`Translations of the ${report.defaultLanguage} documents`];
  for (const [language, entries] of byLanguage(report)) {
    out.push('', color.bold(`${language}: ${countsPhrase(countStates(entries))}`));
    for (const [name, counts] of countsBy(entries, kindLabel)) out.push(`  ${name}: ${countsPhrase(counts)}`);
    for (const [name, counts] of countsBy(
      entries.filter((e) => e.category !== undefined),
      categoryLabel,
    ))
      out.push(color.dim(`  ${name}: ${countsPhrase(counts)}`));
    for (const entry of entries.filter((e) => LISTED.includes(e.state)))
      out.push(...entryText(entry, check.sources.get(entry.file), color));
  }
  return out.join('\n');
}

function entryText(entry: TranslationEntry, source: StaleSource | undefined, color: Painter): string[] {
  const paint = entry.state === 'stale' || entry.state === 'orphaned' ? color.yellow : color.dim;
  const head = `  ${paint(STATE_WORDS[entry.state].padEnd(12))} ${entry.file}`;
  if (entry.state !== 'stale')
    return [`${head}${entry.state === 'missing' ? color.dim(` (for ${entry.source})`) : ''}`];
  return [head, ...staleLines(entry, source).map((line) => `      ${line}`.trimEnd())];
}

/** What changed in a stale translation's source: the diff since its marked revision, or why it is not known. */
function staleLines(entry: TranslationEntry, source: StaleSource | undefined): string[] {
  if (!source?.found) {
    const why =
      source?.reason === 'no-git'
        ? 'old text not found: not a git repository'
        : 'old text not found in git history';
    return [`${entry.source} changed since it was translated (${why})`];
  }
  return [
    `${entry.source} changed since ${source.date} (${source.commit.slice(0, 7)}):`,
    ...textDiff(asMarkdown(source.before), asMarkdown(source.now)),
  ];
}

/** A title and body as one Markdown text to diff: the title as its `# heading`. */
function asMarkdown(text: WrittenText): string {
  return `# ${text.title.trim()}\n\n${normalizeBody(text.body)}\n`;
}

function translationsMarkdown(check: TranslationCheck): string {
  const { report } = check;
  const out = [`### Translations of the \`${report.defaultLanguage}\` documents`];
  for (const [language, entries] of byLanguage(report)) {
    out.push('', `#### \`${language}\`: ${countsPhrase(countStates(entries))}`, '');
    out.push('| | up to date | stale | never marked | missing | orphaned |', '|---|--:|--:|--:|--:|--:|');
    for (const [name, counts] of [...countsBy(entries, kindLabel), ...countsBy(entries, categoryLabel)])
      out.push(
        `| ${cell(name)} | ${[...Object.keys(STATE_WORDS)].map((s) => counts[s as TranslationState]).join(' | ')} |`,
      );
    const listed = entries.filter((e) => LISTED.includes(e.state));
    if (listed.length) out.push('', ...entryTable(listed));
    for (const entry of listed.filter((e) => e.state === 'stale'))
      out.push('', ...diffDetails(entry, staleLines(entry, check.sources.get(entry.file))));
  }
  return out.join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;');

function entryTable(entries: readonly TranslationEntry[]): string[] {
  return [
    '| | file | source |',
    '|---|---|---|',
    ...entries.map(
      (e) => `| ${STATE_WORDS[e.state]} | \`${cell(e.file)}\` | ${e.source ? `\`${cell(e.source)}\`` : ''} |`,
    ),
  ];
}

function diffDetails(entry: TranslationEntry, lines: readonly string[]): string[] {
  return foldedDiff(`<code>${cell(entry.file)}</code>: what changed in its source`, lines);
}

function translationsJson(check: TranslationCheck): unknown {
  const { report } = check;
  return {
    defaultLanguage: report.defaultLanguage,
    languages: Object.fromEntries(
      byLanguage(report).map(([language, entries]) => [
        language,
        {
          counts: countStates(entries),
          byKind: Object.fromEntries(countsBy(entries, (e) => e.kind)),
          byCategory: Object.fromEntries(countsBy(entries, (e) => `${e.kind}:${e.category ?? ''}`)),
        },
      ]),
    ),
    entries: report.entries.map((entry) => {
      const source = check.sources.get(entry.file);
      if (entry.state !== 'stale' || !source) return entry;
      return source.found
        ? {
            ...entry,
            sourceChange: {
              commit: source.commit,
              date: source.date,
              diff: staleLines(entry, source).slice(1),
            },
          }
        : { ...entry, sourceChange: { found: false, reason: source.reason } };
    }),
  };
}

/** The plan's text: one line per language with translations the gate reports. */
export function planTranslationLines(translations: PlanTranslations | undefined, color: Painter): string[] {
  if (!translations) return [];
  const lines: string[] = [];
  for (const [language, counts] of Object.entries(translations.counts)) {
    if (!translations.entries.some((entry) => entry.language === language)) continue;
    lines.push(
      color.yellow(
        `translations ${language}: ${countsPhrase(counts)} (oc-sync translations --lang ${language} lists them)`,
      ),
    );
  }
  return lines;
}

/** The plan comment's translations section; none when every translation is up to date. */
export function planTranslationsSection(
  translations: PlanTranslations | undefined,
): { summary: string; count: number; lines: string[]; open: boolean } | undefined {
  if (!translations || translations.entries.length === 0) return undefined;
  const phrases = Object.entries(translations.counts).map(
    ([language, counts]) => `${language} ${countsPhrase(counts)}`,
  );
  const gate = translations.settings;
  const fails = translations.entries.some((e) =>
    e.state === 'missing' ? gate.missing === 'error' : gate.stale === 'error',
  );
  return {
    summary: `Translations: ${phrases.join('; ')}`,
    count: translations.entries.length,
    lines: [
      ...entryTable(translations.entries),
      '',
      "A stale translation's source changed since it was marked; `oc-sync translations` shows what changed, `oc-sync translations mark FILE` records a finished translation.",
    ],
    open: fails,
  };
}
