import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { type FoundFile, findContentFiles, isInside, toPosix } from '../content/files.js';
import { parseFrontMatter } from '../content/front-matter.js';
import { parseDocumentName } from '../content/names.js';
import { withTranslatedFrom } from '../content/translated-from-edit.js';
import { translationHashOfFile } from '../content/translation-hash.js';
import { type Diagnostic, fileDiagnostic, UserInputError } from '../diagnostics/diagnostic.js';
import { contentOf, documentKinds } from '../resources/registry.js';
import { writeFileAtomic } from '../system/atomic-write.js';

/**
 * `oc-sync translations mark FILE…` (issue 21): a translator says "this translation matches its default-language
 * document as it is now", and oc-sync writes that document's hash into the translation's `translatedFrom:`. A
 * translation file marks itself, a default file all its translations, a folder under content/ every translation in
 * it. Every file is checked before the first is written: one that cannot be marked writes nothing. Each write is
 * atomic and changes only the `translatedFrom:` line.
 */

export interface MarkOptions {
  cwd: string;
  configFile?: string;
  env: NodeJS.ProcessEnv;
  /** As the user named them: relative to `cwd`, or absolute. */
  files: readonly string[];
}

export interface MarkedFile {
  /** Project-relative (to `cwd`). */
  file: string;
  hash: string;
  /** What it recorded before, if anything. */
  previous?: string;
  /** It recorded this hash already: not written. */
  unchanged: boolean;
}

/** A translation to mark, and its default-language file. */
interface MarkTarget {
  abs: string;
  source: string;
}

const BOM = '\uFEFF';
const documentFolders = documentKinds.map((kind) => contentOf(kind).folder);

/** loadConfig → findContentFiles → targetsOf each argument → markedText each → write the ones that change. */
export async function markTranslations(options: MarkOptions): Promise<MarkedFile[]> {
  const loaded = await loadConfig({ cwd: options.cwd, file: options.configFile, env: options.env });
  const contentDir = path.resolve(loaded.root, loaded.config.content);
  const projectPath = (abs: string) => toPosix(path.relative(options.cwd, abs));
  const found = await findContentFiles(contentDir, documentFolders);
  const problems: Diagnostic[] = [];
  const targets = new Map<string, MarkTarget>();
  for (const named of options.files) {
    const abs = path.resolve(options.cwd, named);
    const result = await targetsOf(abs, { contentDir, documents: found.documents, loaded, projectPath });
    if (typeof result === 'string') problems.push(refusal(named, result));
    else for (const target of result) targets.set(target.abs, target);
  }
  if (problems.length === 0 && targets.size === 0)
    problems.push(refusal(options.files.join(' '), 'holds no translation files'));
  const edits = await Promise.all([...targets.values()].map((target) => markedText(target, projectPath)));
  for (const edit of edits) if ('problem' in edit) problems.push(refusal(edit.file, edit.problem));
  if (problems.length > 0)
    throw new UserInputError(
      `nothing was marked: ${problems.length} problem(s) with the files named`,
      problems,
    );
  const marked: MarkedFile[] = [];
  for (const edit of edits as Edit[]) {
    // Every edit is known good here: a failure now is the disk's, and what was written stays valid.
    if (!edit.unchanged) await writeFileAtomic(edit.abs, edit.text);
    marked.push({ file: edit.file, hash: edit.hash, previous: edit.previous, unchanged: edit.unchanged });
  }
  return marked.sort((a, b) => (a.file < b.file ? -1 : 1));
}

function refusal(file: string, problem: string): Diagnostic {
  return fileDiagnostic(
    file,
    'translations/mark-refused',
    `cannot mark ${file}: it ${problem}`,
    'name translation files (name.<lang>.md), default files or folders under content/',
  );
}

interface TargetContext {
  contentDir: string;
  documents: readonly FoundFile[];
  loaded: LoadedConfig;
  projectPath: (abs: string) => string;
}

/** The translations an argument stands for, or why it stands for none. */
async function targetsOf(abs: string, context: TargetContext): Promise<MarkTarget[] | string> {
  const { contentDir, documents, loaded } = context;
  const { languages } = loaded.config;
  if (!isInside(contentDir, abs))
    return `is not inside ${context.projectPath(contentDir) || '.'}/: only content files record translations`;
  const kind = await stat(abs).catch(() => undefined);
  if (!kind) return 'does not exist';
  const rel = toPosix(path.relative(contentDir, abs));
  const defaults = new Map<string, string>();
  for (const doc of documents) {
    const name = parseDocumentName(doc.rel, languages);
    if (name.isDefault) defaults.set(name.key, doc.abs);
  }
  const targetOf = (doc: FoundFile): MarkTarget | string => {
    const name = parseDocumentName(doc.rel, languages);
    const source = defaults.get(name.key);
    if (source === undefined) return `has no default-language file ${name.key}.md to be translated from`;
    return { abs: doc.abs, source };
  };
  if (kind.isDirectory()) {
    const inside = documents.filter(
      (doc) =>
        (rel === '' || doc.rel.startsWith(`${rel}/`)) && !parseDocumentName(doc.rel, languages).isDefault,
    );
    const targets = inside.map(targetOf).filter((t): t is MarkTarget => typeof t !== 'string');
    return targets;
  }
  const doc = documents.find((d) => d.abs === abs || d.rel === rel);
  if (!doc) return 'is not a document under content/ (a Markdown file in one of its document folders)';
  const name = parseDocumentName(doc.rel, languages);
  if (name.unknownLanguage)
    return `is a ${name.unknownLanguage} translation, but ${name.unknownLanguage} is not in the config languages`;
  if (!name.isDefault) {
    const target = targetOf(doc);
    return typeof target === 'string' ? target : [target];
  }
  const translations = documents.filter((d) => {
    const other = parseDocumentName(d.rel, languages);
    return other.key === name.key && !other.isDefault && !other.unknownLanguage;
  });
  if (translations.length === 0) return 'has no translations to mark (no name.<lang>.md next to it)';
  return translations.map((d) => ({ abs: d.abs, source: doc.abs }));
}

interface Edit {
  abs: string;
  file: string;
  text: string;
  hash: string;
  previous?: string;
  unchanged: boolean;
}

/** The translation's new text, or why it cannot be marked. */
async function markedText(
  target: MarkTarget,
  projectPath: (abs: string) => string,
): Promise<Edit | { file: string; problem: string }> {
  const file = projectPath(target.abs);
  const sourceText = stripBom(await readFile(target.source, 'utf8'));
  const hash = translationHashOfFile(sourceText);
  if (hash === undefined)
    return {
      file,
      problem: `has a default-language file ${projectPath(target.source)} whose front matter does not parse; fix it first (oc-sync validate)`,
    };
  const raw = await readFile(target.abs, 'utf8');
  const bom = raw.startsWith(BOM) ? BOM : '';
  const text = raw.slice(bom.length);
  const edit = withTranslatedFrom(text, hash);
  if (!edit.ok) return { file, problem: edit.problem };
  const recorded = parseFrontMatter(text).data.translatedFrom;
  const previous = typeof recorded === 'string' ? recorded : undefined;
  return { abs: target.abs, file, text: `${bom}${edit.text}`, hash, previous, unchanged: edit.text === text };
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}
