import type { z } from 'zod';
import {
  type AttachmentStore,
  attachmentRoutes,
  type UploadedAttachment,
  uploadedAttachment,
} from '../resources/attachment.js';
import { type Resources, resources } from '../resources/registry.js';
import { fillPath, type ResourceDef } from '../resources/resource.js';
import {
  type PublicServiceRecord,
  publicServiceRecord,
  publicServiceRoute,
  type ServiceRecord,
  serviceRecord,
  serviceRoutes,
} from '../resources/service.js';
import { pageInfo, type Route } from '../resources/wire.js';
import type { ApiRequest, DownloadedFile, HttpClient, QueryValue } from './client.js';
import { ApiError } from './errors.js';

/**
 * The typed Online Contact API, built from the resource descriptions: every kind gets the same list / get /
 * create / update / delete calls, plus the extra routes its description declares. Responses are validated with
 * the kind's schemas, so a malformed answer fails here with the field named.
 */

export type Query = Record<string, QueryValue>;
export type Ref = string | number;

export interface Page<T> {
  items: T[];
  total: number;
  pages: number;
  pageNum: number;
  pageSize: number;
}

type ActionsOf<D extends ResourceDef> =
  D['actions'] extends Record<string, unknown>
    ? { [A in keyof D['actions']]: (ref: Ref, value?: boolean) => Promise<void> }
    : Record<string, never>;

export interface ResourceApi<D extends ResourceDef> {
  readonly def: D;
  /** One list call. Paged kinds honour `page`/`pageSize`; unpaged kinds return everything in one page. */
  listPage(query?: Query): Promise<Page<z.infer<D['listItem']>>>;
  /** Every item: the first page, then the remaining pages concurrently. */
  listAll(query?: Query): Promise<z.infer<D['listItem']>[]>;
  get(ref: Ref, query?: Query): Promise<z.infer<D['record']>>;
  /** Several details in one call, where the kind supports it (notices). */
  getMany(ids: readonly number[], query?: Query): Promise<z.infer<D['record']>[]>;
  create(body: z.input<D['body']>): Promise<z.infer<D['record']>>;
  update(ref: Ref, body: z.input<D['body']>): Promise<z.infer<D['record']> | null>;
  delete(ref: Ref): Promise<void>;
  actions: ActionsOf<D>;
}

export type OcApi = { [K in keyof Resources]: ResourceApi<Resources[K]> } & {
  attachments: AttachmentApi;
  services: ServiceApi;
};

export interface AttachmentApi {
  upload(
    store: AttachmentStore,
    file: { bytes: Uint8Array; fileName: string; contentType: string },
  ): Promise<UploadedAttachment>;
  download(store: AttachmentStore, attachmentId: string, type?: 'open' | 'download'): Promise<DownloadedFile>;
  delete(store: AttachmentStore, attachmentId: string): Promise<void>;
}

export interface ServiceApi {
  listPage(query?: Query): Promise<Page<ServiceRecord>>;
  listAll(): Promise<ServiceRecord[]>;
  get(serviceId: string): Promise<ServiceRecord>;
  /** The configured service's public description (no key needed): its default language and languages. */
  describe(): Promise<PublicServiceRecord>;
}

/** Default page size for list calls: the documented maximum is 200, the recommendation 100 (oc-api.md §7). */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * The most items one list may claim, and the most pages it may take. A help center has thousands of documents, not
 * hundreds of thousands: a service claiming more is broken (or hostile), and following it would exhaust memory or
 * never end.
 */
export const MAX_LIST_ITEMS = 200_000;
export const MAX_LIST_PAGES = 5_000;

/** An answer that is JSON with the envelope, but not what the call documents. Nothing is done with it. */
export class ResponseShapeError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    detail: string,
  ) {
    super(
      `${method} ${path}: unexpected answer from the service: ${detail}. Nothing was taken from it; run again later, and if it persists the service (or a proxy in front of it) is answering something other than the Online Contact API`,
    );
    this.name = 'ResponseShapeError';
  }
}

