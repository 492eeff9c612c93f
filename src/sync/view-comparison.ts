import type { DesiredAttachment, DesiredDocument } from '../content/desired-state.js';
import { desiredDocumentView } from '../content/desired-view.js';
import { sameHtml } from '../content/dom-equivalence.js';
import { type ListKind, listKinds, resources } from '../resources/registry.js';
import { type DocumentView, type ListView, stableJson, type ViewReader } from '../resources/view.js';
import type { RemoteState } from './remote-state.js';
import type { SyncState } from './state-file.js';

/**
 * The two sides the planner compares — the desired state's views (`desiredView`) and remote records read as views
 * (`remoteViewReader`, with `codesById`) — and which fields differ between two views (`changedFields`). The view
 * types, their normalisation and hashes are in `resources/view.ts`.
 */

const identityMaps = new WeakMap<readonly DesiredAttachment[], Map<string, string>>();
const documentMaps = new WeakMap<readonly DesiredDocument[], Map<string, DesiredDocument>>();

/** What a desired document's view is computed from: its languages and the attachments' identities. */
export interface ViewSource {
  attachments: readonly DesiredAttachment[];
  languages: readonly string[];
}

/** Attachment path → identity (`attachmentIdentity`: MD5 and file name), built once per attachment list. */
export function identityByPathOf(desired: {
  attachments: readonly DesiredAttachment[];
}): Map<string, string> {
  let map = identityMaps.get(desired.attachments);
  if (!map) {
    map = new Map(desired.attachments.map((a) => [a.path, a.identity]));
    identityMaps.set(desired.attachments, map);
  }
  return map;
}

/**
 * A desired document's view, computed each time it is asked for and not kept: for a document from the render
 * cache it reads the body, and a large plan must not hold every body at once. The hash needs no view:
 * `doc.payloadHash`.
 */
export function desiredView(doc: DesiredDocument, desired: ViewSource): DocumentView {
  return desiredDocumentView(doc, identityByPathOf(desired), desired.languages);
}

/**
 * The view a document change writes. An update or a move carries it (`after`); a create does not — a plan of ten
 * thousand creates would hold ten thousand bodies — so its view is computed here from its desired document, the
 * body read now, by the code that writes or prints it (apply, the plan's JSON).
 */
export function writtenView(
  change: { key: string; after?: DocumentView | ListView },
  desired: ViewSource & { documents: readonly DesiredDocument[] },
): DocumentView {
  if (change.after) return change.after as DocumentView;
  let byKey = documentMaps.get(desired.documents);
  if (!byKey) {
    byKey = new Map(desired.documents.map((doc) => [doc.key, doc]));
    documentMaps.set(desired.documents, byKey);
  }
  const doc = byKey.get(change.key);
  if (!doc) throw new Error(`no desired document ${change.key} for its create`);
  return desiredView(doc, desired);
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

/** id → code of every list item that has a code, per list kind. */
export function codesById(lists: RemoteState['lists']): Record<ListKind, Map<number, string>> {
  const codes = Object.fromEntries(listKinds.map((kind) => [kind, new Map<number, string>()])) as Record<
    ListKind,
    Map<number, string>
  >;
  for (const kind of listKinds) {
    const def = resources[kind];
    for (const record of lists[kind] as Record<string, unknown>[]) {
      const code = record[def.codeField as string];
      if (typeof code === 'string' && code) codes[kind].set(record[def.idField] as number, code);
    }
  }
  return codes;
}

/**
 * Reads remote records as views: list ids → codes (an id without a code reads as `id:N`, which no local code
 * equals), upload ids → attachment identities through the state, URLs → placeholders.
 */
export function remoteViewReader(input: {
  codeById: Record<ListKind, ReadonlyMap<number, string>>;
  attachments: SyncState['attachments'];
  languages: readonly string[];
  readHtml(html: string): string;
}): ViewReader {
  const { codeById } = input;
  const identityById = new Map(
    Object.entries(input.attachments).map(([key, a]) => [a.id, key.slice(key.indexOf(':') + 1)]),
  );
  return {
    languages: input.languages,
    code: (kind, id) => (id == null ? undefined : (codeById[kind as ListKind].get(id) ?? `id:${id}`)),
    attachmentIdentity: (id) => identityById.get(id) ?? `id:${id}`,
    html: input.readHtml,
  };
}
