import type {
  DesiredAttachment,
  DesiredContent,
  DesiredDocument,
  DesiredListItem,
  DesiredState,
} from '../../src/content/desired-state.js';
import { desiredDocumentView } from '../../src/content/desired-view.js';
import { attachmentIdentity } from '../../src/resources/attachment.js';
import type { DocumentKind } from '../../src/resources/registry.js';
import { type DocumentView, hashView, listViewOf } from '../../src/resources/view.js';
import {
  type Change,
  type CreateChange,
  type DeleteChange,
  detailNeeds,
  type MoveChange,
  type NoopChange,
  type Plan,
  planChanges,
  type UpdateChange,
} from '../../src/sync/plan.js';
import type { RemoteDocument, RemoteState } from '../../src/sync/remote-state.js';
import type { DocumentState, SyncState } from '../../src/sync/state-file.js';
import { identityByPathOf } from '../../src/sync/view-comparison.js';

/**
 * Plain DesiredState / RemoteState / SyncState objects for planner tests. The usual shape of a test: describe the
 * content (`desired`), make the service and the state file hold exactly that (`applied`), then change one side —
 * edit a file, edit a record "in the web console" (`editRemote`), delete one — and plan (`plan`), which fetches
 * details the way `fetchDetails` does: only where `detailNeeds` says so.
 *
 * Remote records have the shapes the `fromRecord` functions of src/resources/*.ts read, and pass the kinds' zod
 * schemas (checked in test/sync/plan.test.ts).
 */

export const LANGUAGES = ['ko', 'en'];
/** A fixed base for `updatedDt`, so snapshots do not move. */
export const T0 = 1_767_225_600_000;

type Fields = Record<string, unknown>;

export function languageContent(title: string, html: string, attachments: string[] = []): DesiredContent {
  return { title, loadBody: () => html, attachments, textHash: '' };
}

interface DocumentOptions {
  fields?: Fields;
  contents?: Record<string, DesiredContent>;
  previously?: string[];
  sourceHash?: string;
}

function document(
  kind: DocumentKind,
  key: string,
  fields: Fields,
  options: DocumentOptions,
): DesiredDocument {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const contents = options.contents ?? {
    ko: languageContent(`${name} 제목`, `<p>${name} 본문입니다.</p>`),
    en: languageContent(`${name} title`, `<p>The ${name} body.</p>`),
  };
  return {
    kind,
    key,
    files: Object.fromEntries(
      Object.keys(contents).map((language, i) => [
        language,
        `content/${key}${i === 0 ? '' : `.${language}`}.md`,
      ]),
    ),
    fields: { ...fields, ...options.fields },
    contents,
    links: [],
    previously: options.previously ?? [],
    sourceHash: options.sourceHash ?? `source:${key}`,
    // Without attachments; desired() recomputes it once the state's attachments are known.
    payloadHash: hashView(
      desiredDocumentView({ fields: { ...fields, ...options.fields }, contents }, new Map(), LANGUAGES),
    ),
  };
}

export function faqDoc(key: string, options: DocumentOptions = {}): DesiredDocument {
  return document(
    'faq',
    key,
    { status: 'O', categoryCode: 'billing', isRecommend: false, isTop: false },
    options,
  );
}

export function noticeDoc(key: string, options: DocumentOptions = {}): DesiredDocument {
  return document(
    'notice',
    key,
    {
      status: 'O',
      headingCode: 'news',
      tagCodes: ['app'],
      isTop: false,
      startDt: '20260101090000',
      endDt: '',
      displayDt: '',
    },
    options,
  );
}

export function templateDoc(key: string, options: DocumentOptions = {}): DesiredDocument {
  return document(
    'template',
    key,
    { status: 'O', subject: `${key} subject`, memo: '', headingCode: 'news', tagCodes: [] },
    options,
  );
}

export function tag(code: string, names?: Record<string, string>): DesiredListItem {
  return { file: 'content/notices/_tags.yaml', line: 1, code, names: names ?? namesFor(code) };
}

export function heading(
  code: string,
  order: number,
  names?: Record<string, string>,
): DesiredListItem & { order: number } {
  return { file: 'content/notices/_headings.yaml', line: 1, code, order, names: names ?? namesFor(code) };
}

export function category(
  code: string,
  options: { order?: number; parentCode?: string; level?: number; names?: Record<string, string> } = {},
): DesiredListItem & { order: number; level: number } {
  const entry: DesiredListItem & { order: number; level: number } = {
    file: 'content/faq/_categories.yaml',
    line: 1,
    code,
    names: options.names ?? namesFor(code),
    order: options.order ?? 0,
    level: options.level ?? 1,
  };
  if (options.parentCode !== undefined) entry.parentCode = options.parentCode;
  return entry;
}

