import path from 'node:path';
import { type Diagnostic, fileDiagnostic } from '../diagnostics/diagnostic.js';
import type { ResourceDef } from '../resources/resource.js';
import type { FoundFile } from './files.js';
import { parseDocumentName } from './names.js';

/**
 * Which files make up which document (pure: names in, groups and findings out). A document is its default-language
 * file and its translations; names that collide, unknown languages and translations without their default file are
 * findings, and the file is left out.
 */

export interface GroupedFile {
  /** Content-relative path. */
  rel: string;
  abs: string;
  /** Project-relative path, for messages. */
  file: string;
  language: string;
  isDefault: boolean;
}

export interface DocumentGroup {
  def: ResourceDef;
  files: GroupedFile[];
}

export interface GroupNames {
  languages: readonly string[];
  /** The project-relative name of a file found under content/. */
  foundPath: (found: FoundFile) => string;
}

/** Groups document files by key, in the order they were found; a file that cannot join its group is a finding. */
export function groupDocuments(
  found: readonly FoundFile[],
  kinds: readonly ResourceDef[],
  names: GroupNames,
): { groups: Map<string, DocumentGroup>; diagnostics: Diagnostic[] } {
  const { languages } = names;
  const diagnostics: Diagnostic[] = [];
  const groups = new Map<string, DocumentGroup>();
  const folded = new Map<string, string>();
  for (const entry of found) {
    const def = kinds.find((d) => d.content?.folder === entry.rel.split('/')[0]);
    if (!def) continue;
    const name = parseDocumentName(entry.rel, languages);
    const file = names.foundPath(entry);
    if (name.unknownLanguage) {
      diagnostics.push(
        fileDiagnostic(
          file,
          'content/unknown-language',
          `${path.posix.basename(entry.rel)} is a ${name.unknownLanguage} translation, but ${name.unknownLanguage} is not in the config languages (${languages.join(', ')})`,
          `add ${name.unknownLanguage} to languages in sync.config.yaml, or rename the file`,
        ),
      );
      continue;
    }
    const other = folded.get(name.key.toLowerCase());
    if (other !== undefined && other !== name.key) {
      diagnostics.push(
        fileDiagnostic(
          file,
          'content/duplicate-key',
          `${name.key} and ${other} differ only in letter case`,
          'rename one: they would collide on case-insensitive file systems and in URLs',
        ),
      );
      continue;
    }
    folded.set(name.key.toLowerCase(), name.key);
    const group = groups.get(name.key) ?? { def, files: [] };
    const clash = group.files.find((f) => f.language === name.language);
    if (clash) {
      diagnostics.push(
        fileDiagnostic(
          file,
          'content/duplicate-key',
          `${path.posix.basename(entry.rel)} and ${path.posix.basename(clash.rel)} are both the ${name.language} version of ${name.key}`,
          `keep one; the default language (${languages[0]}) is written without a suffix`,
        ),
      );
      continue;
    }
    group.files.push({
      rel: entry.rel,
      abs: entry.abs,
      file,
      language: name.language,
      isDefault: name.isDefault,
    });
    groups.set(name.key, group);
  }
  return { groups, diagnostics };
}

/** A translation whose default-language file does not exist (`content/orphan-translation`). */
export interface OrphanTranslation {
  kind: ResourceDef['kind'];
  key: string;
  language: string;
  /** Project-relative. */
  file: string;
}

/** The keys of the groups that have their default-language file; every file of the others is a finding. */
export function documentKeys(
  groups: ReadonlyMap<string, DocumentGroup>,
  languages: readonly string[],
  projectPath: (abs: string) => string,
): { keys: Set<string>; orphans: OrphanTranslation[]; diagnostics: Diagnostic[] } {
  const keys = new Set<string>();
  const orphans: OrphanTranslation[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [key, group] of groups) {
    if (group.files.some((f) => f.isDefault)) {
      keys.add(key);
      continue;
    }
    for (const f of group.files) {
      orphans.push({ kind: group.def.kind, key, language: f.language, file: projectPath(f.abs) });
      diagnostics.push(
        fileDiagnostic(
          projectPath(f.abs),
          'content/orphan-translation',
          `translation without its default-language file ${key}.md`,
          `create ${path.posix.basename(key)}.md (${languages[0]}) next to it, or rename this file`,
        ),
      );
    }
  }
  return { keys, orphans, diagnostics };
}

/** A group's files, default language first, then translations in config order. */
export function orderedFiles(group: DocumentGroup, languages: readonly string[]): GroupedFile[] {
  return [...group.files].sort(
    (a, b) =>
      Number(b.isDefault) - Number(a.isDefault) ||
      languages.indexOf(a.language) - languages.indexOf(b.language),
  );
}
