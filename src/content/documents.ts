import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import type { RuleId } from '../diagnostics/rules.js';
import { type ListField, resourceOf } from '../resources/registry.js';
import type { FieldContext, FrontMatterPath, ListContent, ResourceDef } from '../resources/resource.js';
import { toApiDate } from './dates.js';
import {
  ATTACHMENT_PLACEHOLDER,
  type DesiredContent,
  type DesiredDocument,
  type DesiredListItem,
  DOCUMENT_PLACEHOLDER,
} from './desired-state.js';
import { frontMatterPosition, type ParsedFrontMatter, parseFrontMatter } from './front-matter.js';
import { renderMarkdown, type UrlSite } from './markdown.js';
import { linkedKey } from './names.js';
import { issuesToDiagnostics } from './schema-issues.js';
import { translationHash, writtenText } from './translation-hash.js';
import { isAllowed, type UnsafeHtmlAllowance } from './unsafe-html.js';
import { isWebUrl, unescapeWebUrl } from './web-urls.js';

/**
 * One document — its default-language file and translations — from text to desired state (pure: the reader
 * passes the texts in). Every problem becomes a diagnostic; parsing goes on so a user sees all of them at once.
 */

export interface DocumentFile {
  /** Content-relative path. */
  rel: string;
  /** Project-relative path, for messages. */
  file: string;
  language: string;
  isDefault: boolean;
  text: string;
}

/** Each list kind's items by code, under its `list.entries` (`categories`, `headings`, `tags`). */
export interface DocumentLookup extends Record<ListField, ReadonlyMap<string, DesiredListItem>> {
  languages: readonly string[];
  timeZone: string;
  /** Every document key under content/, for links. */
  keys: ReadonlySet<string>;
  /** Config `allowUnsafeHtml`: which kinds of script-running HTML are not an error. */
  allowUnsafeHtml?: UnsafeHtmlAllowance;
  /**
   * Lists whose file does not parse: their codes are taken as written, unchecked. The file's own error says what is
   * wrong, once; a "not declared" on every document using it would bury that.
   */
  brokenLists?: ReadonlySet<ListField>;
}

/** A file a document refers to, checked and hashed by the reader afterwards. */
export interface AttachmentSite {
  /** Content-relative path of the target. */
  path: string;
  file: string;
  line: number;
  column: number;
}

export interface ParsedDocument {
  document: Omit<DesiredDocument, 'sourceHash' | 'payloadHash'>;
  attachmentSites: AttachmentSite[];
  diagnostics: Diagnostic[];
}

/** What every file of one document is parsed against. */
interface DocumentContext {
  def: ResourceDef;
  content: NonNullable<ResourceDef['content']>;
  key: string;
  files: readonly DocumentFile[];
  lookup: DocumentLookup;
  /** The front-matter keys of the default file: shared by every language. */
  sharedKeys: readonly string[];
}

/** One file's part of the document. */
interface ParsedFile {
  content: DesiredContent;
  /** The default file's fields (when its front matter passes) and `previously:`. */
  shared?: { fields?: Record<string, unknown>; previously: string[] };
  refs: FileRefs;
  diagnostics: Diagnostic[];
}

/** What a file's body and front matter refer to, collected while its URLs are resolved. */
export interface FileRefs {
  /** The file's attachments, each once, in the order first met. */
  attachments: string[];
  attachmentSites: AttachmentSite[];
  links: Set<string>;
}

/** parseDocumentFile for each file (checkFrontMatter → sharedFields → renderBody → listedAttachments → titleOf), merged. */
export function parseDocument(
  def: ResourceDef,
  key: string,
  files: readonly DocumentFile[],
  lookup: DocumentLookup,
): ParsedDocument {
  const content = def.content;
  if (!content) throw new Error(`${def.label} is not written as documents`);
  const sharedKeys = Object.keys((content.frontMatter as unknown as { shape: object }).shape);
  const context: DocumentContext = { def, content, key, files, lookup, sharedKeys };
  const diagnostics: Diagnostic[] = [];
  const attachmentSites: AttachmentSite[] = [];
  const links = new Set<string>();
  const contents: Record<string, DesiredContent> = {};
  let fields: Record<string, unknown> = {};
  let previously: string[] = [];
  for (const source of files) {
    const file = parseDocumentFile(source, context);
    diagnostics.push(...file.diagnostics);
    attachmentSites.push(...file.refs.attachmentSites);
    for (const link of file.refs.links) links.add(link);
    if (file.shared) {
      if (file.shared.fields) fields = file.shared.fields;
      previously = file.shared.previously;
    }
    contents[source.language] = file.content;
  }
  const files_ = Object.fromEntries(files.map((f) => [f.language, f.file]));
  return {
    document: { kind: def.kind, key, files: files_, fields, contents, links: [...links].sort(), previously },
    attachmentSites,
    diagnostics,
  };
}

