import { categoryReferenceOf, type DocumentKind } from '../resources/registry.js';
import type { DesiredDocument, DesiredState } from './desired-state.js';
import type { OrphanTranslation } from './document-groups.js';

/**
 * Where each translation stands (issue 21), from the desired state alone (pure): a translation whose
 * `translatedFrom` is its default file's `textHash` is up to date, one with another hash is stale, one without is
 * never marked (unknown: oc-sync cannot tell what it was translated from), a config language without a file is
 * missing, and a translation without its default file is orphaned. Hashes travel with the files, so a document
 * moved with its translations (`git mv`, `previously:`) or created in the same change needs no state.
 */

export const TRANSLATION_STATES = ['up-to-date', 'stale', 'never-marked', 'missing', 'orphaned'] as const;
export type TranslationState = (typeof TRANSLATION_STATES)[number];

export interface TranslationEntry {
  state: TranslationState;
  kind: DocumentKind;
  key: string;
  language: string;
  /** Project-relative file of the translation; for a missing one, the file it would be. */
  file: string;
  /** Project-relative default-language file (none for an orphan). */
  source?: string;
  /** The code of the document's category (FAQ category, notice heading), when it has one. */
  category?: string;
  /** What the translation records (`translatedFrom:`). */
  translatedFrom?: string;
  /** The default language's `textHash` now. */
  sourceHash?: string;
}

export interface TranslationReport {
  defaultLanguage: string;
  /** The translation languages: the config languages after the first. */
  languages: string[];
  /** By language (config order), then key. */
  entries: TranslationEntry[];
}

export type TranslationCounts = Record<TranslationState, number>;

/** Every translation of every document in the config's languages, and the orphans. */
export function translationReport(
  state: Pick<DesiredState, 'documents'>,
  orphans: readonly OrphanTranslation[],
  languages: readonly string[],
): TranslationReport {
  const [defaultLanguage = 'ko', ...translated] = languages;
  const entries: TranslationEntry[] = [];
  for (const language of translated) {
    const ofLanguage: TranslationEntry[] = [];
    for (const document of state.documents) {
      const entry = entryOf(document, language, defaultLanguage);
      if (entry) ofLanguage.push(entry);
    }
    for (const orphan of orphans)
      if (orphan.language === language)
        ofLanguage.push({ state: 'orphaned', kind: orphan.kind as DocumentKind, ...pick(orphan) });
    entries.push(...ofLanguage.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }
  return { defaultLanguage, languages: translated, entries };
}

function pick(orphan: OrphanTranslation): Pick<TranslationEntry, 'key' | 'language' | 'file'> {
  return { key: orphan.key, language: orphan.language, file: orphan.file };
}

function entryOf(
  document: DesiredDocument,
  language: string,
  defaultLanguage: string,
): TranslationEntry | undefined {
  const source = document.contents[defaultLanguage];
  const sourceFile = document.files[defaultLanguage];
  if (!source || sourceFile === undefined) return undefined;
  const field = categoryReferenceOf(document.kind as DocumentKind).field;
  const category = document.fields[field];
  const base = {
    kind: document.kind as DocumentKind,
    key: document.key,
    language,
    source: sourceFile,
    sourceHash: source.textHash,
    ...(typeof category === 'string' ? { category } : {}),
  };
  const file = document.files[language];
  const state = translationStateOf(document, language, defaultLanguage) as TranslationState;
  if (state === 'missing' || file === undefined)
    return { ...base, state: 'missing', file: translationFileOf(sourceFile, language, defaultLanguage) };
  const { translatedFrom } = document.contents[language] ?? {};
  return { ...base, state, file, ...(translatedFrom === undefined ? {} : { translatedFrom }) };
}

/**
 * Where one translation of a document stands: up to date, stale, never marked or missing; undefined for the default
 * language itself or a document without its default-language text.
 */
export function translationStateOf(
  document: Pick<DesiredDocument, 'contents'>,
  language: string,
  defaultLanguage: string,
): Exclude<TranslationState, 'orphaned'> | undefined {
  const source = document.contents[defaultLanguage];
  if (language === defaultLanguage || !source) return undefined;
  const translation = document.contents[language];
  if (!translation) return 'missing';
  if (translation.translatedFrom === undefined) return 'never-marked';
  return translation.translatedFrom === source.textHash ? 'up-to-date' : 'stale';
}

/** `content/faq/a.md` (or `a.ko.md`) → `content/faq/a.en.md`. */
export function translationFileOf(defaultFile: string, language: string, defaultLanguage: string): string {
  const stem = defaultFile.replace(/\.md$/, '');
  const base = stem.endsWith(`.${defaultLanguage}`) ? stem.slice(0, -defaultLanguage.length - 1) : stem;
  return `${base}.${language}.md`;
}

export function emptyCounts(): TranslationCounts {
  return Object.fromEntries(TRANSLATION_STATES.map((state) => [state, 0])) as TranslationCounts;
}

/** How many entries are in each state. */
export function countStates(entries: readonly TranslationEntry[]): TranslationCounts {
  const counts = emptyCounts();
  for (const entry of entries) counts[entry.state]++;
  return counts;
}

/** The entries grouped by a property (language, kind, category), in first-seen order, with their counts. */
export function countsBy(
  entries: readonly TranslationEntry[],
  group: (entry: TranslationEntry) => string,
): Map<string, TranslationCounts> {
  const groups = new Map<string, TranslationCounts>();
  for (const entry of entries) {
    const name = group(entry);
    const counts = groups.get(name) ?? emptyCounts();
    counts[entry.state]++;
    groups.set(name, counts);
  }
  return groups;
}
