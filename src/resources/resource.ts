import type { z } from 'zod';
import type { RuleId } from '../diagnostics/rules.js';
import type { BodyWriter, DocumentView, ListView, ViewReader } from './view.js';
import type { Route } from './wire.js';

/**
 * What the engine knows about a help-center resource kind, in one place: its API routes, how its id travels, and
 * the shapes of what it sends and receives. The typed client, the emulator's routes and the shared test suites are
 * built by iterating the registry (`./registry.ts`) — no per-kind branches elsewhere.
 */

export type ResourceKind = 'notice' | 'template' | 'tag' | 'heading' | 'faq' | 'faqCategory';

export interface ResourceRoutes {
  list: Route;
  get: Route;
  create: Route;
  update: Route;
  delete: Route;
  /** Several details in one call (`?id=1,2,3`); notices only. */
  getMany?: Route;
}

/** A PUT that toggles one thing on a document, e.g. FAQ `recommend.json?recommend=true`. */
export interface ActionRoute extends Route {
  /** The query parameter carrying the value, if the action takes one. */
  param?: string;
}

export interface ResourceDef {
  kind: ResourceKind;
  /** Human name used in messages: "notice heading", "FAQ category". */
  label: string;
  /** The label in the plural, for headings and counts: "FAQ categories", "notice tags". */
  plural: string;
  /** The field holding the remote id in bodies and responses. */
  idField: string;
  /** `numeric`: the path takes the id only; `id-or-code`: an all-digit segment is an id, anything else a code. */
  ref: 'numeric' | 'id-or-code';
  /** The code field for `id-or-code` kinds. */
  codeField?: string;
  paging: 'paged' | 'unpaged';
  routes: ResourceRoutes;
  actions?: Record<string, ActionRoute>;
  /** The create/update body the service accepts. */
  body: z.ZodType;
  /** A detail (and create/update) response `result.content`. */
  record: z.ZodType;
  /** One `result.contents[]` item of the list call. */
  listItem: z.ZodType;
  /** Set for the kinds written as Markdown documents. */
  content?: DocumentContent;
  /** Set for the kinds written as YAML lists, identified by code. */
  list?: ListContent;
}

/**
 * How a list kind (tag, heading, FAQ category) is written and compared. Items are matched by code; one made in the
 * web console has none and is matched by its name (and parent), then given the code where the API allows it.
 */
export interface ListContent {
  /** Content-relative path of its YAML list. */
  file: string;
  /**
   * One entry of the YAML list (a strict object with `code` and `name`; `order` when items have a sort order, and
   * for a nested kind `children`, entries of the same shape). The list is an array of them.
   */
  entry: z.ZodType;
  /** The code can be given on create only (tags): an item made without one keeps none. */
  codeOnCreateOnly?: boolean;
  /** Creation order among list kinds: a kind refers only to kinds with a lower rank. */
  rank: number;
  /** Items have a parent of their own kind (FAQ categories): a child keeps its parent in use. */
  nested?: boolean;
  /** For a nested kind: how many levels the service allows (FAQ categories: 3). */
  maxLevels?: number;
  /** The service refuses two items with the same name among siblings (of a flat list: in the whole list). */
  uniqueNames?: boolean;
  /** Where content/'s entries of this list are in the desired state (`categories`): its field, by this name. */
  entries: string;
  /** The comment pull writes atop the YAML file. */
  header: string;
  /** What messages call an item (`category`, `heading`, `tag`); also the stem of a code pull makes (`category-12`). */
  noun: string;
  fromRecord(record: unknown, reader: ViewReader): ListView;
  toBody(
    view: ListView,
    writer: BodyWriter & { parentId(code: string | undefined): number },
    mode: 'create' | 'update',
  ): unknown;
}

/** Identity function that keeps the literal types of a resource description. */
export function defineResource<const D extends ResourceDef>(def: D): D {
  return def;
}

/** Fills `{ref}` in a route path, percent-encoding it exactly as it will be signed (oc-api.md §2.3 rule 2). */
export function fillPath(path: string, ref?: string | number): string {
  if (!path.includes('{ref}')) return path;
  if (ref === undefined || ref === '') throw new Error(`route ${path} needs an id`);
  return path.replace('{ref}', encodeURIComponent(String(ref)));
}

/**
 * A document kind's reference to list items: the view field holding the code (`many`: an array of codes), the
 * list kind it refers to, and the front-matter key it is written under.
 */