type At = (
  fmPath: FrontMatterPath,
  prefer?: 'key' | 'value',
) => { file: string; line: number; column: number };

function parseDocumentFile(source: DocumentFile, context: DocumentContext): ParsedFile {
  const parsed = parseFrontMatter(source.text);
  const at: At = (fmPath, prefer = 'value') => ({
    file: source.file,
    ...frontMatterPosition(parsed, fmPath, prefer),
  });
  const diagnostics: Diagnostic[] = parsed.problems.map((problem) => ({
    file: source.file,
    ...problem.position,
    severity: 'error',
    rule: problem.rule,
    message: problem.message,
    hint: problem.hint,
  }));
  const checked = checkFrontMatter(source, parsed, context);
  diagnostics.push(...checked.diagnostics);
  let shared: ParsedFile['shared'];
  if (source.isDefault && parsed.problems.length === 0) {
    shared = sharedFields(checked, parsed, context, (fmPath, rule, message, hint) =>
      diagnostics.push({ ...at(fmPath), severity: 'error', rule, message, hint }),
    );
  }
  const refs: FileRefs = { attachments: [], attachmentSites: [], links: new Set() };
  const { frontMatter } = checked;
  // The title as written, also when another key of the front matter is invalid: one error, not a second about it.
  const writtenTitle = frontMatter.title ?? parsed.data.title;
  const explicitTitle = typeof writtenTitle === 'string' ? writtenTitle.trim() : undefined;
  const rendered = renderBody(parsed, explicitTitle === undefined, source, context, refs);
  diagnostics.push(...rendered.diagnostics);
  const listed = (frontMatter.attachments as string[] | undefined) ?? [];
  diagnostics.push(...listedAttachments(listed, source, at, context.def, refs));
  const title = explicitTitle ?? rendered.title ?? '';
  if (title === '') {
    diagnostics.push({
      ...(explicitTitle === '' ? at(['title']) : { file: source.file, line: parsed.bodyLine, column: 1 }),
      severity: 'error',
      rule: 'content/empty-title',
      message: `the ${source.language} file has no title`,
      hint: 'add title: to the front matter, or start the body with a # heading',
    });
  }
  const html = rendered.html;
  const textHash = translationHash(
    writtenText(parsed.body, explicitTitle, { title: rendered.title, span: rendered.titleSpan }),
  );
  const marked = source.isDefault ? undefined : frontMatter.translatedFrom;
  return {
    content: {
      title,
      loadBody: () => html,
      attachments: refs.attachments,
      textHash,
      ...(typeof marked === 'string' ? { translatedFrom: marked } : {}),
    },
    shared,
    refs,
    diagnostics,
  };
}

