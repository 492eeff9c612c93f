import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type UserInputError, userError } from '../diagnostics/diagnostic.js';
import { attachmentIdentity } from '../resources/attachment.js';
import { documentKinds } from '../resources/registry.js';
import { writeFileAtomic } from '../system/atomic-write.js';
import { parseStateText } from './state-checks.js';

/**
 * The state file `.oc-sync/state/<environment>.json` (DESIGN §4): which remote id each document key owns, the hash
 * of what was last applied, the source hash it came from and the remote `updatedDt` seen after the write; plus
 * uploaded attachments by store and identity (`attachmentIdentity`: the file's MD5 and its file name). Committed to git, so it is written stable — sorted keys, one entry per
 * line — and atomically, after every successful remote write.
 */

export const STATE_VERSION = 1;

/**
 * The `updatedDt` recorded for a matched document that differs from the service. Adopt cannot know which side is
 * newer, so it records the local view as applied and a service time no document has: the next plan reads the
 * detail, sees the service differ from what was applied and holds it as drift, and `pull` (the local file being
 * unchanged since this state) takes the service version.
 */
export const UNKNOWN_REMOTE_VERSION = 0;

/** A document kind, from the registry; listed alphabetically, as the state's messages have always named them. */
const documentKind = z.enum([...documentKinds].sort());

const documentState = z.strictObject({
  kind: documentKind,
  id: z.number().int(),
  payloadHash: z.string(),
  sourceHash: z.string(),
  updatedDt: z.number(),
});

/**
 * A tag, heading or FAQ category oc-sync created or took over (`kind:code` → id): only these are ever deleted, and
 * the hash of the view last applied tells a console edit from a local one. An item made in the web console has no
 * code (tags cannot be given one later), so this is also how its code is known.
 */
const listState = z.strictObject({
  id: z.number().int(),
  payloadHash: z.string(),
});

const attachmentState = z.strictObject({
  id: z.string(),
  fileName: z.string(),
  /**
   * The file's MD5; the key's identity is `attachmentIdentity(md5, fileName)`. States of older versions have none:
   * their keys are `store:md5`, upgraded when the state is loaded (`upgradeAttachmentKeys`).
   */
  md5: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  size: z.number(),
  /**
   * Uploaded by apply. Only such uploads are ever deleted when content/ stops using them: one that pull or adopt
   * found on the service was made in the console, and a document oc-sync does not own may use it.
   */
  uploaded: z.literal(true).optional(),
});

/**
 * A create that was sent but whose answer never came: the next run looks for it before creating again. It is taken
 * only when the service holds exactly what was sent (`sentHash`), so neither a twin in flight nor a document an
 * editor made with the same title is ever mistaken for it.
 */
const pendingCreate = z.strictObject({
  kind: documentKind,
  title: z.string(),
  payloadHash: z.string(),
  sourceHash: z.string(),
  /** The server's clock (not ours) just before the create was sent. */
  since: z.number(),
  /** Hash of the view that was sent, as the service gives it back. Absent in states of older versions. */
  sentHash: z.string().optional(),
});

/**
 * An update that was sent but whose outcome is not known (the run was killed, or the call failed after it may have
 * landed). The next apply compares the service with what was sent before it plans anything on top: a document that
 * holds exactly the sent version was updated, not edited in the web console.
 */
const pendingUpdate = z.strictObject({
  kind: documentKind,
  id: z.number().int(),
  /** Hash of the view that was sent, as the service will give it back (links not known yet are `#`). */
  sentHash: z.string(),
  /** What the state records once the update is known to have landed. */
  payloadHash: z.string(),
  sourceHash: z.string(),
  /** For a move: the key the document had. */
  previousKey: z.string().optional(),
});

export const syncStateSchema = z.strictObject({
  version: z.literal(STATE_VERSION),
  environment: z.string(),
  serviceId: z.string(),
  documents: z.record(z.string(), documentState),
  attachments: z.record(z.string(), attachmentState),
  /** Absent in states of older versions: their list items are taken over by the next apply. */
  lists: z.record(z.string(), listState).default({}),
  pending: z.record(z.string(), pendingCreate).default({}),
  /** Only present while an update's outcome is unknown. */
  updating: z.record(z.string(), pendingUpdate).optional(),
});

export type SyncState = z.output<typeof syncStateSchema>;
export type DocumentState = z.output<typeof documentState>;
export type AttachmentState = z.output<typeof attachmentState>;
export type ListState = z.output<typeof listState>;
export type PendingCreate = z.output<typeof pendingCreate>;
export type PendingUpdate = z.output<typeof pendingUpdate>;

export function emptyState(environment: string, serviceId: string): SyncState {
  return {
    version: STATE_VERSION,
    environment,
    serviceId,
    documents: {},
    attachments: {},
    lists: {},
    pending: {},
  };
}

