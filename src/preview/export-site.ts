import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ASSET_FILES } from './assets.js';
import { todayIn } from './period.js';
import { pagePaths, renderPage, rootPage } from './site.js';
import type { SiteModel } from './site-model.js';
import { assetPath, filePath } from './site-paths.js';

/**
 * `oc-sync preview --out DIR`: the site as static files — every page, the assets, the attachments under the names
 * readers download them by — with relative links, so it opens from `file://` and from any static host (a
 * pull-request artifact). Dated documents show their state on the day of the export.
 */
export async function exportSite(
  site: SiteModel,
  outDir: string,
  contentDir: string,
): Promise<{ pages: number; files: number }> {
  const day = todayIn(site.timeZone);
  const write = async (rel: string, text: string) => {
    const target = path.join(outDir, ...rel.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  };
  await write('index.html', rootPage(site));
  const pages = pagePaths(site);
  for (const page of pages) {
    const html = renderPage(site, page, { live: false, day });
    if (html !== undefined) await write(page, html);
  }
  for (const [name, asset] of Object.entries(ASSET_FILES)) await write(assetPath(name), asset.text);
  for (const attachment of site.attachments.values()) {
    const target = path.join(outDir, ...filePath(attachment.path).split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(contentDir, ...attachment.path.split('/')), target);
  }
  return { pages: pages.length + 1, files: site.attachments.size };
}
