import path from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import type { ContentMemory } from '../content/content-memory.js';
import { readContent } from '../content/read-content.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { contentCacheFile } from '../sync/make-plan.js';
import { buildSite, type SiteModel } from './site-model.js';

/**
 * Reads content/ as plan and apply do (`readContent`, the same renderer and render cache, so only changed files
 * are parsed again), keeping documents whose files are missing so their pages can show it, and builds the site.
 */
export async function readSite(
  loaded: LoadedConfig,
  cwd: string,
  options: {
    /** Problems found before content/ was read (a config that does not load: the last good one is used). */
    extraDiagnostics?: readonly Diagnostic[];
    /** Told of each document parsed rather than taken from the render cache. */
    onParse?: (file: string) => void;
    /** What the previous read remembered (the server's, between saves): only what changed is read again. */
    memory?: ContentMemory;
  } = {},
): Promise<SiteModel> {
  const { config, root } = loaded;
  const contentDir = path.resolve(root, config.content);
  const result = await readContent({
    projectRoot: cwd,
    contentDir,
    languages: config.languages,
    timeZone: config.timeZone,
    allowUnsafeHtml: config.allowUnsafeHtml,
    cacheFile: contentCacheFile(root),
    keepIncomplete: true,
    onParse: options.onParse,
    memory: options.memory,
  });
  return buildSite({
    result,
    languages: config.languages,
    timeZone: config.timeZone,
    projectRoot: cwd,
    contentDir,
    extraDiagnostics: options.extraDiagnostics,
  });
}
