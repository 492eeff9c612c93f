import path from 'node:path';
import { ATTACHMENT_PLACEHOLDER, DOCUMENT_PLACEHOLDER } from '../content/desired-state.js';
import { relativeLink } from '../content/names.js';
import { contentOf, isDocumentKind } from '../resources/registry.js';
import type { ResourceKind } from '../resources/resource.js';
import type { DocumentView, ListView } from '../resources/view.js';

/**
 * What changed in a document or a list item, in the author's words (issue 18): front-matter names and friendly
 * values (`pinned: true → false`, `start: 2026-12-01 09:00 → 2026-12-02 10:00`, `tags: +payment −web`) from each
 * kind's `toFrontMatter` — the writer pull uses — instead of API fields; titles, bodies and attachments per
 * language, with attachments and document links as the relative paths an author writes. Pure.
 */

/** A content file an attachment identity stands for: its content-relative path and size. */
export interface NamedFile {
  /** Content-relative; for a file content/ no longer attaches, only the name it was uploaded under. */
  path: string;
  size: number;
  /** No file of content/ is it any more (the state knows its name): shown by name, not by a relative path. */
  removed?: boolean;
}

/** Attachment identity → the content file, for the identities a plan's views use. */
export type FileNames = Readonly<Record<string, NamedFile>>;

/** One line of detail (`text`), or a body whose Markdown diff goes under its label. */
export type Detail =
  | { label: string; text: string }
  | { label: string; body: { before: string | undefined; after: string | undefined } };

export interface DetailSubject {
  kind: ResourceKind;
  key: string;
  before?: DocumentView | ListView;
  after?: DocumentView | ListView;
}

export function changeDetails(change: DetailSubject, files: FileNames = {}): Detail[] {
  const { before, after } = change;
  if (!before || !after) return [];
  if ('fields' in before && 'fields' in after && isDocumentKind(change.kind))
    return documentDetails(change.kind, change.key, before, after, files);
  return listDetails(before as ListView, after as ListView);
}

function documentDetails(
  kind: Parameters<typeof contentOf>[0],
  key: string,
  before: DocumentView,
  after: DocumentView,
  files: FileNames,
): Detail[] {
  const writer = contentOf(kind);
  const details = frontMatterDetails(writer.toFrontMatter(before, ''), writer.toFrontMatter(after, ''));
  const languages = [...new Set([...Object.keys(after.contents), ...Object.keys(before.contents)])];
  const named = (html: string | undefined) => (html === undefined ? undefined : namedLinks(html, key, files));
  for (const language of languages) {
    const old = before.contents[language];
    const now = after.contents[language];
    if (!old && now) {
      details.push({ label: `translation ${language}`, text: `new: ${JSON.stringify(now.title)}` });
      details.push({ label: `body (${language})`, body: { before: undefined, after: named(now.html) } });
      continue;
    }
    if (old && !now) {
      details.push({ label: `translation ${language}`, text: `removed: ${JSON.stringify(old.title)}` });
      continue;
    }
    if (!old || !now) continue;
    if (old.title !== now.title)
      details.push({
        label: `title (${language})`,
        text: `${JSON.stringify(old.title)} → ${JSON.stringify(now.title)}`,
      });
    if (old.html !== now.html) {
      const body = { before: named(old.html), after: named(now.html) };
      if (body.before !== body.after) details.push({ label: `body (${language})`, body });
    }
    const attachments = listChange(
      old.attachments.map((identity) => fileLabel(identity, key, files)),
      now.attachments.map((identity) => fileLabel(identity, key, files)),
    );
    if (attachments) details.push({ label: `attachments (${language})`, text: attachments });
  }
  return details;
}

/** Front matter as the author writes it, field by field; absent booleans read as `false`. */
function frontMatterDetails(before: Record<string, unknown>, after: Record<string, unknown>): Detail[] {
  const details: Detail[] = [];
  const names = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter((n) => n !== 'title');
  for (const name of names) {
    const old = before[name];
    const now = after[name];
    if (JSON.stringify(old) === JSON.stringify(now)) continue;
    if (Array.isArray(old) || Array.isArray(now)) {
      const text = listChange(asStrings(old), asStrings(now));
      if (text) details.push({ label: name, text });
      continue;
    }
    const absent = typeof (old ?? now) === 'boolean' ? false : undefined;
    details.push({ label: name, text: `${friendly(old ?? absent)} → ${friendly(now ?? absent)}` });
  }
  return details;
}

function listDetails(before: ListView, after: ListView): Detail[] {
  const details: Detail[] = [];
  if (before.code !== after.code) details.push({ label: 'code', text: `${before.code} → ${after.code}` });
  for (const language of new Set([...Object.keys(after.names), ...Object.keys(before.names)])) {
    const old = before.names[language];
    const now = after.names[language];
    if (old !== now)
      details.push({ label: `name (${language})`, text: `${friendly(old)} → ${friendly(now)}` });
  }
  if (before.order !== after.order)
    details.push({ label: 'order', text: `${friendly(before.order)} → ${friendly(after.order)}` });
  if (before.parentCode !== after.parentCode)
    details.push({ label: 'parent', text: `${friendly(before.parentCode)} → ${friendly(after.parentCode)}` });
  return details;
}

/** `+added −removed`, or the two lists when only their order changed; undefined when equal. */
function listChange(before: readonly string[], after: readonly string[]): string | undefined {
  const added = after.filter((item) => !before.includes(item));
  const removed = before.filter((item) => !after.includes(item));
  if (added.length || removed.length)
    return [...added.map((item) => `+${item}`), ...removed.map((item) => `−${item}`)].join(' ');
  if (before.join('\u0000') === after.join('\u0000')) return undefined;
  return `${before.join(', ')} → ${after.join(', ')}`;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
}

function friendly(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(none)';
  if (typeof value === 'string') return /^\s|\s$|^\(none\)$/.test(value) ? JSON.stringify(value) : value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** An attachment as the author links it: its path relative to the document, and its size. */
function fileLabel(identity: string, key: string, files: FileNames): string {
  const file = files[identity];
  return file ? pathFrom(key, file) : `(a file not in content/: ${identity.slice(0, 8)})`;
}

/** Placeholders in a body → the relative paths the author wrote (`./refund-form.pdf`, `../billing/refund.md`). */
function namedLinks(html: string, key: string, files: FileNames): string {
  const placeholder = new RegExp(
    `(${escapeRegExp(ATTACHMENT_PLACEHOLDER)}|${escapeRegExp(DOCUMENT_PLACEHOLDER)})([^"'#?\\s<>]+)`,
    'g',
  );
  return html.replace(placeholder, (_, prefix: string, rest: string) => {
    const target =
      prefix === ATTACHMENT_PLACEHOLDER
        ? files[rest] && pathFrom(key, files[rest])
        : relativeLink(path.posix.dirname(key), `${decoded(rest)}.md`);
    return target ? attributeText(encodeURI(target)) : `${prefix}${rest}`;
  });
}

/** A file as seen from the document `key` (`faq/billing/refund`): `./x.pdf`, `../y/z.pdf`, or a removed file's name. */
function pathFrom(key: string, file: NamedFile): string {
  return file.removed ? file.path : relativeLink(path.posix.dirname(key), file.path);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function attributeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