export function createApi(http: HttpClient, options: { pageSize?: number } = {}): OcApi {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const kinds = Object.fromEntries(
    Object.entries(resources).map(([kind, def]) => [kind, resourceApi(http, def, pageSize)]),
  ) as { [K in keyof Resources]: ResourceApi<Resources[K]> };
  return { ...kinds, attachments: attachmentApi(http), services: serviceApi(http) };
}

/** One kind's calls share the client, the page size, and the v2 → v1 fallbacks found so far. */
interface KindCalls<D extends ResourceDef> {
  http: HttpClient;
  def: D;
  pageSize: number;
  /** Routes answered 404 whose documented older variant worked: used from then on. */
  fallbacks: Map<Route, Route>;
}

type Call = { method: string; path: string };

/** listKindPage, pagedList → readStableList, getDetail, getDetails, createRecord, updateRecord, deleteRecord, kindActions. */
function resourceApi<D extends ResourceDef>(http: HttpClient, def: D, pageSize: number): ResourceApi<D> {
  const kind: KindCalls<D> = { http, def, pageSize, fallbacks: new Map() };
  const listPage = (query: Query = {}) => listKindPage(kind, query);
  const list = pagedList(kind, listPage);
  return {
    def,
    listPage,
    listAll: (query: Query = {}) => readStableList(list, query),
    get: (ref, query) => getDetail(kind, ref, query),
    getMany: (ids, query) => getDetails(kind, ids, query),
    create: (body) => createRecord(kind, body),
    update: (ref, body) => updateRecord(kind, ref, body),
    delete: (ref) => deleteRecord(kind, ref),
    actions: kindActions(kind),
  };
}

/**
 * GET routes with a documented older variant (v2 ↔ v1, oc-api.md §8 #2–3) are retried on the variant when the
 * service answers 404 for the route; once a variant works it is used from then on. Returns the answer, and the path
 * that gave it (after any fallback), so an answer that fails its schema names the call.
 */
async function getWithFallback(
  kind: KindCalls<ResourceDef>,
  route: Route,
  ref: Ref | undefined,
  query?: Query,
): Promise<{ result: unknown; call: Call }> {
  const { http, fallbacks } = kind;
  const chosen = fallbacks.get(route) ?? route;
  try {
    const path = fillPath(chosen.path, ref);
    return {
      result: await http.request({ scope: 'service', method: 'GET', path, query }),
      call: { method: 'GET', path },
    };
  } catch (error) {
    const alias = route.aliases?.find((a) => a.method === 'GET');
    if (!(error instanceof ApiError && error.notFound) || !alias || fallbacks.has(route)) throw error;
    const result = await http.request({
      scope: 'service',
      method: 'GET',
      path: fillPath(alias.path, ref),
      query,
    });
    fallbacks.set(route, alias);
    return { result, call: { method: 'GET', path: fillPath(alias.path, ref) } };
  }
}

function parseAs<S extends z.ZodType>(
  kind: KindCalls<ResourceDef>,
  schema: S,
  value: unknown,
  what: string,
  call: Call,
): z.infer<S> {
  return parseResponse(schema, value, `${kind.def.label} ${what}`, call);
}

async function listKindPage<D extends ResourceDef>(
  kind: KindCalls<D>,
  query: Query,
): Promise<Page<z.infer<D['listItem']>>> {
  const { def, pageSize } = kind;
  const paged = def.paging === 'paged';
  const { result, call } = await getWithFallback(
    kind,
    def.routes.list,
    undefined,
    paged ? { page: 1, pageSize, ...query } : query,
  );
  const page = parseAs(kind, pageInfo, result, 'list', call);
  const items = page.contents.map((item) => parseAs(kind, def.listItem, item, 'list item', call));
  return pageOf(items as z.infer<D['listItem']>[], page);
}