interface CheckedFrontMatter {
  schema: DocumentContext['content']['frontMatter'];
  success: boolean;
  /** The front matter as its schema parsed it; empty when it does not pass. */
  frontMatter: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

/** The file's front matter against its schema (the default file's, or a translation's). */
function checkFrontMatter(
  source: DocumentFile,
  parsed: ParsedFrontMatter,
  context: DocumentContext,
): CheckedFrontMatter {
  const { content, files, key, sharedKeys } = context;
  const schema = source.isDefault ? content.frontMatter : content.translationFrontMatter;
  const result = schema.safeParse(parsed.data);
  const allowed = Object.keys((schema as unknown as { shape: object }).shape);
  const diagnostics: Diagnostic[] = [];
  // Front matter that does not parse has no keys to check; its syntax error is the one thing to fix.
  if (!result.success && parsed.problems.length === 0) {
    diagnostics.push(
      ...issuesToDiagnostics(result.error.issues, {
        file: source.file,
        input: parsed.data,
        locate: (p, prefer) => frontMatterPosition(parsed, p, prefer),
        knownKeys: () => allowed,
        misplacedKey: (k) =>
          !source.isDefault && sharedKeys.includes(k)
            ? {
                message: `${k} is shared by all languages and belongs in the default-language file`,
                hint: `move ${k}: to ${path.posix.basename(files.find((f) => f.isDefault)?.rel ?? `${key}.md`)}`,
              }
            : undefined,
      }),
    );
  }
  const frontMatter = (result.success ? result.data : {}) as Record<string, unknown>;
  return { schema, success: result.success, frontMatter, diagnostics };
}

/**
 * The default file's API fields and `previously:`. With invalid front matter, the keys that are valid are still
 * checked (codes, dates), but not kept.
 */
function sharedFields(
  checked: CheckedFrontMatter,
  parsed: ParsedFrontMatter,
  context: DocumentContext,
  report: FieldContext['report'],
): NonNullable<ParsedFile['shared']> {
  const input = checked.success ? checked.frontMatter : validKeys(checked.schema, parsed.data);
  const fields = context.content.fields(input, fieldContext(context.lookup, report));
  const before = checked.frontMatter.previously;
  const previously =
    before === undefined ? [] : Array.isArray(before) ? (before as string[]) : [before as string];
  return checked.success ? { fields, previously } : { previously };
}

/** The body rendered, every URL through `resolveUrl`; render problems and unsafe HTML are findings. */
function renderBody(
  parsed: ParsedFrontMatter,
  extractTitle: boolean,
  source: DocumentFile,
  context: DocumentContext,
  refs: FileRefs,
): { html: string; title?: string; titleSpan?: [number, number]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const urls: UrlContext = {
    fromRel: source.rel,
    languages: context.lookup.languages,
    keys: context.lookup.keys,
    label: context.def.label,
    attachmentStore: context.content.attachmentStore,
  };
  const rendered = renderMarkdown(parsed.body, {
    bodyLine: parsed.bodyLine,
    extractTitle,
    resolveUrl: (site) => {
      const resolved = resolveUrl(site, urls);
      if (resolved.problem) {
        const [rule, message, hint] = resolved.problem;
        diagnostics.push({
          file: source.file,
          line: site.line,
          column: site.column,
          severity: 'error',
          rule,
          message,
          hint,
        });
      }
      if (resolved.link) refs.links.add(resolved.link);
      if (resolved.attachment)
        attach(refs, resolved.attachment, source.file, { line: site.line, column: site.column });
      return resolved.url;
    },
  });
  if (rendered.problem) {
    const { rule, message, hint, line, column } = rendered.problem;
    diagnostics.push({ file: source.file, line, column, severity: 'error', rule, message, hint });
  }
  for (const site of rendered.unsafe) {
    if (isAllowed(site.kind, context.lookup.allowUnsafeHtml)) continue;
    diagnostics.push({
      file: source.file,
      line: site.line,
      column: site.column,
      severity: 'error',
      rule: 'content/unsafe-html',
      message: `${site.what}: HTML that runs script or embeds another page is not published`,
      hint: `remove it; if this service embeds it on purpose, allow it in sync.config.yaml: allowUnsafeHtml: [${site.kind}]`,
    });
  }
  return { html: rendered.html, title: rendered.title, titleSpan: rendered.titleSpan, diagnostics };
}

function attach(refs: FileRefs, target: string, file: string, site: { line: number; column: number }): void {
  if (!refs.attachments.includes(target)) refs.attachments.push(target);
  refs.attachmentSites.push({ path: target, file, ...site });
}

/** What a URL in a body is resolved against. */
export interface UrlContext {
  /** Content-relative path of the file the URL is in. */
  fromRel: string;
  languages: readonly string[];
  keys: ReadonlySet<string>;
  /** The kind's label, for messages. */
  label: string;
  attachmentStore?: NonNullable<ResourceDef['content']>['attachmentStore'];
}

/**
 * What a URL becomes (pure): `url` is what to write instead (undefined: keep it); a document link or an attachment
 * is named, a URL that cannot be published is a problem (rule, message, hint).
 */
export interface UrlResolution {
  url?: string;
  link?: string;
  attachment?: string;
  problem?: [rule: RuleId, message: string, hint: string];
}

export function resolveUrl(site: UrlSite, context: UrlContext): UrlResolution {
  const url = site.url.trim();
  const what = site.element === 'img' ? 'image' : 'link';
  const escaped = unescapeWebUrl(site.url);
  if (escaped.kind === 'web') return { url: escaped.url };
  if (escaped.kind === 'refused') {
    return {
      problem: [
        'content/web-url-with-scheme',
        `${what} ${url}: web: is only for page-relative web URLs`,
        `write the URL without web: (${escaped.url.trim()})`,
      ],
    };
  }
  if (isWebUrl(url)) return {};
  const cut = url.search(/[?#]/);
  const rawPath = cut === -1 ? url : url.slice(0, cut);
  const suffix = cut === -1 ? '' : url.slice(cut);
  // Browsers read \\ in a URL path as /, and Windows in a file path: never let it hide a ../
  const decoded = safeDecode(rawPath).replaceAll('\\', '/');
  const target = resolveInside(context.fromRel, decoded);
  if (target === undefined) {
    return {
      problem: [
        'content/path-outside-content',
        `${what} ${url} points outside content/`,
        `keep linked files inside content/; a web URL relative to the page is written web:${url}`,
      ],
    };
  }
  if (target.endsWith('.md')) {
    const linked = linkedKey(context.fromRel, decoded, context.languages);
    if (!context.keys.has(linked)) {
      const suggestion = didYouMean(linked, context.keys);
      return {
        problem: [
          'content/broken-link',
          `link to ${url}: there is no document ${linked}`,
          suggestion ? `did you mean ${suggestion}?` : 'check the path; links are relative to this file',
        ],
      };
    }
    return { url: `${DOCUMENT_PLACEHOLDER}${linked}${suffix}`, link: linked };
  }
  if (!context.attachmentStore) {
    return {
      problem: [
        'content/attachment-not-supported',
        `${context.label}s cannot have attachments (${url})`,
        'link to a published URL instead',
      ],
    };
  }
  return { url: `${ATTACHMENT_PLACEHOLDER}${target}${suffix}`, attachment: target };
}

/** The front matter's `attachments:` list, each a file inside content/ (for kinds that have attachments). */
function listedAttachments(
  listed: readonly string[],
  source: DocumentFile,
  at: At,
  def: ResourceDef,
  refs: FileRefs,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  listed.forEach((item, index) => {
    const target = resolveInside(source.rel, item.replaceAll('\\', '/'));
    const position = at(['attachments', index]);
    if (target === undefined) {
      diagnostics.push({
        ...position,
        severity: 'error',
        rule: 'content/path-outside-content',
        message: `attachment ${item} points outside content/`,
        hint: 'list files inside content/, relative to this file',
      });
    } else if (!def.content?.attachmentStore) {
      diagnostics.push({
        ...position,
        severity: 'error',
        rule: 'content/attachment-not-supported',
        message: `${def.plural} cannot have attachments`,
      });
    } else attach(refs, target, source.file, position);
  });
  return diagnostics;
}

/** Resolves a link relative to a content-relative file; undefined when it leaves content/ or is absolute. */
export function resolveInside(fromRel: string, target: string): string | undefined {
  if (target.startsWith('/') || path.win32.isAbsolute(target) || target.includes('\0')) return undefined;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), target));
  if (joined.startsWith('../') || joined === '..' || joined.startsWith('/')) return undefined;
  return joined;
}

