import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { type ListKind, resourceOf } from '../resources/registry.js';
import type { ListContent } from '../resources/resource.js';
import { locate, parseYamlSource, toPlainValue, type YamlSource } from '../source/yaml-source.js';
import type { DesiredListItem, Names } from './desired-state.js';
import { issuesToDiagnostics } from './schema-issues.js';

/**
 * The YAML lists — `faq/_categories.yaml`, `notices/_headings.yaml`, `notices/_tags.yaml` — parsed (text in,
 * data and diagnostics out) into items identified by code. One parser for every list kind, driven by the kind's
 * `list` (src/resources/): its entry schema, whether it nests and how deep, whether names must be unique.
 */

export interface ListContext {
  /** Project-relative path of the file, for messages. */
  file: string;
  languages: readonly string[];
}

interface Parsed<T> {
  items: T[];
  diagnostics: Diagnostic[];
  /** The file does not parse, or not as this list: no item is known, so no code can be checked against it. */
  broken?: boolean;
}

/** One entry as the kind's entry schema lets it through. */
interface ListEntry {
  code: string;
  name: string | Record<string, string>;
  order?: number;
  children?: ListEntry[];
}

function parseEntries<T>(
  text: string,
  context: ListContext,
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T[] } | { success: false; error: { issues: z.core.$ZodIssue[] } };
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
  if (diagnostics.length) return { items: [] as T[], source, diagnostics, broken: true };
  const plain = toPlainValue(source, 'content');
  if (plain.problem) {
    const { position, ...rest } = plain.problem;
    diagnostics.push({ file: context.file, ...position, severity: 'error', ...rest });
    return { items: [] as T[], source, diagnostics, broken: true };
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
    return { items: [] as T[], source, diagnostics, broken: true };
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

/** The keys an entry may have, for did-you-mean on an unknown one. */
function entryKeys(entry: z.ZodType): string[] {
  return entry instanceof z.ZodObject ? Object.keys(entry.shape) : [];
}

interface ListRun {
  list: ListContent;
  /** The kind's label in the plural, for messages: `FAQ categories`. */
  plural: string;
  ordered: boolean;
  source: YamlSource;
  context: ListContext;
  diagnostics: Diagnostic[];
  codes: Map<string, number>;
  items: DesiredListItem[];
}

function tooDeep(run: ListRun, entry: ListEntry, level: number, at: { line: number; column: number }) {
  const max = run.list.maxLevels ?? Number.POSITIVE_INFINITY;
  if (!run.list.nested || level <= max) return false;
  run.diagnostics.push({
    file: run.context.file,
    ...at,
    severity: 'error',
    rule: 'content/category-depth',
    message: `${run.list.noun} ${entry.code} is on level ${level}; ${run.plural} have at most ${max} levels`,
    hint: `move it up under a level-${max - 1} ${run.list.noun}`,
  });
  return true;
}

function visitEntries(
  run: ListRun,
  entries: readonly ListEntry[],
  path: PropertyKey[],
  level: number,
  parentCode?: string,
): void {
  const { list, source, context, diagnostics } = run;
  const siblingNames = new Map<string, number>();
  entries.forEach((entry, index) => {
    const entryPath = [...path, index];
    const at = locate(source, [...entryPath, 'code'], 'value');
    if (tooDeep(run, entry, level, at)) return;
    const duplicate = duplicateCode(entry.code, run.codes, context, at, list.noun);
    if (duplicate) diagnostics.push(duplicate);
    const nameAt = locate(source, [...entryPath, 'name'], 'value');
    const names = toNames(entry.name, context, nameAt, diagnostics);
    if (list.uniqueNames) {
      const scope = list.nested ? `by a sibling ${list.noun}` : `by another ${list.noun}`;
      diagnostics.push(...duplicateName(names, siblingNames, context, nameAt, scope));
    }
    const item: DesiredListItem = { code: entry.code, names, file: context.file, line: at.line };
    if (run.ordered) item.order = entry.order ?? index;
    if (list.nested) Object.assign(item, { parentCode, level });
    run.items.push(item);
    if (list.nested && entry.children)
      visitEntries(run, entry.children, [...entryPath, 'children'], level + 1, entry.code);
  });
}

/** The YAML list of a list kind: its items in file order (a parent before its children), and what is wrong. */
export function parseList(kind: ListKind, text: string, context: ListContext): Parsed<DesiredListItem> {
  const def = resourceOf(kind);
  const list = def.list as ListContent;
  const keys = entryKeys(list.entry);
  const { items, source, diagnostics, broken } = parseEntries(
    text,
    context,
    z.array(list.entry) as z.ZodType<ListEntry[]>,
    keys,
  );
  const run: ListRun = {
    list,
    plural: def.plural,
    ordered: keys.includes('order'),
    source,
    context,
    diagnostics,
    codes: new Map(),
    items: [],
  };
  visitEntries(run, items, [], 1);
  return { items: run.items, diagnostics, ...(broken ? { broken } : {}) };
}