function pagedList<D extends ResourceDef>(
  kind: KindCalls<D>,
  listPage: (query: Query) => Promise<Page<z.infer<D['listItem']>>>,
): PagedList<z.infer<D['listItem']>> {
  const { def, pageSize, fallbacks } = kind;
  return {
    listPage,
    paged: def.paging === 'paged',
    pageSize,
    idOf: (item) => (item as Record<string, unknown>)[def.idField],
    what: `${def.label} list`,
    call: () => ({ method: 'GET', path: (fallbacks.get(def.routes.list) ?? def.routes.list).path }),
  };
}

async function getDetail<D extends ResourceDef>(
  kind: KindCalls<D>,
  ref: Ref,
  query?: Query,
): Promise<z.infer<D['record']>> {
  const { result, call } = await getWithFallback(kind, kind.def.routes.get, ref, query);
  return parseAs(kind, kind.def.record, singleContent(result), 'detail', call) as z.infer<D['record']>;
}

async function getDetails<D extends ResourceDef>(
  kind: KindCalls<D>,
  ids: readonly number[],
  query?: Query,
): Promise<z.infer<D['record']>[]> {
  const { def, http } = kind;
  const route = def.routes.getMany;
  if (!route) throw new Error(`${def.label} has no multi-detail call`);
  if (ids.length === 0) return [];
  const result = await http.request({
    scope: 'service',
    method: 'GET',
    path: route.path,
    query: { ...query, id: ids.join(',') },
  });
  const call = { method: 'GET', path: route.path };
  return parseAs(kind, pageInfo, result, 'details', call).contents.map(
    (item) => parseAs(kind, def.record, item, 'detail', call) as z.infer<D['record']>,
  );
}

function write(
  kind: KindCalls<ResourceDef>,
  route: Route,
  ref: Ref | undefined,
  body: unknown,
  idempotent?: boolean,
): Promise<unknown> {
  return kind.http.request({
    scope: 'service',
    method: route.method,
    path: fillPath(route.path, ref),
    body,
    idempotent,
  });
}

async function createRecord<D extends ResourceDef>(
  kind: KindCalls<D>,
  body: z.input<D['body']>,
): Promise<z.infer<D['record']>> {
  const { create } = kind.def.routes;
  const content = singleContent(await write(kind, create, undefined, body));
  const call = { method: create.method, path: create.path };
  return parseAs(kind, kind.def.record, content, 'create result', call) as z.infer<D['record']>;
}

async function updateRecord<D extends ResourceDef>(
  kind: KindCalls<D>,
  ref: Ref,
  body: z.input<D['body']>,
): Promise<z.infer<D['record']> | null> {
  const { update } = kind.def.routes;
  // Heading updates are POSTs, but an update is a full replacement and safe to repeat.
  const content = singleContent(await write(kind, update, ref, body, true));
  const call = { method: update.method, path: fillPath(update.path, ref) };
  return content === null
    ? null
    : (parseAs(kind, kind.def.record, content, 'update result', call) as z.infer<D['record']>);
}

async function deleteRecord(kind: KindCalls<ResourceDef>, ref: Ref): Promise<void> {
  await write(kind, kind.def.routes.delete, ref, undefined);
}

function kindActions<D extends ResourceDef>(kind: KindCalls<D>): ActionsOf<D> {
  return Object.fromEntries(
    Object.entries(kind.def.actions ?? {}).map(([name, route]) => [
      name,
      async (ref: Ref, value?: boolean) => {
        const query = route.param && value !== undefined ? { [route.param]: value } : undefined;
        await kind.http.request({
          scope: 'service',
          method: route.method,
          path: fillPath(route.path, ref),
          query,
        });
      },
    ]),
  ) as ActionsOf<D>;
}

/** Server answers are untrusted input: check them against the schema and name the call and the first bad field. */
function parseResponse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  call: { method: string; path: string },
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new ResponseShapeError(call.method, call.path, `${what}: ${at}: ${issue?.message ?? 'invalid'}`);
}

