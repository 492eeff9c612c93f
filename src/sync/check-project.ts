import path from 'node:path';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { readContent } from '../content/read-content.js';
import { type TranslationReport, translationReport } from '../content/translation-status.js';
import { type Diagnostic, UserInputError } from '../diagnostics/diagnostic.js';
import { contentCacheFile } from './make-plan.js';
import { translationFindings } from './translation-findings.js';

/**
 * What `oc-sync validate` checks, as data: the config and everything under `content/`, offline, every problem at
 * once, and the translation gate. `loaded` is missing when the config itself cannot be used.
 */
export interface ProjectCheck {
  loaded?: LoadedConfig;
  diagnostics: Diagnostic[];
  errors: number;
  /**
   * The errors that keep a plan from being made (config and content). The translation gate's errors are not among
   * them: a plan is still shown, with apply's refusal (`translationRefusals`).
   */
  contentErrors: number;
  /** Where each translation stands; missing when the config cannot be used. */
  translations?: TranslationReport;
}

export async function checkProject(options: {
  cwd: string;
  /** Relative to `cwd`; the default is `sync.config.yaml`. */
  configFile?: string;
  env: NodeJS.ProcessEnv;
  onParse?: (file: string, documents: number) => void;
}): Promise<ProjectCheck> {
  const diagnostics: Diagnostic[] = [];
  let loaded: LoadedConfig | undefined;
  try {
    loaded = await loadConfig({ cwd: options.cwd, file: options.configFile, env: options.env });
    diagnostics.push(...loaded.warnings);
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    diagnostics.push(...error.diagnostics);
  }
  const contentErrors = () => diagnostics.filter((d) => d.severity === 'error').length;
  if (!loaded) return { diagnostics, errors: contentErrors(), contentErrors: contentErrors() };
  const { config } = loaded;
  const result = await readContent({
    projectRoot: options.cwd,
    contentDir: path.resolve(loaded.root, config.content),
    languages: config.languages,
    timeZone: config.timeZone,
    allowUnsafeHtml: config.allowUnsafeHtml,
    cacheFile: contentCacheFile(loaded.root),
    onParse: options.onParse,
  });
  diagnostics.push(...result.diagnostics);
  const beforeGate = contentErrors();
  const translations = translationReport(result.state, result.orphans, config.languages);
  diagnostics.push(...translationFindings(translations, config.translations, loaded.displayFile));
  return { loaded, diagnostics, errors: contentErrors(), contentErrors: beforeGate, translations };
}