export interface Reference {
  field: string;
  kind: ResourceKind;
  frontMatter: string;
  many?: boolean;
}

/**
 * What the preview needs to know about a document kind's fields, as data: how its documents are listed, which
 * status readers see, which flags are badges (and featured on the home page), and its display period.
 */
export interface PreviewDescriptor {
  /**
   * `category-tree`: listed in the tree of its (nested) category kind, a page per category; `dated`: newest first
   * with the display state of its period on a chosen day; `list`: one list, by title.
   */
  layout: 'category-tree' | 'dated' | 'list';
  /** Who sees the documents on the help center: readers, or only agents (templates). */
  audience: 'readers' | 'agents';
  /** The view field holding the status, its names by code, and the code readers see. */
  status?: { field: string; names: Readonly<Record<string, string>>; public: string };
  /** Boolean view fields shown as badges; `home`: listed on the home page; `first`: sorted first in lists. */
  flags?: readonly { field: string; label: string; home?: boolean; first?: boolean }[];
  /** View fields (`yyyyMMddHHmmss`) of the period a document is shown in and the date it shows. */
  period?: { start: string; end: string; display: string };
  /** How many of the latest documents the home page lists (dated kinds). */
  latest?: number;
}

/** Where a front-matter problem is: the key path inside the front matter. */
export type FrontMatterPath = readonly PropertyKey[];

/** What a document kind's `fields()` may ask of the content reader while mapping front matter to API fields. */
export interface FieldContext {
  timeZone: string;
  /**
   * Checks a reference to an item of a list kind — a code, or for a nested kind a code path (`billing/refunds`);
   * returns the item's code, or undefined after reporting. Every check passes undefined through silently:
   * `fields()` also runs on partly invalid front matter, to find more.
   */
  reference(kind: ResourceKind, value: string | undefined, at: FrontMatterPath): string | undefined;
  /** Converts a front-matter date to `yyyyMMddHHmmss`, or reports and returns undefined. */
  date(value: string | undefined, at: FrontMatterPath): string | undefined;
  report(at: FrontMatterPath, rule: RuleId, message: string, hint?: string): void;
}

/**
 * How a document kind (FAQ, notice, template) is written under `content/` (DESIGN §1): its folder, front-matter
 * schemas, attachment store, and the mapping from validated front matter to the shared API fields. References stay
 * codes (`categoryCode`, `headingCode`, `tagCodes`); ids are looked up when the plan is made.
 */
export interface DocumentContent {
  folder: string;
  frontMatter: z.ZodType;
  translationFrontMatter: z.ZodType;
  /** The list kind its `categoryId` refers to. */
  categoryKind: 'faqCategory' | 'heading';
  /** What it refers to, in front-matter order; the one of `categoryKind` first. */
  references: readonly Reference[];
  /**
   * The view field (also the list item's) a document goes by instead of its title, where it has one: a template's
   * `subject`, the name agents pick it by and the `title` its list call projects.
   */
  nameField?: string;
  /**
   * The subfolder pull files a new document in, after `folder`: the path of the list item a reference field names
   * (FAQs: their category path), or the year a date field starts with (notices). None: `folder` itself.
   */
  filedBy?: { field: string; as: 'list-path' | 'year' };
  /** The `{kind}` of its `documentUrl` (DESIGN §1): the public page it is linked by (templates have none of their own). */
  urlKind: string;
  /** Where its attachments are uploaded; undefined when the kind has none. */
  attachmentStore?: 'notice' | 'help';
  /** How `oc-sync preview` shows the kind (data only: which fields mean what to a reader). */
  preview: PreviewDescriptor;
  /**
   * Shared fields from the default-language front matter. The input passed `frontMatter`, or — to report more
   * problems in one run — holds only the keys that did; so every key may be missing.
   */
  fields(frontMatter: Record<string, unknown>, context: FieldContext): Record<string, unknown>;
  /**
   * The default-language file's front matter from a view (references as codes), as pull writes it: the inverse of
   * `fields`. Values equal to what the reader assumes when a key is left out are left out, except `status`.
   */
  toFrontMatter(view: DocumentView, title: string): Record<string, unknown>;
  /** A detail record as a view, comparable with the view of the local document. */
  fromRecord(record: unknown, reader: ViewReader): DocumentView;
  /** The create/update body for a view. */
  toBody(view: DocumentView, writer: BodyWriter): unknown;
}
