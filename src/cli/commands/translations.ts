import path from 'node:path';
import { type Command, Option } from 'commander';
import type { TranslationsFormat } from '../../report/translations-output.js';
import { configFileOf, globalsOf } from '../project.js';
import { paint } from '../style.js';

export function registerTranslations(program: Command): void {
  const translations = program
    .command('translations')
    .description(
      'per language: translations up to date, stale (with what changed in their source), never marked, missing and orphaned',
    )
    .option('--lang <language>', 'only this translation language')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'),
    )
    .addHelpText(
      'after',
      '\nExit code 1 when content/ has errors (an orphaned translation is one), or when translations.stale or translations.missing is error in the config and a translation is so.\nExamples:\n  oc-sync translations\n  oc-sync translations --lang en --format markdown\n  oc-sync translations mark content/faq/billing/refund.en.md   # after translating it',
    )
    .action(runTranslations);
  translations
    .command('mark')
    .description(
      'record that translations match their default-language document as it is now (writes translatedFrom:)',
    )
    .argument(
      '<files...>',
      'translation files; a default-language file for all its translations; a folder under content/ for every translation in it',
    )
    .action(runMark);
}

async function runTranslations(
  options: { lang?: string; format: TranslationsFormat },
  command: Command,
): Promise<void> {
  const [{ checkTranslations }, { formatTranslations }, { formatDiagnostic }] = await Promise.all([
    import('../../sync/translation-check.js'),
    import('../../report/translations-output.js'),
    import('../../diagnostics/diagnostic.js'),
  ]);
  const globals = globalsOf(command);
  const check = await checkTranslations({
    cwd: path.resolve(globals.cwd),
    configFile: await configFileOf(globals),
    env: process.env,
    language: options.lang,
  });
  const color = paint(globals.color && process.stdout.isTTY === true && options.format === 'text');
  process.stdout.write(`${formatTranslations(check, options.format, color)}\n`);
  if (check.contentErrors.length > 0) {
    for (const d of check.contentErrors) process.stderr.write(`${formatDiagnostic(d)}\n`);
    process.stderr.write(
      `content/ has ${check.contentErrors.length} error(s), listed above: a file with one may be reported from what could be read\n`,
    );
  }
  if (check.errors > 0 || check.contentErrors.length > 0) process.exitCode = 1;
}

async function runMark(files: string[], _options: unknown, command: Command): Promise<void> {
  const { markTranslations } = await import('../../sync/mark-translations.js');
  const globals = globalsOf(command);
  const marked = await markTranslations({
    cwd: path.resolve(globals.cwd),
    configFile: await configFileOf(globals),
    env: process.env,
    files,
  });
  if (globals.quiet) return;
  for (const file of marked) {
    const what = file.unchanged
      ? 'already marked'
      : file.previous
        ? `marked (was ${file.previous})`
        : 'marked';
    process.stdout.write(`${file.file}: ${what} translatedFrom ${file.hash}\n`);
  }
}
