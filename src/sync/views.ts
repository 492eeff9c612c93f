import { createHash } from 'node:crypto';
import { sameHtml } from '../content/dom-equivalence.js';
import { ATTACHMENT_PLACEHOLDER, type DesiredDocument, type DesiredState } from '../content/model.js';
import type { DocumentView, ListView, ViewReader } from '../resources/view.js';
import { ordered } from '../resources/view.js';

/**
 * Views of the desired state, and hashes of views: the payload hash in the state file is the hash of the view
 * that was last applied, so "did the remote change since?" is one comparison.
 */

const pathPlaceholder = new RegExp(`${ATTACHMENT_PLACEHOLDER.replace(/[/]/g, '\\/')}([^"#?]+)`, 'g');

/** The desired document as a view: attachment paths become MD5s, unset fields drop out, tags compare as a set. */
export function desiredDocumentView(
  doc: DesiredDocument,
  md5ByPath: ReadonlyMap<string, string>,
  languages: readonly string[],
): DocumentView {
  const contents: DocumentView['contents'] = {};
  for (const [language, content] of Object.entries(doc.contents)) {
    contents[language] = {
      title: content.title,
      html: content.html.replace(pathPlaceholder, (whole, path: string) => {
        const md5 = md5ByPath.get(path);
        return md5 ? `${ATTACHMENT_PLACEHOLDER}${md5}` : whole;
      }),
      attachments: content.attachments.map((path) => md5ByPath.get(path) ?? `missing:${path}`),
    };
  }
  return normalizeView({ fields: doc.fields, contents: ordered(contents, languages) });
}

/** Drops undefined fields and sorts tag codes, so equal content gives equal views from either side. */
export function normalizeView(view: DocumentView): DocumentView {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(view.fields)) {
    if (value === undefined) continue;
    fields[name] = name === 'tagCodes' && Array.isArray(value) ? [...value].sort() : value;
  }
  return { fields, contents: view.contents };
}

const md5Maps = new WeakMap<DesiredState, Map<string, string>>();

export function md5ByPathOf(desired: DesiredState): Map<string, string> {
  let map = md5Maps.get(desired);
  if (!map) {
    map = new Map(desired.attachments.map((a) => [a.path, a.md5]));
    md5Maps.set(desired, map);
  }
  return map;
}

const payloads = new WeakMap<DesiredDocument, { view: DocumentView; hash: string }>();

/**
 * A desired document's view and its hash, computed once per document object: planning asks for it twice (which
 * details to fetch, then the plan), and hashing every view of a large help center is not free.
 */
export function desiredPayload(
  doc: DesiredDocument,
  desired: DesiredState,
): { view: DocumentView; hash: string } {
  let payload = payloads.get(doc);
  if (!payload) {
    const view = desiredDocumentView(doc, md5ByPathOf(desired), desired.languages);
    payload = { view, hash: hashView(view) };
    payloads.set(doc, payload);
  }
  return payload;
}

export function listViewOf(
  entry: { code: string; names: Record<string, string>; order?: number; parentCode?: string },
  languages: readonly string[],
): ListView {
  const view: ListView = { code: entry.code, names: ordered(entry.names, languages) };
  if (entry.order !== undefined) view.order = entry.order;
  if (entry.parentCode !== undefined) view.parentCode = entry.parentCode;
  return view;
}

/** JSON with sorted keys: the same data always gives the same text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

export function hashView(view: unknown): string {
  return createHash('sha256').update(stableJson(view)).digest('hex');
}

/** The fields that differ between two views, named as a reviewer reads them: `status`, `contents.en.title`. */
export function changedFields(
  before: DocumentView | ListView | undefined,
  after: DocumentView | ListView,
): string[] {
  if (!before) return [];
  const changed: string[] = [];
  if ('fields' in after && 'fields' in before) {
    const names = new Set([...Object.keys(before.fields), ...Object.keys(after.fields)]);
    for (const name of [...names].sort()) {
      if (stableJson(before.fields[name]) !== stableJson(after.fields[name])) changed.push(name);
    }
    const languages = new Set([...Object.keys(before.contents), ...Object.keys(after.contents)]);
    for (const language of languages) {
      const a = before.contents[language];
      const b = after.contents[language];
      if (!a || !b) {
        changed.push(`contents.${language}`);
        continue;
      }
      if (a.title !== b.title) changed.push(`contents.${language}.title`);
      // Bodies that differ only in how the same DOM is written (editor HTML against rendered Markdown) are equal.
      if (a.html !== b.html && !sameHtml(a.html, b.html)) changed.push(`contents.${language}.body`);
      if (stableJson(a.attachments) !== stableJson(b.attachments))
        changed.push(`contents.${language}.attachments`);
    }
    return changed;
  }
  const left = before as ListView;
  const right = after as ListView;
  for (const name of ['names', 'order', 'parentCode'] as const) {
    if (stableJson(left[name]) !== stableJson(right[name])) changed.push(name);
  }
  return changed;
}

export type { ViewReader };
