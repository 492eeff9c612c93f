import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { listKinds, resources } from '../resources/registry.js';
import type { ListField } from '../resources/resource.js';

/**
 * Finds what is under `content/` (DESIGN §1): Markdown documents of the three document kinds and the YAML lists.
 * Reading and parsing happen elsewhere; this only walks the tree. Files and folders starting with `_` or `.` are
 * not documents; symlinked files are followed only when they stay inside `content/`.
 */

export interface FoundFile {
  /** Relative to the content root, `/` separators. */
  rel: string;
  abs: string;
}

export interface ContentTree {
  root: string;
  /** The real path of the root, for containment checks of symlinks. */
  realRoot: string;
  /** Markdown files inside one of the document folders. */
  documents: FoundFile[];
  /** The YAML list files found, by the list's field in the desired state. */
  lists: Partial<Record<ListField, FoundFile>>;
  /** Markdown files outside the three document folders, symlinks that leave the root, and the like. */
  strays: { file: FoundFile; reason: 'outside-kind-folder' | 'symlink-outside' | 'symlink-loop' }[];
}

/** `folders` are the top-level folders holding documents (`faq`, `notices`, `templates`). */
export async function findContentFiles(root: string, folders: readonly string[]): Promise<ContentTree> {
  const realRoot = await realpath(root);
  const tree: ContentTree = { root, realRoot, documents: [], lists: {}, strays: [] };
  const markdown: FoundFile[] = [];

  // Real paths of the folders being walked: a symlink back to one of them would repeat every document below it.
  const walking = new Set<string>();
  async function walk(dir: string, real: string): Promise<void> {
    walking.add(real);
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = path.join(dir, entry.name);
      const rel = toPosix(path.relative(root, abs));
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let target = path.join(real, entry.name);
      if (entry.isSymbolicLink()) {
        const resolved = await realpath(abs).catch(() => undefined);
        if (!resolved || !isInside(realRoot, resolved)) {
          if (entry.name.endsWith('.md')) tree.strays.push({ file: { rel, abs }, reason: 'symlink-outside' });
          continue;
        }
        target = resolved;
        const stat = await lstat(target);
        isDirectory = stat.isDirectory();
        isFile = stat.isFile();
      }
      if (isDirectory) {
        if (walking.has(target)) tree.strays.push({ file: { rel, abs }, reason: 'symlink-loop' });
        else if (!entry.name.startsWith('_')) await walk(abs, target);
      } else if (isFile && entry.name.endsWith('.md') && !entry.name.startsWith('_')) {
        markdown.push({ rel, abs });
      }
    }
    walking.delete(real);
  }
  await walk(root, realRoot);

  for (const file of markdown) {
    if (folders.includes(file.rel.split('/')[0] ?? '')) tree.documents.push(file);
    else tree.strays.push({ file, reason: 'outside-kind-folder' });
  }
  for (const kind of listKinds) {
    const { entries: list, file: rel } = resources[kind].list;
    const abs = path.join(root, rel);
    const stat = await lstat(abs).catch(() => undefined);
    if (stat?.isSymbolicLink()) {
      // Like documents: followed while it stays inside content/, else reported and never read.
      const target = await realpath(abs).catch(() => undefined);
      if (target && isInside(realRoot, target) && (await lstat(target)).isFile())
        tree.lists[list] = { rel, abs };
      else tree.strays.push({ file: { rel, abs }, reason: 'symlink-outside' });
    } else if (stat?.isFile()) tree.lists[list] = { rel, abs };
  }
  return tree;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