function namesFor(code: string): Record<string, string> {
  const word = code.replace(/-/g, ' ');
  return { ko: `${word} 분류`, en: word.charAt(0).toUpperCase() + word.slice(1) };
}

export function attachment(path: string, md5: string, store: 'help' | 'notice' = 'help'): DesiredAttachment {
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  return { path, store, md5, size: 1024, fileName, identity: attachmentIdentity(md5, fileName) };
}

/** The lists every default document refers to: category `billing`, heading `news`, tag `app`. */
export function desired(partial: Partial<DesiredState> = {}): DesiredState {
  const state: DesiredState = {
    languages: LANGUAGES,
    documents: [],
    categories: [category('billing', { order: 1 })],
    headings: [heading('news', 1)],
    tags: [tag('app')],
    attachments: [],
    ...partial,
  };
  return withPayloads(state);
}

/** The hash of the view apply would write for a document: what the state records as `payloadHash`. */
export function payloadOf(doc: DesiredDocument, state: DesiredState): string {
  return hashView(viewOf(doc, state));
}

export function viewOf(doc: DesiredDocument, state: DesiredState): DocumentView {
  return desiredDocumentView(doc, identityByPathOf(state), state.languages);
}

// ---------------------------------------------------------------------------------------------------------------
// The service side.

/** Remote ids of what `applied` created, by code, key and attachment identity. */
export interface Ids {
  tag: Map<string, number>;
  heading: Map<string, number>;
  faqCategory: Map<string, number>;
  document: Map<string, { kind: DocumentKind; id: number }>;
  attachment: Map<string, string>;
}

export function emptyRemote(): RemoteState {
  return {
    lists: { tag: [], heading: [], faqCategory: [] },
    documents: { faq: new Map(), notice: new Map(), template: new Map() },
  };
}

export function tagRecord(tagId: number, tagCode: string | null, names: Record<string, string>) {
  return { tagId, tagCode, serviceId: 'HelpCenter', createdDt: T0, languages: names };
}

export function headingRecord(
  categoryId: number,
  categoryCode: string | null,
  names: Record<string, string>,
  orderNo: number,
) {
  return {
    categoryId,
    serviceId: 'HelpCenter',
    categoryCode,
    parent: 0,
    level: 1,
    orderNo,
    createdDt: T0,
    updatedDt: T0,
    languages: names,
  };
}

export function categoryRecord(
  categoryId: number,
  categoryCode: string | null,
  names: Record<string, string>,
  options: { orderNo?: number; parent?: number; level?: number } = {},
) {
  return {
    categoryId,
    serviceId: 'HelpCenter',
    categoryCode,
    parent: options.parent ?? 0,
    level: options.level ?? 1,
    orderNo: options.orderNo ?? 0,
    createdDt: T0,
    updatedDt: T0,
    languages: names,
  };
}

type RecordContent = { title: string; content: string; attachments?: { attachmentId: string }[] };

function recordContents(view: DocumentView, ids: Ids, withAttachments: boolean) {
  const contents: Record<string, RecordContent> = {};
  for (const [language, entry] of Object.entries(view.contents)) {
    contents[language] = { title: entry.title, content: entry.html };
    if (withAttachments)
      contents[language].attachments = entry.attachments.map((identity) => ({
        attachmentId: ids.attachment.get(identity) ?? `unknown-${identity}`,
      }));
  }
  return contents;
}

const idOf = (map: Map<string, number>, code: unknown) => map.get(code as string) ?? 0;

