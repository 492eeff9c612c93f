import path from 'node:path';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { readContent } from '../content/read-content.js';
import { type Diagnostic, UserInputError } from '../diagnostics/diagnostic.js';
import { contentCacheFile } from './make-plan.js';

/**
 * What `oc-sync validate` checks, as data: the config and everything under `content/`, offline, every problem at
 * once. `loaded` is missing when the config itself cannot be used.
 */
export interface ProjectCheck {
  loaded?: LoadedConfig;
  diagnostics: Diagnostic[];
  errors: number;
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
  if (loaded) {
    const result = await readContent({
      projectRoot: options.cwd,
      contentDir: path.resolve(loaded.root, loaded.config.content),
      languages: loaded.config.languages,
      timeZone: loaded.config.timeZone,
      allowUnsafeHtml: loaded.config.allowUnsafeHtml,
      cacheFile: contentCacheFile(loaded.root),
      onParse: options.onParse,
    });
    diagnostics.push(...result.diagnostics);
  }
  return { loaded, diagnostics, errors: diagnostics.filter((d) => d.severity === 'error').length };
}
