import { createHash } from 'node:crypto';
import type { ResourceKind } from './resource.js';

/**
 * Views: the shape in which the planner compares local and remote. References are codes (not ids), attachments
 * are identities — MD5 and file name, `attachmentIdentity` — (not upload ids) and links are placeholders (not URLs), so a view does not depend on what the remote
 * happened to number things — the same content always has the same view, and its hash is the payload hash.
 *
 * Here: the view types, how a view is normalised and hashed (`normalizeView`, `listViewOf`, `hashView`), and the
 * helpers resource kinds read records and write bodies with. A desired document's view is made in
 * `content/desired-view.ts`; the planner's two sides and their differences are in `sync/view-comparison.ts`.
 */

export interface ContentView {
  title: string;
  /** HTML with `oc-sync:attachment/<identity>` and `oc-sync:document/<key>` placeholders. */
  html: string;
  /** Identities (`attachmentIdentity`: MD5 and file name) of the attached files, in order. */
  attachments: string[];
}

export interface DocumentView {
  /** Shared fields; references by code (`categoryCode`, `headingCode`, `tagCodes`). */
  fields: Record<string, unknown>;
  contents: Record<string, ContentView>;
}

export interface ListView {
  code: string;
  names: Record<string, string>;
  order?: number;
  parentCode?: string;
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

/** A list entry (from content/ or pull) as a view: names in config order, unset order and parent left out. */
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

/** The hash of a view: the payload hash the state file records for what was last applied. */
export function hashView(view: unknown): string {
  return createHash('sha256').update(stableJson(view)).digest('hex');
}

/** Turns a remote record into a view: ids → codes, upload ids → attachment identities, URLs → placeholders. */
export interface ViewReader {
  languages: readonly string[];
  /** The code of a list item of `kind` (a tag, heading or FAQ category) by its remote id. */
  code(kind: ResourceKind, id: number | null | undefined): string | undefined;
  attachmentIdentity(attachmentId: string): string;
  html(html: string): string;
}

/** Turns a view into an API body: codes → ids, attachment identities → upload ids, placeholders → URLs. */
export interface BodyWriter {
  languages: readonly string[];
  /** The remote id of a list item of `kind` by its code. */
  id(kind: ResourceKind, code: string): number;
  attachmentId(identity: string): string;
  html(html: string): string;
}

export const isMultilingual = (languages: readonly string[]) => languages.length > 1;

/** Names as the API takes them: `languages` on multilingual services, the flat field on single-language ones. */
export function namesBody(names: Record<string, string>, languages: readonly string[], flatField: string) {
  const [main] = languages;
  return isMultilingual(languages) ? { languages: names } : { [flatField]: names[main as string] ?? '' };
}

/** Names from a record: the `languages` (or `names`) map, else the flat projection as the default language. */
export function namesOf(
  record: { languages?: Record<string, string> | null; names?: Record<string, string> | null },
  flat: string | null | undefined,
  languages: readonly string[],
): Record<string, string> {
  const map = record.languages ?? record.names;
  if (map && Object.keys(map).length > 0) return ordered(map, languages);
  return flat ? { [languages[0] as string]: flat } : {};
}

/** A language map with keys in config order, unknown languages last: views compare equal regardless of order. */
export function ordered<T>(map: Record<string, T>, languages: readonly string[]): Record<string, T> {
  const keys = Object.keys(map).sort((a, b) => rank(a, languages) - rank(b, languages) || (a < b ? -1 : 1));
  return Object.fromEntries(keys.map((k) => [k, map[k] as T]));
}

function rank(language: string, languages: readonly string[]): number {
  const index = languages.indexOf(language);
  return index === -1 ? languages.length : index;
}

interface RecordContent {
  title?: string | null;
  content?: string | null;
  attachments?: readonly { attachmentId: string }[] | null;
}

/** The per-language contents of a record as views; a record without `contents` holds the default language flat. */
export function contentsFromRecord(
  contents: Record<string, RecordContent> | null | undefined,
  flat: RecordContent,
  reader: ViewReader,
): Record<string, ContentView> {
  const source: Record<string, RecordContent> =
    contents && Object.keys(contents).length > 0 ? contents : { [reader.languages[0] as string]: flat };
  const views: Record<string, ContentView> = {};
  for (const [language, entry] of Object.entries(source)) {
    views[language] = {
      title: entry.title ?? '',
      html: reader.html(entry.content ?? ''),
      attachments: (entry.attachments ?? []).map((a) => reader.attachmentIdentity(a.attachmentId)),
    };
  }
  return ordered(views, reader.languages);
}

export function contentBody(view: ContentView, writer: BodyWriter, withAttachments: boolean) {
  const body: { title: string; content: string; attachments?: { attachmentId: string }[] } = {
    title: view.title,
    content: writer.html(view.html),
  };
  if (withAttachments)
    body.attachments = view.attachments.map((identity) => ({ attachmentId: writer.attachmentId(identity) }));
  return body;
}

export function contentsBody(
  contents: Record<string, ContentView>,
  writer: BodyWriter,
  withAttachments: boolean,
) {
  return Object.fromEntries(
    Object.entries(contents).map(([language, view]) => [
      language,
      contentBody(view, writer, withAttachments),
    ]),
  );
}