/** The detail record the service would hold after writing this view, in the shape of the kind's `record` schema. */
export function recordFor(
  kind: DocumentKind,
  id: number,
  view: DocumentView,
  ids: Ids,
  updatedDt: number,
): Record<string, unknown> {
  const f = view.fields;
  const main = Object.values(view.contents)[0];
  const tags = ((f.tagCodes as string[] | undefined) ?? []).map((code) => ({ tagId: idOf(ids.tag, code) }));
  switch (kind) {
    case 'faq': {
      const contents = recordContents(view, ids, true);
      return {
        helpDocId: id,
        serviceId: 'HelpCenter',
        title: main?.title,
        content: main?.html,
        isRecommend: f.isRecommend,
        isTop: f.isTop,
        status: f.status,
        readCnt: 0,
        attachmentYn: Object.values(contents).some((c) => c.attachments?.length),
        createdDt: T0,
        updatedDt,
        categories: [{ categoryId: idOf(ids.faqCategory, f.categoryCode), parent: 0, level: 1 }],
        contents,
      };
    }
    case 'notice': {
      const contents = recordContents(view, ids, true);
      return {
        noticeId: id,
        serviceId: 'HelpCenter',
        status: f.status,
        categoryId: idOf(ids.heading, f.headingCode),
        isTop: f.isTop,
        startDt: f.startDt,
        endDt: f.endDt,
        displayDt: f.displayDt,
        readCnt: 0,
        attachmentYn: Object.values(contents).some((c) => c.attachments?.length) ? 'Y' : 'N',
        createdDt: T0,
        updatedDt,
        contents,
        tags,
      };
    }
    case 'template':
      return {
        noticeId: id,
        status: f.status,
        categoryId: idOf(ids.heading, f.headingCode),
        subject: f.subject,
        memo: f.memo,
        createdDt: T0,
        updatedDt,
        contents: recordContents(view, ids, false),
        tags,
      };
  }
}

/** A remote document as `fetchDetails` lists it, with its detail record. */
export function remoteDocument(kind: DocumentKind, record: Record<string, unknown>): RemoteDocument {
  const contents = record.contents as Record<string, { title: string }> | undefined;
  const categories = record.categories as { categoryId: number }[] | undefined;
  return {
    kind,
    id: (record.helpDocId ?? record.noticeId) as number,
    updatedDt: record.updatedDt as number,
    title: (record.subject as string | undefined) ?? Object.values(contents ?? {})[0]?.title ?? '',
    categoryId: (record.categoryId as number | undefined) ?? categories?.[0]?.categoryId ?? null,
    tagIds: ((record.tags as { tagId: number }[] | undefined) ?? []).map((t) => t.tagId),
    detail: record,
  };
}

export function entryOf(
  doc: DesiredDocument,
  state: DesiredState,
  id: number,
  updatedDt: number,
): DocumentState {
  return {
    kind: doc.kind as DocumentKind,
    id,
    payloadHash: payloadOf(doc, state),
    sourceHash: doc.sourceHash,
    updatedDt,
  };
}

export function syncState(documents: Record<string, DocumentState> = {}): SyncState {
  return {
    version: 1,
    environment: 'test',
    serviceId: 'HelpCenter',
    documents,
    attachments: {},
    lists: {},
    pending: {},
  };
}

/**
 * The service and the state file right after a clean apply of `content`: every list item and document exists with
 * the same content, and the state owns every document. Ids: tags 1…, headings 101…, categories 201…, FAQs 1001…,
 * notices 2001…, templates 3001…; documents' `updatedDt` is T0 + their id.
 */
export function applied(content: DesiredState): { remote: RemoteState; state: SyncState; ids: Ids } {
  withPayloads(content);
  const remote = emptyRemote();
  const state = syncState();
  const ids: Ids = {
    tag: new Map(),
    heading: new Map(),
    faqCategory: new Map(),
    document: new Map(),
    attachment: new Map(),
  };
  content.tags.forEach((entry, i) => {
    ids.tag.set(entry.code, 1 + i);
    remote.lists.tag.push(tagRecord(1 + i, entry.code, entry.names));
  });
  content.headings.forEach((entry, i) => {
    ids.heading.set(entry.code, 101 + i);
    remote.lists.heading.push(headingRecord(101 + i, entry.code, entry.names, entry.order ?? 0));
  });
  content.categories.forEach((entry, i) => {
    ids.faqCategory.set(entry.code, 201 + i);
  });
  for (const entry of content.categories) {
    remote.lists.faqCategory.push(
      categoryRecord(idOf(ids.faqCategory, entry.code), entry.code, entry.names, {
        orderNo: entry.order,
        parent: entry.parentCode ? idOf(ids.faqCategory, entry.parentCode) : 0,
        level: entry.level,
      }),
    );
  }
  // The state owns every list item, with the view it applied.
  const own = (kind: string, entry: { code: string; names: Record<string, string> }, id: number) => {
    state.lists[`${kind}:${entry.code}`] = {
      id,
      payloadHash: hashView(listViewOf(entry, content.languages)),
    };
  };
  for (const entry of content.tags) own('tag', entry, idOf(ids.tag, entry.code));
  for (const entry of content.headings) own('heading', entry, idOf(ids.heading, entry.code));
  for (const entry of content.categories) own('faqCategory', entry, idOf(ids.faqCategory, entry.code));
  content.attachments.forEach((a, i) => {
    const id = `att-${i + 1}`;
    ids.attachment.set(a.identity, id);
    state.attachments[`${a.store}:${a.identity}`] = { id, fileName: a.fileName, md5: a.md5, size: a.size };
  });
  const next: Record<DocumentKind, number> = { faq: 1001, notice: 2001, template: 3001 };
  for (const doc of content.documents) {
    const kind = doc.kind as DocumentKind;
    const id = next[kind]++;
    const updatedDt = T0 + id;
    ids.document.set(doc.key, { kind, id });
    remote.documents[kind].set(
      id,
      remoteDocument(kind, recordFor(kind, id, viewOf(doc, content), ids, updatedDt)),
    );
    state.documents[doc.key] = entryOf(doc, content, id, updatedDt);
  }
  return { remote, state, ids };
}