function pageOf<T>(items: T[], page: z.infer<typeof pageInfo>): Page<T> {
  return {
    items,
    total: page.total ?? items.length,
    pages: page.pages ?? 1,
    pageNum: page.pageNum ?? 1,
    pageSize: page.pageSize ?? items.length,
  };
}

/**
 * Checks what the first page claims before following it, and returns the page size to ask the other pages with:
 * the one asked for, or a smaller one the service says it uses.
 */
function checkPaging(
  first: Page<unknown>,
  requested: number,
  what: string,
  call: { method: string; path: string },
): number {
  const { total, pages } = first;
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(pages) || total < 0 || pages < 0) {
    throw new ResponseShapeError(
      call.method,
      call.path,
      `${what}: total ${total} / pages ${pages} are not counts`,
    );
  }
  if (total > MAX_LIST_ITEMS || pages > MAX_LIST_PAGES) {
    throw new ResponseShapeError(
      call.method,
      call.path,
      `${what}: the service claims ${total} items on ${pages} pages, more than oc-sync reads (${MAX_LIST_ITEMS} items, ${MAX_LIST_PAGES} pages); it was not followed`,
    );
  }
  const size =
    Number.isSafeInteger(first.pageSize) && first.pageSize >= 1 && first.pageSize < requested
      ? first.pageSize
      : requested;
  if (pages > Math.ceil(total / size) + 1) {
    throw new ResponseShapeError(
      call.method,
      call.path,
      `${what}: ${pages} pages for ${total} items at ${size} per page do not add up`,
    );
  }
  return size;
}

/** A list as `readStableList` reads it. */
interface PagedList<T> {
  listPage(query: Query): Promise<Page<T>>;
  paged: boolean;
  pageSize: number;
  idOf(item: T): unknown;
  /** `FAQ list`, for messages. */
  what: string;
  /** The call, for messages (after any v2 → v1 fallback). */
  call(): { method: string; path: string };
}

/** One reading of every page of a list: the items, and the `total` each page claimed. */
interface ListRead<T> {
  items: T[];
  totals: number[];
}

/** How often a list is read again when it changes while its pages are read. */
export const LIST_READS = 4;

/**
 * Reads a list until every page claims the same `total`. A document deleted (or created) in the console between two
 * page reads shifts the items after it by one: one item is then never seen (or seen twice), and an owned document
 * that is merely unseen would be taken for deleted — re-created by apply, its file removed by pull. A changed total
 * is the sign; the whole list is read again, a few times at most, then the run stops before anything acts on it.
 */
async function readStableList<T>(list: PagedList<T>, query: Query): Promise<T[]> {
  let last: number[] = [];
  for (let attempt = 1; attempt <= LIST_READS; attempt++) {
    const { items, totals } = await readEveryPage(list, query);
    if (totals.every((total) => total === totals[0])) return items;
    last = totals;
  }
  const { method, path } = list.call();
  throw new ListChangedError(method, path, list.what, last);
}

/** The first page, then the remaining pages concurrently, each item once. */
async function readEveryPage<T>(list: PagedList<T>, query: Query): Promise<ListRead<T>> {
  const first = await list.listPage(query);
  if (!list.paged || first.pages <= 1) return { items: first.items, totals: [first.total] };
  const call = list.call();
  const size = checkPaging(first, Number(query.pageSize ?? list.pageSize), list.what, call);
  const rest = await Promise.all(
    Array.from({ length: first.pages - 1 }, (_, i) =>
      list.listPage({ ...query, page: i + 2, pageSize: size }),
    ),
  );
  const pages = [first, ...rest];
  const items = uniqueItems(
    pages.map((p) => p.items),
    list.idOf,
    list.what,
    call,
  );
  return { items, totals: pages.map((p) => p.total) };
}

