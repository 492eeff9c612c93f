import path from 'node:path';
import type { RuleId } from '../diagnostics/rules.js';
import type { Diagnostic } from '../report/diagnostic.js';
import { didYouMean } from '../report/did-you-mean.js';
import type { FieldContext, FrontMatterPath, ResourceDef } from '../resources/resource.js';
import { toApiDate } from './dates.js';
import { frontMatterPosition, parseFrontMatter } from './front-matter.js';
import { renderMarkdown, type UrlSite } from './markdown.js';
import {
  ATTACHMENT_PLACEHOLDER,
  type DesiredCategory,
  type DesiredContent,
  type DesiredDocument,
  type DesiredHeading,
  type DesiredTag,
  DOCUMENT_PLACEHOLDER,
} from './model.js';
import { linkedKey } from './names.js';
import { issuesToDiagnostics } from './schema-issues.js';
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

export interface DocumentLookup {
  languages: readonly string[];
  timeZone: string;
  /** Every document key under content/, for links. */
  keys: ReadonlySet<string>;
  categories: ReadonlyMap<string, DesiredCategory>;
  headings: ReadonlyMap<string, DesiredHeading>;
  tags: ReadonlyMap<string, DesiredTag>;
  /** Config `allowUnsafeHtml`: which kinds of script-running HTML are not an error. */
  allowUnsafeHtml?: UnsafeHtmlAllowance;
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

export function parseDocument(
  def: ResourceDef,
  key: string,
  files: readonly DocumentFile[],
  lookup: DocumentLookup,
): ParsedDocument {
  const content = def.content;
  if (!content) throw new Error(`${def.label} is not written as documents`);
  const diagnostics: Diagnostic[] = [];
  const attachmentSites: AttachmentSite[] = [];
  const links = new Set<string>();
  const contents: Record<string, DesiredContent> = {};
  let fields: Record<string, unknown> = {};
  let previously: string[] = [];
  const sharedKeys = Object.keys((content.frontMatter as unknown as { shape: object }).shape);

  for (const source of files) {
    const parsed = parseFrontMatter(source.text);
    const at = (fmPath: FrontMatterPath, prefer: 'key' | 'value' = 'value') => ({
      file: source.file,
      ...frontMatterPosition(parsed, fmPath, prefer),
    });
    for (const problem of parsed.problems) {
      diagnostics.push({
        file: source.file,
        ...problem.position,
        severity: 'error',
        rule: problem.rule,
        message: problem.message,
        hint: problem.hint,
      });
    }

    const schema = source.isDefault ? content.frontMatter : content.translationFrontMatter;
    const result = schema.safeParse(parsed.data);
    const allowed = Object.keys((schema as unknown as { shape: object }).shape);
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

    if (source.isDefault && parsed.problems.length === 0) {
      const context = fieldContext(lookup, (fmPath, rule, message, hint) =>
        diagnostics.push({ ...at(fmPath), severity: 'error', rule, message, hint }),
      );
      // With invalid front matter, the keys that are valid are still checked (codes, dates), but not kept.
      const checked = content.fields(result.success ? frontMatter : validKeys(schema, parsed.data), context);
      if (result.success) fields = checked;
      const before = frontMatter.previously;
      previously =
        before === undefined ? [] : Array.isArray(before) ? (before as string[]) : [before as string];
    }

    const attachments: string[] = [];
    const attach = (target: string, site: { line: number; column: number }) => {
      if (!attachments.includes(target)) attachments.push(target);
      attachmentSites.push({ path: target, file: source.file, ...site });
    };

    const resolveUrl = (site: UrlSite): string | undefined => {
      const url = site.url.trim();
      const report = (rule: RuleId, message: string, hint: string) =>
        diagnostics.push({
          file: source.file,
          line: site.line,
          column: site.column,
          severity: 'error',
          rule,
          message,
          hint,
        });
      const escaped = unescapeWebUrl(site.url);
      if (escaped.kind === 'web') return escaped.url;
      if (escaped.kind === 'refused') {
        report(
          'content/web-url-with-scheme',
          `${site.element === 'img' ? 'image' : 'link'} ${url}: web: is only for page-relative web URLs`,
          `write the URL without web: (${escaped.url.trim()})`,
        );
        return undefined;
      }
      if (isWebUrl(url)) return undefined;
      const cut = url.search(/[?#]/);
      const rawPath = cut === -1 ? url : url.slice(0, cut);
      const suffix = cut === -1 ? '' : url.slice(cut);
      // Browsers read \\ in a URL path as /, and Windows in a file path: never let it hide a ../
      const decoded = safeDecode(rawPath).replaceAll('\\', '/');
      const target = resolveInside(source.rel, decoded);
      if (target === undefined) {
        report(
          'content/path-outside-content',
          `${site.element === 'img' ? 'image' : 'link'} ${url} points outside content/`,
          `keep linked files inside content/; a web URL relative to the page is written web:${url}`,
        );
        return undefined;
      }
      if (target.endsWith('.md')) {
        const linked = linkedKey(source.rel, decoded, lookup.languages);
        if (!lookup.keys.has(linked)) {
          const suggestion = didYouMean(linked, lookup.keys);
          report(
            'content/broken-link',
            `link to ${url}: there is no document ${linked}`,
            suggestion ? `did you mean ${suggestion}?` : 'check the path; links are relative to this file',
          );
          return undefined;
        }
        links.add(linked);
        return `${DOCUMENT_PLACEHOLDER}${linked}${suffix}`;
      }
      if (!content.attachmentStore) {
        report(
          'content/attachment-not-supported',
          `${def.label}s cannot have attachments (${url})`,
          'link to a published URL instead',
        );
        return undefined;
      }
      attach(target, { line: site.line, column: site.column });
      return `${ATTACHMENT_PLACEHOLDER}${target}${suffix}`;
    };

    const explicitTitle = typeof frontMatter.title === 'string' ? frontMatter.title.trim() : undefined;
    const rendered = renderMarkdown(parsed.body, {
      bodyLine: parsed.bodyLine,
      extractTitle: explicitTitle === undefined,
      resolveUrl,
    });
    if (rendered.problem) {
      const { rule, message, hint, line, column } = rendered.problem;
      diagnostics.push({ file: source.file, line, column, severity: 'error', rule, message, hint });
    }
    for (const site of rendered.unsafe) {
      if (isAllowed(site.kind, lookup.allowUnsafeHtml)) continue;
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
    const listed = (frontMatter.attachments as string[] | undefined) ?? [];
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
      } else if (!content.attachmentStore) {
        diagnostics.push({
          ...position,
          severity: 'error',
          rule: 'content/attachment-not-supported',
          message: `${def.label}s cannot have attachments`,
        });
      } else attach(target, position);
    });

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
    contents[source.language] = { title, html: rendered.html, attachments };
  }

  const files_ = Object.fromEntries(files.map((f) => [f.language, f.file]));
  return {
    document: { kind: def.kind, key, files: files_, fields, contents, links: [...links].sort(), previously },
    attachmentSites,
    diagnostics,
  };
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
    category(value, at) {
      if (value === undefined) return undefined;
      const codes = value.split('/').filter(Boolean);
      const code = codes.at(-1) ?? '';
      const category = lookup.categories.get(code);
      if (!category) return unknown('category', value, lookup.categories.keys(), at, 'faq/_categories.yaml');
      // A code path must be the category's real ancestry.
      let parent = category.parentCode;
      for (let i = codes.length - 2; i >= 0; i--) {
        if (codes[i] !== parent) {
          report(
            at,
            'content/unknown-code',
            `category path ${value} does not match faq/_categories.yaml`,
            `write ${ancestry(category, lookup.categories)} or just ${code}`,
          );
          return undefined;
        }
        parent = parent === undefined ? undefined : lookup.categories.get(parent)?.parentCode;
      }
      return code;
    },
    heading(value, at) {
      if (value === undefined) return undefined;
      return lookup.headings.has(value)
        ? value
        : unknown('heading', value, lookup.headings.keys(), at, 'notices/_headings.yaml');
    },
    tag(value, at) {
      if (value === undefined) return undefined;
      return lookup.tags.has(value)
        ? value
        : unknown('tag', value, lookup.tags.keys(), at, 'notices/_tags.yaml');
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

function ancestry(category: DesiredCategory, categories: ReadonlyMap<string, DesiredCategory>): string {
  const chain = [category.code];
  for (let parent = category.parentCode; parent; parent = categories.get(parent)?.parentCode)
    chain.unshift(parent);
  return chain.join('/');
}
