import type { TranslationSettings } from '../config/schema.js';
import {
  countsBy,
  type TranslationEntry,
  type TranslationReport,
  type TranslationState,
} from '../content/translation-status.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PlanTranslations, Refusal } from './plan.js';

/**
 * The translation gate (config `translations: { stale, missing }`, issue 21) as findings for validate and refusals
 * for plan and apply (pure). Each stale translation is a finding on its file. Missing and never-marked
 * translations come grouped: one finding per language (a project that starts tracking translations would
 * otherwise see one line per document), naming the first few. Never-marked ones are unknown, not stale: they are
 * reported only when `stale` is error — a gate that deleting `translatedFrom:` gets around would be no gate.
 */

/** How many keys a grouped finding names before "… and N more". */
const NAMED = 5;

type Gate = TranslationSettings['stale'];

/** The setting an entry's state falls under; none for states the gate does not judge. */
function gateOf(state: TranslationState, settings: TranslationSettings): Gate | undefined {
  if (state === 'stale') return settings.stale;
  // Unknown is not stale: only a closed gate reports it (at the default, a project that starts tracking
  // translations is not told about every file it has; `oc-sync translations` lists them).
  if (state === 'never-marked') return settings.stale === 'error' ? 'error' : undefined;
  if (state === 'missing') return settings.missing;
  return undefined;
}

/** The entries the gate reports, with the severity it reports them with. */
function judged(
  report: TranslationReport,
  settings: TranslationSettings,
): { entry: TranslationEntry; severity: Diagnostic['severity'] }[] {
  const found: { entry: TranslationEntry; severity: Diagnostic['severity'] }[] = [];
  for (const entry of report.entries) {
    const gate = gateOf(entry.state, settings);
    if (gate === undefined || gate === 'off') continue;
    found.push({ entry, severity: gate === 'error' ? 'error' : 'warning' });
  }
  return found;
}

/** validate's findings: every stale translation, and per language the missing and never-marked ones. */
export function translationFindings(
  report: TranslationReport,
  settings: TranslationSettings,
  configFile: string,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const grouped = new Map<string, { severity: Diagnostic['severity']; entries: TranslationEntry[] }>();
  for (const { entry, severity } of judged(report, settings)) {
    if (entry.state === 'stale') {
      diagnostics.push(staleFinding(entry, severity));
      continue;
    }
    const name = `${entry.state}\u0000${entry.language}`;
    const group = grouped.get(name) ?? { severity, entries: [] };
    group.entries.push(entry);
    grouped.set(name, group);
  }
  for (const { severity, entries } of grouped.values())
    diagnostics.push(groupFinding(entries, severity, configFile));
  return diagnostics;
}

function staleFinding(entry: TranslationEntry, severity: Diagnostic['severity']): Diagnostic {
  return {
    file: entry.file,
    line: 0,
    column: 0,
    severity,
    rule: 'translations/stale',
    message: `the ${entry.language} translation is stale: ${entry.source} changed since it was translated (translatedFrom ${entry.translatedFrom}, now ${entry.sourceHash})`,
    hint: `oc-sync translations --lang ${entry.language} shows what changed; update this file, then run oc-sync translations mark ${entry.file}`,
  };
}

/** One finding for a language's missing (or never-marked) translations: on the file when it is one, else the config. */
function groupFinding(
  entries: readonly TranslationEntry[],
  severity: Diagnostic['severity'],
  configFile: string,
): Diagnostic {
  const [first] = entries as [TranslationEntry];
  const { language } = first;
  const named = entries.slice(0, NAMED).map((entry) => entry.key);
  const more = entries.length > NAMED ? ` and ${entries.length - NAMED} more` : '';
  const list = `${named.join(', ')}${more}`;
  if (first.state === 'missing') {
    const one = entries.length === 1;
    return {
      file: one ? (first.source ?? configFile) : configFile,
      line: 0,
      column: 0,
      severity,
      rule: 'translations/missing',
      message: one
        ? `${first.key} has no ${language} translation (${first.file})`
        : `${entries.length} documents have no ${language} translation: ${list}`,
      hint: `oc-sync translations --lang ${language} lists them; add the files, or set translations.missing: off in ${configFile}`,
    };
  }
  return {
    file: entries.length === 1 ? first.file : configFile,
    line: 0,
    column: 0,
    severity,
    rule: 'translations/never-marked',
    message:
      entries.length === 1
        ? `the ${language} translation was never marked (no translatedFrom:), so whether it is up to date is unknown`
        : `${entries.length} ${language} translations were never marked (no translatedFrom:): ${list}`,
    hint:
      entries.length === 1
        ? `check it against ${first.source}, then run oc-sync translations mark ${first.file}`
        : 'check them against their default-language files, then run oc-sync translations mark FILE… (oc-sync translations lists them)',
  };
}

/** What apply refuses because of the gate: one refusal per state set to error that has entries. */
export function translationRefusals(report: TranslationReport, settings: TranslationSettings): Refusal[] {
  const counts = new Map<TranslationState, number>();
  for (const { entry, severity } of judged(report, settings))
    if (severity === 'error') counts.set(entry.state, (counts.get(entry.state) ?? 0) + 1);
  const refusals: Refusal[] = [];
  const stale = (counts.get('stale') ?? 0) + (counts.get('never-marked') ?? 0);
  if (stale > 0) {
    refusals.push({
      message: `${stale} translation(s) are stale or never marked, and translations.stale is error; nothing was changed`,
      hint: 'update them and run oc-sync translations mark FILE… (oc-sync translations lists them)',
    });
  }
  const missing = counts.get('missing') ?? 0;
  if (missing > 0) {
    refusals.push({
      message: `${missing} translation(s) are missing, and translations.missing is error; nothing was changed`,
      hint: 'add them (oc-sync translations lists them), or set translations.missing: warn',
    });
  }
  return refusals;
}

/** The plan's translations part: counts per language, and the translations the gate reports. */
export function planTranslations(report: TranslationReport, settings: TranslationSettings): PlanTranslations {
  return {
    settings,
    counts: Object.fromEntries(countsBy(report.entries, (entry) => entry.language)),
    entries: judged(report, settings).map(({ entry }) => entry),
  };
}
