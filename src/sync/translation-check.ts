import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { translationHash, type WrittenText, writtenTextOfFile } from '../content/translation-hash.js';
import type { TranslationEntry, TranslationReport } from '../content/translation-status.js';
import { type Diagnostic, UserInputError } from '../diagnostics/diagnostic.js';
import { checkProject } from './check-project.js';
import { fileRevisions, gitRoot, revisionTexts } from './git-history.js';

/**
 * `oc-sync translations` (issue 21): where every translation stands, and for each stale one what its source said
 * when it was translated — the revision of the default file in git history whose hash is the translation's
 * `translatedFrom` — next to what it says now, so a translator sees what to redo.
 */

export interface TranslationCheckOptions {
  cwd: string;
  configFile?: string;
  env: NodeJS.ProcessEnv;
  /** Only this language (`--lang`). */
  language?: string;
}

/** What a stale translation's source said then, and says now. */
export type StaleSource =
  | { found: true; commit: string; date: string; before: WrittenText; now: WrittenText }
  | { found: false; reason: 'no-git' | 'not-in-history' };

export interface TranslationCheck {
  report: TranslationReport;
  /** By the stale translation's file. */
  sources: Map<string, StaleSource>;
  /** Findings of validate, the translation gate's included. */
  diagnostics: Diagnostic[];
  /** The gate's errors (config `translations`), for the exit code. */
  errors: number;
  /** Errors of content/ itself (an orphaned translation is one): the report is made of what could be read. */
  contentErrors: Diagnostic[];
}

/** checkProject → the report for `language` → staleSources. */
export async function checkTranslations(options: TranslationCheckOptions): Promise<TranslationCheck> {
  const check = await checkProject(options);
  const { loaded, translations } = check;
  // Content with errors is still reported (an orphaned translation is one of them); the caller shows the errors.
  if (!loaded || !translations) {
    throw new UserInputError(
      'the config cannot be used; fix it first (oc-sync validate lists the problems)',
      check.diagnostics.filter((d) => d.severity === 'error'),
    );
  }
  const { language } = options;
  if (language !== undefined && !translations.languages.includes(language)) {
    const known = translations.languages.join(', ') || 'none';
    throw new UserInputError(`--lang ${language} is not a translation language of ${loaded.displayFile}`, [
      {
        file: loaded.displayFile,
        line: 0,
        column: 0,
        severity: 'error',
        rule: 'config/invalid-value',
        message: `${language} is not one of the translation languages (${known})`,
        hint: `the first language (${translations.defaultLanguage}) is the default; name one of the others`,
      },
    ]);
  }
  const report: TranslationReport =
    language === undefined
      ? translations
      : {
          ...translations,
          languages: [language],
          entries: translations.entries.filter((e) => e.language === language),
        };
  const stale = report.entries.filter((entry) => entry.state === 'stale');
  const sources = await staleSources(stale, options.cwd);
  return {
    report,
    sources,
    diagnostics: check.diagnostics,
    errors: check.errors - check.contentErrors,
    contentErrors: check.diagnostics.filter(
      (d) => d.severity === 'error' && !d.rule.startsWith('translations/'),
    ),
  };
}

/** Each stale translation's source then and now; a document's history is read once for all its languages. */
async function staleSources(
  stale: readonly TranslationEntry[],
  cwd: string,
): Promise<Map<string, StaleSource>> {
  const sources = new Map<string, StaleSource>();
  if (stale.length === 0) return sources;
  const root = await gitRoot(cwd);
  const bySource = new Map<string, TranslationEntry[]>();
  for (const entry of stale)
    bySource.set(entry.source ?? '', [...(bySource.get(entry.source ?? '') ?? []), entry]);
  for (const [source, entries] of bySource) {
    const abs = path.resolve(cwd, source);
    const now = writtenTextOfFile(await readFile(abs, 'utf8'));
    const found = root && now ? await revisionsByHash(root, abs) : undefined;
    for (const entry of entries) {
      const then = found?.get(entry.translatedFrom ?? '');
      sources.set(
        entry.file,
        then && now
          ? { found: true, ...then, now }
          : { found: false, reason: root ? 'not-in-history' : 'no-git' },
      );
    }
  }
  return sources;
}

/** The default file's committed revisions by the hash of their text, newest first wins. */
async function revisionsByHash(
  root: string,
  abs: string,
): Promise<Map<string, { commit: string; date: string; before: WrittenText }>> {
  const file = path
    .relative(root, await realpath(abs))
    .split(path.sep)
    .join('/');
  const revisions = await fileRevisions(root, file);
  const texts = await revisionTexts(root, revisions);
  const byHash = new Map<string, { commit: string; date: string; before: WrittenText }>();
  revisions.forEach((revision, i) => {
    const text = texts[i];
    const written = text === undefined ? undefined : writtenTextOfFile(text.replace(/^\uFEFF/, ''));
    if (!written) return;
    const hash = translationHash(written);
    if (!byHash.has(hash))
      byHash.set(hash, { commit: revision.commit, date: revision.date, before: written });
  });
  return byHash;
}
