import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { type CategoryEntry, categoryList } from '../resources/faq-category.js';
import { headingList } from '../resources/heading.js';
import { tagList } from '../resources/tag.js';
import { locate, parseYamlSource, toPlainValue } from '../source/yaml-source.js';
import type { DesiredCategory, DesiredHeading, DesiredTag, Names } from './desired-state.js';
import { issuesToDiagnostics } from './schema-issues.js';

/**
 * The YAML lists — `faq/_categories.yaml`, `notices/_headings.yaml`, `notices/_tags.yaml` — parsed (text in,
 * data and diagnostics out) into categories, headings and tags identified by code.
 */

export interface ListContext {
  /** Project-relative path of the file, for messages. */
  file: string;
  languages: readonly string[];
}

interface Parsed<T> {
  items: T[];
  diagnostics: Diagnostic[];
}

const MAX_CATEGORY_DEPTH = 3;

function parseList<T>(
  text: string,
  context: ListContext,
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T[] } | { success: false; error: { issues: import('zod').z.core.$ZodIssue[] } };
  },
  knownKeys: readonly string[],
) {
  const { source, problems } = parseYamlSource(text, 'content');
  const diagnostics: Diagnostic[] = problems.map((p) => ({
    file: context.file,
    ...p.position,
    severity: 'error',
    rule: p.rule,
    message: p.message,
    hint: p.hint,
  }));
  if (diagnostics.length) return { items: [] as T[], source, diagnostics };
  const plain = toPlainValue(source, 'content');
  if (plain.problem) {
    const { position, ...rest } = plain.problem;
    diagnostics.push({ file: context.file, ...position, severity: 'error', ...rest });
    return { items: [] as T[], source, diagnostics };
  }
  const value = plain.value ?? [];
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    diagnostics.push(
      ...issuesToDiagnostics(parsed.error.issues, {
        file: context.file,
        input: value,
        locate: (path, prefer) => locate(source, path, prefer),
        knownKeys: () => knownKeys,
      }),
    );
    return { items: [] as T[], source, diagnostics };
  }
  return { items: parsed.data, source, diagnostics };
}

/** A name written as text is the default language's; a map must use configured languages and include the default. */
function toNames(
  name: string | Record<string, string>,
  context: ListContext,
  at: { line: number; column: number },
  diagnostics: Diagnostic[],
): Names {
  const [defaultLanguage] = context.languages;
  if (typeof name === 'string') return { [defaultLanguage as string]: name };
  for (const language of Object.keys(name)) {
    if (!context.languages.includes(language)) {
      diagnostics.push({
        file: context.file,
        ...at,
        severity: 'error',
        rule: 'content/unknown-language',
        message: `name has the language ${language}, which is not in the config languages (${context.languages.join(', ')})`,
        hint: `remove it, or add ${language} to languages in sync.config.yaml`,
      });
    }
  }
  if (defaultLanguage && !(defaultLanguage in name)) {
    diagnostics.push({
      file: context.file,
      ...at,
      severity: 'error',
      rule: 'content/missing-default-language',
      message: `name has no text for the default language ${defaultLanguage}`,
      hint: `add ${defaultLanguage}: to the name`,
    });
  }
  return Object.fromEntries(context.languages.filter((l) => l in name).map((l) => [l, name[l] as string]));
}

function duplicateCode(
  code: string,
  seen: Map<string, number>,
  context: ListContext,
  at: { line: number; column: number },
  what: string,
): Diagnostic | undefined {
  const first = seen.get(code);
  if (first === undefined) {
    seen.set(code, at.line);
    return undefined;
  }
  return {
    file: context.file,
    ...at,
    severity: 'error',
    rule: 'content/duplicate-code',
    message: `${what} code ${code} is declared twice (first on line ${first})`,
    hint: 'codes identify the item on the service: give each a different code',
  };
}