/** A list that kept changing while it was read: nothing was planned or written from it. */
export class ListChangedError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    what: string,
    readonly totals: number[],
  ) {
    super(
      `${method} ${path}: the ${what} changed while its pages were read, ${LIST_READS} times in a row (the pages claimed ${[...new Set(totals)].join(' and ')} items in total); nothing was planned or written from it. Someone is adding or deleting documents on the service right now (the console, or another oc-sync run): run again once those edits are done`,
    );
    this.name = 'ListChangedError';
  }
}

/**
 * The pages' items, each id once. A document created while the pages are read pushes one item onto the next page
 * (it shows twice, harmlessly); a page made only of items seen before means the paging is broken, and reading on
 * would never end.
 */
function uniqueItems<T>(
  pages: T[][],
  idOf: (item: T) => unknown,
  what: string,
  call: { method: string; path: string },
): T[] {
  const seen = new Set<unknown>();
  const items: T[] = [];
  pages.forEach((page, index) => {
    const fresh = page.filter((item) => !seen.has(idOf(item)));
    if (index > 0 && page.length > 0 && fresh.length === 0) {
      throw new ResponseShapeError(
        call.method,
        call.path,
        `${what}: page ${index + 1} repeats items of earlier pages only; the paging is broken and was not followed further`,
      );
    }
    for (const item of fresh) {
      seen.add(idOf(item));
      items.push(item);
    }
  });
  return items;
}

function singleContent(result: unknown): unknown {
  if (result === null || typeof result !== 'object') return null;
  return (result as { content?: unknown }).content ?? null;
}

function attachmentApi(http: HttpClient): AttachmentApi {
  const path = (template: string, store: AttachmentStore, id?: string) =>
    fillPath(template.replace('{store}', store), id);
  return {
    async upload(store, file) {
      const result = await http.request({
        scope: 'service',
        method: 'POST',
        path: path(attachmentRoutes.upload.path, store),
        file,
      });
      return parseResponse(uploadedAttachment, singleContent(result), 'upload result', {
        method: 'POST',
        path: path(attachmentRoutes.upload.path, store),
      });
    },
    download(store, attachmentId, type) {
      const request: ApiRequest = {
        scope: 'service',
        method: 'GET',
        path: path(attachmentRoutes.download.path, store, attachmentId),
        query: type ? { type } : undefined,
      };
      return http.download(request);
    },
    async delete(store, attachmentId) {
      await http.request({
        scope: 'service',
        method: 'DELETE',
        path: path(attachmentRoutes.delete.path, store, attachmentId),
      });
    },
  };
}

function serviceApi(http: HttpClient): ServiceApi {
  const listPage = async (query: Query = {}): Promise<Page<ServiceRecord>> => {
    const result = await http.request({
      scope: 'organization',
      method: 'GET',
      path: serviceRoutes.list.path,
      query: { page: 1, pageSize: 100, ...query },
    });
    const call = { method: 'GET', path: serviceRoutes.list.path };
    const page = parseResponse(pageInfo, result, 'service list', call);
    const items = page.contents.map((item) => parseResponse(serviceRecord, item, 'service', call));
    return pageOf(items, page);
  };
  return {
    listPage,
    listAll: () =>
      readStableList(
        {
          listPage,
          paged: true,
          pageSize: 100,
          idOf: (item) => item.serviceId,
          what: 'service list',
          call: () => ({ method: 'GET', path: serviceRoutes.list.path }),
        },
        {},
      ),
    async get(serviceId) {
      const result = await http.request({
        scope: 'organization',
        method: 'GET',
        path: fillPath(serviceRoutes.get.path, serviceId),
      });
      return parseResponse(serviceRecord, singleContent(result), 'service', {
        method: 'GET',
        path: fillPath(serviceRoutes.get.path, serviceId),
      });
    },
    async describe() {
      const { method, path } = publicServiceRoute;
      const result = await http.request({ scope: 'public', method, path });
      return parseResponse(publicServiceRecord, singleContent(result), 'service', { method, path });
    },
  };
}
