import path from 'node:path';
import type {
  DesiredAttachment,
  DesiredDocument,
  DesiredListItem,
  DesiredState,
} from '../content/desired-state.js';
import { parseDocumentName } from '../content/names.js';
import type { ContentResult } from '../content/read-content.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import {
  categoryReferenceOf,
  contentOf,
  type DocumentKind,
  documentKinds,
  type ListKind,
  listKinds,
  listOf,
  resourceOf,
} from '../resources/registry.js';
import type { DocumentContent, PreviewDescriptor, ResourceDef } from '../resources/resource.js';
import type { SitePlan } from './site-plan.js';

/**
 * The preview's site model: what `readContent` found, arranged as the help center shows it — a section per
 * document kind (from the registry), list items by kind and code, each document with its problems. Built once per
 * change and kept in memory; pages are rendered from it and never read content/ again (bodies excepted, one
 * `loadBody()` per page).
 */

export interface PreviewDocument {
  key: string;
  section: Section;
  /** Undefined when no document could be made of the files (an unreadable file, a translation without default). */
  document?: DesiredDocument;
  /** Project-relative files. */
  files: string[];
  problems: Diagnostic[];
}

export interface Section {
  kind: DocumentKind;
  def: ResourceDef;
  content: DocumentContent;
  preview: PreviewDescriptor;
  folder: string;
  documents: PreviewDocument[];
  /** The documents filed under each code of the kind's category list (its `categoryKind`). */
  byCategory: Map<string, PreviewDocument[]>;
}

export interface SiteModel {
  /** Changes on every rebuild: the live-reload script compares it. */
  version: string;
  builtAt: Date;
  languages: readonly string[];
  defaultLanguage: string;
  timeZone: string;
  state: DesiredState;
  sections: Section[];
  documents: Map<string, PreviewDocument>;
  /** List items by kind, then code. */
  items: Map<ListKind, Map<string, DesiredListItem>>;
  /** Attachments found, by content-relative path. */
  attachments: Map<string, DesiredAttachment>;
  /** The content folder as diagnostics name it (project-relative). */
  contentName: string;
  diagnostics: Diagnostic[];
  /** What apply would do to each document (`oc-sync preview --env`; `attachPlan`). */
  plan?: SitePlan;
}

export interface SiteInput {
  result: ContentResult;
  languages: readonly string[];
  timeZone: string;
  projectRoot: string;
  contentDir: string;
  /** Problems found before content/ was read (the config). */
  extraDiagnostics?: readonly Diagnostic[];
}

let builds = 0;

export function buildSite(input: SiteInput): SiteModel {
  const { result, languages } = input;
  const contentName = path.relative(input.projectRoot, input.contentDir).split(path.sep).join('/') || '.';
  const sections = documentKinds.map((kind): Section => {
    const content = contentOf(kind);
    return {
      kind,
      def: resourceOf(kind),
      content,
      preview: content.preview,
      folder: content.folder,
      documents: [],
      byCategory: new Map(),
    };
  });
  const documents = new Map<string, PreviewDocument>();
  const byFile = new Map<string, PreviewDocument>();
  for (const document of result.state.documents) {
    const section = sections.find((s) => s.kind === document.kind) as Section;
    const entry: PreviewDocument = {
      key: document.key,
      section,
      document,
      files: Object.values(document.files),
      problems: [],
    };
    documents.set(document.key, entry);
    for (const file of entry.files) byFile.set(file, entry);
  }
  const diagnostics = [...(input.extraDiagnostics ?? []), ...result.diagnostics];
  for (const diagnostic of diagnostics) {
    const entry =
      byFile.get(diagnostic.file) ??
      stubFor(diagnostic.file, { contentName, languages, sections, documents });
    if (!entry) continue;
    if (!entry.files.includes(diagnostic.file)) entry.files.push(diagnostic.file);
    byFile.set(diagnostic.file, entry);
    entry.problems.push(diagnostic);
  }
  for (const entry of documents.values()) entry.section.documents.push(entry);
  for (const section of sections) indexSection(section);
  return {
    version: `${Date.now().toString(36)}-${++builds}`,
    builtAt: new Date(),
    languages,
    defaultLanguage: languages[0] ?? 'ko',
    timeZone: input.timeZone,
    state: result.state,
    sections,
    documents,
    items: itemsOf(result.state),
    attachments: new Map(result.state.attachments.map((a) => [a.path, a])),
    contentName,
    diagnostics,
  };
}

/** A page for a document file that made no document, so its problems have a place (and a link from the list). */
function stubFor(
  file: string,
  site: {
    contentName: string;
    languages: readonly string[];
    sections: readonly Section[];
    documents: Map<string, PreviewDocument>;
  },
): PreviewDocument | undefined {
  const prefix = site.contentName === '.' ? '' : `${site.contentName}/`;
  if (!file.startsWith(prefix) || !file.endsWith('.md')) return undefined;
  const rel = file.slice(prefix.length);
  const section = site.sections.find((s) => rel.startsWith(`${s.folder}/`));
  if (!section) return undefined;
  const { key } = parseDocumentName(rel, site.languages);
  const known = site.documents.get(key);
  if (known) return known;
  const stub: PreviewDocument = { key, section, files: [], problems: [] };
  site.documents.set(key, stub);
  return stub;
}

/** Sorted by key, and filed by category code, once per build: pages only look up. */
function indexSection(section: Section): void {
  section.documents.sort((a, b) => (a.key < b.key ? -1 : 1));
  const { field } = categoryReferenceOf(section.kind);
  for (const entry of section.documents) {
    const code = entry.document?.fields[field];
    if (typeof code !== 'string') continue;
    const filed = section.byCategory.get(code);
    if (filed) filed.push(entry);
    else section.byCategory.set(code, [entry]);
  }
}

function itemsOf(state: DesiredState): Map<ListKind, Map<string, DesiredListItem>> {
  return new Map(
    listKinds.map((kind) => [kind, new Map(state[listOf(kind).entries].map((item) => [item.code, item]))]),
  );
}

/** A list item's name in a language: its own, else the default language's (what the service shows), else its code. */
export function itemName(site: SiteModel, item: DesiredListItem, language: string): string {
  return item.names[language] ?? item.names[site.defaultLanguage] ?? item.code;
}

/** A document's title in a language: its translation's, else the default language's, else its key. */
export function documentTitle(site: SiteModel, entry: PreviewDocument, language: string): string {
  const contents = entry.document?.contents;
  return contents?.[language]?.title ?? contents?.[site.defaultLanguage]?.title ?? entry.key;
}

/** The language a reader of `language` gets: the translation when there is one, else the default language. */
export function shownLanguage(site: SiteModel, entry: PreviewDocument, language: string): string | undefined {
  const contents = entry.document?.contents ?? {};
  if (contents[language]) return language;
  return contents[site.defaultLanguage] ? site.defaultLanguage : undefined;
}