export function stateFilePath(projectRoot: string, environment: string): string {
  return path.join(projectRoot, '.oc-sync', 'state', `${environment}.json`);
}

/** `store:<identity>`, the identity being `attachmentIdentity(md5, fileName)`. */
export function attachmentStateKey(store: string, identity: string): string {
  return `${store}:${identity}`;
}

/**
 * Attachment entries as older versions wrote them — keyed `store:md5`, without `md5` — under the key of their
 * identity, from the file name each records: the upload they name is the file under that name, so unchanged
 * content plans no change and nothing is uploaded again. An entry whose new key is taken keeps the taken one.
 */
export function upgradeAttachmentKeys(state: SyncState): void {
  for (const [key, entry] of Object.entries(state.attachments)) {
    if (entry.md5 !== undefined) continue;
    const cut = key.indexOf(':');
    const md5 = key.slice(cut + 1);
    const upgraded = attachmentStateKey(key.slice(0, cut), attachmentIdentity(md5, entry.fileName));
    delete state.attachments[key];
    if (state.attachments[upgraded]) continue;
    Object.defineProperty(state.attachments, upgraded, {
      value: { ...entry, md5 },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

export function listStateKey(kind: string, code: string): string {
  return `${kind}:${code}`;
}

/** Remote id → the codes the state records that list item under (sorted), for one list kind. */
export function recordedListCodes(state: SyncState, kind: string): Map<number, string[]> {
  const prefix = listStateKey(kind, '');
  const codes = new Map<number, string[]>();
  for (const key of Object.keys(state.lists).sort()) {
    if (!key.startsWith(prefix)) continue;
    const id = state.lists[key]?.id as number;
    codes.set(id, [...(codes.get(id) ?? []), key.slice(prefix.length)]);
  }
  return codes;
}

/** Reads the state, or an empty one when there is none yet. A damaged file is an error, never silently reset. */
export async function readState(file: string, environment: string, serviceId: string): Promise<SyncState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState(environment, serviceId);
    throw error;
  }
  const display = path.relative(process.cwd(), file) || file;
  const data = parseStateText(text, display, syncStateSchema);
  if (data.serviceId !== serviceId) {
    throw userError(
      `${display} belongs to service ${data.serviceId}, not ${serviceId}`,
      display,
      'state/other-service',
      {
        message: `the state was made for service ${data.serviceId}, but the environment points at ${serviceId}`,
        hint: 'check serviceId in the config; a different service needs its own environment and state',
      },
    );
  }
  return data;
}

/** Stable, merge-friendly text: sorted keys, one entry per line. */
export function formatState(state: SyncState): string {
  const section = (entries: Record<string, unknown>) => {
    const keys = Object.keys(entries).sort();
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(sortKeys(entries[k]))}`).join(',\n')}\n  }`;
  };
  // Written only while it holds something, so the usual file stays as it always was.
  const updating =
    state.updating && Object.keys(state.updating).length > 0
      ? `,\n  "updating": ${section(state.updating)}`
      : '';
  return `{
  "version": ${state.version},
  "environment": ${JSON.stringify(state.environment)},
  "serviceId": ${JSON.stringify(state.serviceId)},
  "documents": ${section(state.documents)},
  "attachments": ${section(state.attachments)},
  "lists": ${section(state.lists)},
  "pending": ${section(state.pending)}${updating}
}
`;
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, (value as Record<string, unknown>)[k]]),
  );
}

/**
 * Written atomically (`writeFileAtomic`), so a crash leaves the old or the new file, never half of one. When the
 * disk is full or read-only, the temporary file is removed and a `StateWriteError` names the file; the old state
 * file is left as it was.
 */
export async function writeState(file: string, state: SyncState): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, formatState(state));
  } catch (error) {
    throw stateWriteError(file, error, 'state');
  }
}

/** Why a file under `.oc-sync/state/` could not be written, in words. */
export function describeWriteFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The state (or its journal, or the apply lock) could not be written. A `UserInputError`, so the CLI prints what
 * happened and what to do, without a stack trace.
 */
export function stateWriteError(
  file: string,
  cause: unknown,
  what: 'state' | 'journal' | 'lock',
  hint?: string,
): UserInputError {
  const display = path.relative(process.cwd(), file) || file;
  const name = { state: 'the state file', journal: 'the state journal', lock: 'the apply lock' }[what];
  const message = `could not write ${name} ${display}: ${describeWriteFailure(cause)}`;
  const error = userError(message, display, 'state/write-failed', {
    hint:
      hint ??
      `free disk space or make ${path.dirname(display)} writable, then run apply again; the previous state file is intact and the journal next to it keeps what this run recorded, so nothing is done twice`,
  });
  error.cause = cause;
  return error;
}
