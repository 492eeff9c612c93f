import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * Finds what is under `content/` (DESIGN §1): Markdown documents of the three document kinds and the YAML lists.
 * Reading and parsing happen elsewhere; this only walks the tree. Files and folders starting with `_` or `.` are
 * not documents; symlinked files are followed only when they stay inside `content/`.
 */

export type ListKind = 'categories' | 'headings' | 'tags';

/** The YAML list files and where they live. */
export const listFiles: Record<ListKind, string> = {
  categories: 'faq/_categories.yaml',
  headings: 'notices/_headings.yaml',
  tags: 'notices/_tags.yaml',
};

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
  lists: Partial<Record<ListKind, FoundFile>>;
  /** Markdown files outside the three document folders, symlinks that leave the root, and the like. */
  strays: { file: FoundFile; reason: 'outside-kind-folder' | 'symlink-outside' }[];
}

/** `folders` are the top-level folders holding documents (`faq`, `notices`, `templates`). */
export async function findContentFiles(root: string, folders: readonly string[]): Promise<ContentTree> {
  const realRoot = await realpath(root);
  const tree: ContentTree = { root, realRoot, documents: [], lists: {}, strays: [] };
  const markdown: FoundFile[] = [];

  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = path.join(dir, entry.name);
      const rel = toPosix(path.relative(root, abs));
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => undefined);
        if (!target || !isInside(realRoot, target)) {
          if (entry.name.endsWith('.md')) tree.strays.push({ file: { rel, abs }, reason: 'symlink-outside' });
          continue;
        }
        const stat = await lstat(target);
        isDirectory = stat.isDirectory();
        isFile = stat.isFile();
      }
      if (isDirectory) {
        if (!entry.name.startsWith('_')) await walk(abs);
      } else if (isFile && entry.name.endsWith('.md') && !entry.name.startsWith('_')) {
        markdown.push({ rel, abs });
      }
    }
  }
  await walk(root);

  for (const file of markdown) {
    if (folders.includes(file.rel.split('/')[0] ?? '')) tree.documents.push(file);
    else tree.strays.push({ file, reason: 'outside-kind-folder' });
  }
  for (const [list, rel] of Object.entries(listFiles) as [ListKind, string][]) {
    const abs = path.join(root, rel);
    const exists = await lstat(abs).then(
      (s) => s.isFile(),
      () => false,
    );
    if (exists) tree.lists[list] = { rel, abs };
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