function duplicateName(
  names: Names,
  seen: Map<string, number>,
  context: ListContext,
  at: { line: number; column: number },
  scope: string,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const [language, text] of Object.entries(names)) {
    const key = `${language}\u0000${text}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, at.line);
    else {
      found.push({
        file: context.file,
        ...at,
        severity: 'error',
        rule: 'content/duplicate-name',
        message: `the ${language} name ${JSON.stringify(text)} is already used ${scope} (line ${first})`,
        hint: 'Online Contact refuses two entries with the same name here: rename one',
      });
    }
  }
  return found;
}

export function parseCategories(text: string, context: ListContext): Parsed<DesiredCategory> {
  const { items, source, diagnostics } = parseList<CategoryEntry>(text, context, categoryList, [
    'code',
    'name',
    'order',
    'children',
  ]);
  const categories: DesiredCategory[] = [];
  const codes = new Map<string, number>();

  const visit = (entries: CategoryEntry[], path: PropertyKey[], level: number, parentCode?: string) => {
    const siblingNames = new Map<string, number>();
    entries.forEach((entry, index) => {
      const entryPath = [...path, index];
      const at = locate(source, [...entryPath, 'code'], 'value');
      if (level > MAX_CATEGORY_DEPTH) {
        diagnostics.push({
          file: context.file,
          ...at,
          severity: 'error',
          rule: 'content/category-depth',
          message: `category ${entry.code} is on level ${level}; FAQ categories have at most ${MAX_CATEGORY_DEPTH} levels`,
          hint: `move it up under a level-${MAX_CATEGORY_DEPTH - 1} category`,
        });
        return;
      }
      const duplicate = duplicateCode(entry.code, codes, context, at, 'category');
      if (duplicate) diagnostics.push(duplicate);
      const nameAt = locate(source, [...entryPath, 'name'], 'value');
      const names = toNames(entry.name, context, nameAt, diagnostics);
      diagnostics.push(...duplicateName(names, siblingNames, context, nameAt, 'by a sibling category'));
      categories.push({
        code: entry.code,
        names,
        order: entry.order ?? index,
        parentCode,
        level,
        file: context.file,
        line: at.line,
      });
      if (entry.children) visit(entry.children, [...entryPath, 'children'], level + 1, entry.code);
    });
  };
  visit(items, [], 1);
  return { items: categories, diagnostics };
}

export function parseHeadings(text: string, context: ListContext): Parsed<DesiredHeading> {
  const { items, source, diagnostics } = parseList(text, context, headingList, ['code', 'name', 'order']);
  const codes = new Map<string, number>();
  const names = new Map<string, number>();
  const headings = items.map((entry, index): DesiredHeading => {
    const at = locate(source, [index, 'code'], 'value');
    const duplicate = duplicateCode(entry.code, codes, context, at, 'heading');
    if (duplicate) diagnostics.push(duplicate);
    const nameAt = locate(source, [index, 'name'], 'value');
    const localized = toNames(entry.name, context, nameAt, diagnostics);
    diagnostics.push(...duplicateName(localized, names, context, nameAt, 'by another heading'));
    return {
      code: entry.code,
      names: localized,
      order: entry.order ?? index,
      file: context.file,
      line: at.line,
    };
  });
  return { items: headings, diagnostics };
}

export function parseTags(text: string, context: ListContext): Parsed<DesiredTag> {
  const { items, source, diagnostics } = parseList(text, context, tagList, ['code', 'name']);
  const codes = new Map<string, number>();
  const tags = items.map((entry, index): DesiredTag => {
    const at = locate(source, [index, 'code'], 'value');
    const duplicate = duplicateCode(entry.code, codes, context, at, 'tag');
    if (duplicate) diagnostics.push(duplicate);
    const names = toNames(entry.name, context, locate(source, [index, 'name'], 'value'), diagnostics);
    return { code: entry.code, names, file: context.file, line: at.line };
  });
  return { items: tags, diagnostics };
}
