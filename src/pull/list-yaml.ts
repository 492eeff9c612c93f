import { Document, isMap, isPair, isScalar, visit } from 'yaml';
import type { Names } from '../content/model.js';
import type { ListContent } from '../resources/resource.js';
import { listViewOf, stableJson } from '../resources/view.js';

/**
 * The YAML lists (`faq/_categories.yaml`, `notices/_headings.yaml`, `notices/_tags.yaml`) as pull writes them:
 * `{code, name, order?, children?}` entries, a name as plain text when only the default language has one and as a
 * `{lang: text}` map otherwise, `order` only where it differs from the position in the list.
 */

export interface ListEntry {
  code: string;
  names: Names;
  /** Sort order (orderNo); undefined for tags, which have none. */
  order?: number;
  parentCode?: string;
}

export function listYaml(
  list: Pick<ListContent, 'nested' | 'header'>,
  entries: readonly ListEntry[],
  languages: readonly string[],
): string {
  const byParent = new Map<string | undefined, ListEntry[]>();
  for (const entry of entries) {
    const parent = list.nested ? entry.parentCode : undefined;
    byParent.set(parent, [...(byParent.get(parent) ?? []), entry]);
  }
  const build = (parent: string | undefined): Record<string, unknown>[] =>
    sortEntries(byParent.get(parent) ?? []).map((entry, index) => {
      const item: Record<string, unknown> = { code: entry.code, name: nameValue(entry.names, languages) };
      if (entry.order !== undefined && entry.order !== index) item.order = entry.order;
      if (list.nested) {
        const children = build(entry.code);
        if (children.length) item.children = children;
      }
      return item;
    });
  const document = new Document(build(undefined));
  // Names as `{ ko: 계정, en: Account }` on one line, as people write them.
  visit(document, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'name' && isMap(pair.value))
        pair.value.flow = true;
    },
  });
  document.commentBefore = ` ${list.header}`;
  return document.toString({ lineWidth: 0 });
}

/** Entries in list order: by order, then as given (which is the service's id order). */
function sortEntries(entries: readonly ListEntry[]): ListEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.order ?? 0) - (b.entry.order ?? 0) || a.index - b.index)
    .map(({ entry }) => entry);
}

function nameValue(names: Names, languages: readonly string[]): string | Names {
  const keys = Object.keys(names);
  const [main] = languages;
  if (keys.length === 1 && keys[0] === main) return names[main] as string;
  return Object.fromEntries(
    [...languages.filter((l) => l in names), ...keys.filter((k) => !languages.includes(k))].map((l) => [
      l,
      names[l] as string,
    ]),
  );
}

/** Two lists hold the same items (by code: names, order, parent), whatever their layout in the file. */
export function sameEntries(
  a: readonly ListEntry[],
  b: readonly ListEntry[],
  languages: readonly string[],
): boolean {
  const key = (entries: readonly ListEntry[]) =>
    stableJson(Object.fromEntries(entries.map((entry) => [entry.code, listViewOf(entry, languages)])));
  return key(a) === key(b);
}