/** The keys of `data` whose values pass their own schema. */
function validKeys(schema: unknown, data: Record<string, unknown>): Record<string, unknown> {
  const shape = (
    schema as { shape: Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }> }
  ).shape;
  const valid: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const result = field.safeParse(data[key]);
    if (result.success && data[key] !== undefined) valid[key] = result.data;
  }
  return valid;
}

function safeDecode(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

function fieldContext(lookup: DocumentLookup, report: FieldContext['report']): FieldContext {
  const unknown = (
    what: string,
    value: string,
    known: Iterable<string>,
    at: FrontMatterPath,
    file: string,
  ) => {
    const suggestion = didYouMean(value, known);
    report(
      at,
      'content/unknown-code',
      `${what} ${value} is not declared in ${file}`,
      suggestion ? `did you mean ${suggestion}?` : `declare it in ${file}`,
    );
    return undefined;
  };
  return {
    timeZone: lookup.timeZone,
    report,
    reference(kind, value, at) {
      if (value === undefined) return undefined;
      const list = resourceOf(kind).list as ListContent & { entries: ListField };
      const items = lookup[list.entries];
      if (lookup.brokenLists?.has(list.entries))
        return list.nested ? (value.split('/').filter(Boolean).at(-1) ?? '') : value;
      if (!list.nested)
        return items.has(value) ? value : unknown(list.noun, value, items.keys(), at, list.file);
      const codes = value.split('/').filter(Boolean);
      const code = codes.at(-1) ?? '';
      const item = items.get(code);
      if (!item) return unknown(list.noun, value, items.keys(), at, list.file);
      // A code path must be the item's real ancestry.
      let parent = item.parentCode;
      for (let i = codes.length - 2; i >= 0; i--) {
        if (codes[i] !== parent) {
          report(
            at,
            'content/unknown-code',
            `${list.noun} path ${value} does not match ${list.file}`,
            `write ${ancestry(code, items)} or just ${code}`,
          );
          return undefined;
        }
        parent = parent === undefined ? undefined : items.get(parent)?.parentCode;
      }
      return code;
    },
    date(value, at) {
      if (value === undefined) return undefined;
      const converted = toApiDate(value, lookup.timeZone);
      if (converted.ok) return converted.value;
      report(
        at,
        'content/invalid-date',
        `${String(at[0])} ${converted.message}`,
        'write e.g. 2026-12-01 09:00 (in the config timeZone)',
      );
      return undefined;
    },
  };
}

function ancestry(code: string, items: ReadonlyMap<string, { parentCode?: string }>): string {
  const chain = [code];
  for (let parent = items.get(code)?.parentCode; parent; parent = items.get(parent)?.parentCode)
    chain.unshift(parent);
  return chain.join('/');
}
