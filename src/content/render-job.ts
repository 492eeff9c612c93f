import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { resourceOf } from '../resources/registry.js';
import type { ResourceKind } from '../resources/resource.js';
import { hashView } from '../resources/view.js';
import { ATTACHMENT_PLACEHOLDER, type DesiredContent } from './desired-state.js';
import { desiredDocumentView } from './desired-view.js';
import { type DocumentFile, type DocumentLookup, type ParsedDocument, parseDocument } from './documents.js';

/**
 * One document's parse and render as plain data, the same in the main thread and in a worker thread
 * (`render-worker.ts`): a job names its kind (the worker finds the kind's definition in the registry) and carries
 * its files' text; the answer carries the rendered bodies as strings, where a `ParsedDocument` has `loadBody()`.
 * Both paths run `renderJob`, so a worker's answer is the same data as the main thread's, structured-cloned.
 */

export interface RenderJob {
  kind: ResourceKind;
  key: string;
  files: DocumentFile[];
}

type PlainContent = Omit<DesiredContent, 'loadBody'> & { html: string };

/** A `ParsedDocument` with each language's body as a string: what crosses between threads. */
export interface RenderedJob {
  document: Omit<ParsedDocument['document'], 'contents'> & { contents: Record<string, PlainContent> };
  attachmentSites: ParsedDocument['attachmentSites'];
  diagnostics: Diagnostic[];
  /** Nothing was parsed (`failedJob`): the document is left out, its one finding says why. */
  failed?: true;
  /**
   * The hash of the document's view (`payloadHash`), when no attachment is in it: then it needs no attachment's
   * MD5, and is made where the document was rendered rather than by the reader, which reads the files meanwhile.
   */
  viewHash?: string;
}

/** parseDocument, with an exception turned into the document's `content/render-failed` finding. */
export function renderJob(job: RenderJob, lookup: DocumentLookup): RenderedJob {
  let parsed: ParsedDocument;
  try {
    parsed = parseDocument(resourceOf(job.kind), job.key, job.files, lookup);
  } catch (error) {
    return failedJob(job, `oc-sync could not render it: ${describeError(error)}`);
  }
  const contents: Record<string, PlainContent> = {};
  for (const [language, { loadBody, ...plain }] of Object.entries(parsed.document.contents)) {
    contents[language] = { ...plain, html: loadBody() };
  }
  const unattached =
    parsed.attachmentSites.length === 0 &&
    Object.values(contents).every((content) => !content.html.includes(ATTACHMENT_PLACEHOLDER));
  return {
    document: { ...parsed.document, contents },
    attachmentSites: parsed.attachmentSites,
    diagnostics: parsed.diagnostics,
    ...(unattached
      ? { viewHash: hashView(desiredDocumentView(parsed.document, new Map(), lookup.languages)) }
      : {}),
  };
}

/** A document that made no parse: one error on its default file, and no contents. */
export function failedJob(job: RenderJob, message: string): RenderedJob {
  const file = job.files[0]?.file ?? job.key;
  return {
    document: {
      kind: job.kind,
      key: job.key,
      files: Object.fromEntries(job.files.map((f) => [f.language, f.file])),
      fields: {},
      contents: {},
      links: [],
      previously: [],
    },
    attachmentSites: [],
    failed: true,
    diagnostics: [
      {
        file,
        line: 0,
        column: 0,
        severity: 'error',
        rule: 'content/render-failed',
        message,
        hint: 'a bug in oc-sync, not in the file: report it with this file attached (the other documents were checked); when a worker thread stopped, OC_SYNC_WORKERS=0 renders in one thread',
      },
    ],
  };
}

/** Back to a `ParsedDocument`: each body read from the string the job answered with. */
export function parsedOf(rendered: RenderedJob): ParsedDocument {
  const contents: Record<string, DesiredContent> = {};
  for (const [language, { html, ...plain }] of Object.entries(rendered.document.contents)) {
    contents[language] = { ...plain, loadBody: () => html };
  }
  return {
    document: { ...rendered.document, contents },
    attachmentSites: rendered.attachmentSites,
    diagnostics: rendered.diagnostics,
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