/** An edit made on the service (the web console): changes the detail record and moves `updatedDt` on. */
export function editRemote(
  remote: RemoteState,
  kind: DocumentKind,
  id: number,
  edit: (record: Record<string, unknown>) => void,
  updatedDt = T0 + 50_000 + id,
): void {
  const found = remote.documents[kind].get(id);
  if (!found) throw new Error(`no ${kind} ${id} on the service`);
  const record = structuredClone(found.detail) as Record<string, unknown>;
  edit(record);
  record.updatedDt = updatedDt;
  remote.documents[kind].set(id, remoteDocument(kind, record));
}

/** Edits one language's content of a detail record in place. */
export function contentOf(record: Record<string, unknown>, language: string): RecordContent {
  return (record.contents as Record<string, RecordContent>)[language] as RecordContent;
}

/** Replaces a desired document (by key) with an edited copy. */
export function editDocument(
  state: DesiredState,
  key: string,
  edit: (doc: DesiredDocument) => DesiredDocument,
): DesiredState {
  return withPayloads({
    ...state,
    documents: state.documents.map((doc) => (doc.key === key ? edit(copyOf(doc)) : doc)),
  });
}

/** A deep copy of a desired document (`structuredClone` cannot copy its contents' `loadBody`). */
function copyOf(doc: DesiredDocument): DesiredDocument {
  const contents = Object.fromEntries(
    Object.entries(doc.contents).map(([language, c]) => [
      language,
      { ...c, attachments: [...c.attachments] },
    ]),
  );
  return { ...structuredClone({ ...doc, contents: {} }), contents };
}

/**
 * Sets every document's payload hash from its view, as readContent does; tests edit documents and attachments
 * in place, so the planning helpers call it again before each use.
 */
export function withPayloads(state: DesiredState): DesiredState {
  for (const doc of state.documents) doc.payloadHash = payloadOf(doc, state);
  return state;
}

export interface PlanCase {
  desired: DesiredState;
  remote: RemoteState;
  state: SyncState;
  prune?: boolean;
}

/**
 * Plans the way `makePlan` does: the remote state keeps a detail only where `detailNeeds` asks for it (as
 * `fetchDetails` would fetch it), and the link codec is the identity (records already hold placeholders).
 * `fetched` lists the details asked for, as `kind:id`.
 */
export function plan(input: PlanCase): { plan: Plan; fetched: string[] } {
  withPayloads(input.desired);
  const needs = detailNeeds(input.desired, input.state, input.remote);
  const fetched: string[] = [];
  const documents = {} as RemoteState['documents'];
  for (const [kind, docs] of Object.entries(input.remote.documents) as [
    DocumentKind,
    Map<number, RemoteDocument>,
  ][]) {
    documents[kind] = new Map(
      [...docs].map(([id, doc]) => {
        if (needs(kind, id, doc.updatedDt)) {
          fetched.push(`${kind}:${id}`);
          return [id, doc];
        }
        const { detail: _detail, ...listed } = doc;
        return [id, listed];
      }),
    );
  }
  return {
    plan: planChanges({
      desired: input.desired,
      remote: { lists: input.remote.lists, documents },
      state: input.state,
      prune: input.prune ?? false,
      readHtml: (html) => html,
    }),
    fetched,
  };
}

/**
 * A change with every member's fields readable, for assertions that a field is set or absent whatever the action
 * (`expect(change.remoteId).toBeUndefined()` on a create).
 */
export type AnyChange = Change &
  Partial<Omit<CreateChange & UpdateChange & MoveChange & DeleteChange & NoopChange, 'action'>>;
