import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { UserInputError } from '../diagnostics/diagnostic.js';
import {
  type AttachmentState,
  type DocumentState,
  emptyState,
  type ListState,
  type PendingCreate,
  type PendingUpdate,
  readState,
  type SyncState,
  stateWriteError,
  upgradeAttachmentKeys,
  writeState,
} from './state-file.js';

/**
 * The state during an apply: every successful remote write is recorded at once in an append-only journal next to
 * the state file (one JSON line, O(1) however large the state), so a crash or a kill at any moment loses nothing.
 * The state file itself is rewritten — atomically, sorted — when the run ends, folding the journal in. A run that
 * finds a journal (the previous one was killed) replays it first. A torn last line is ignored, and never glued to
 * the next line written.
 *
 * When the journal cannot be written (disk full, read-only), the change is still made in memory, the setter throws,
 * and so does every later one, at once: the caller stops writing to the service, and the final `flush` tries to save
 * everything in memory.
 */

type Mutation =
  | { op: 'document'; key: string; value: DocumentState | null }
  /** A rename: one record, so no kill can leave the document owned by neither key. */
  | { op: 'move'; key: string; from: string; value: DocumentState }
  | { op: 'attachment'; key: string; value: AttachmentState | null }
  | { op: 'list'; key: string; value: ListState | null }
  | { op: 'pending'; key: string; value: PendingCreate | null }
  | { op: 'updating'; key: string; value: PendingUpdate | null };

export interface StateStore {
  readonly state: SyncState;
  readonly file: string;
  setDocument(key: string, value: DocumentState | null): void;
  /** The document `from` owned is now owned by `key`, as one journal record. */
  moveDocument(from: string, key: string, value: DocumentState): void;
  setAttachment(key: string, value: AttachmentState | null): void;
  setList(key: string, value: ListState | null): void;
  setPending(key: string, value: PendingCreate | null): void;
  setUpdating(key: string, value: PendingUpdate | null): void;
  /** Set once the journal could not be written: what the setters throw from then on. */
  readonly failure: UserInputError | undefined;
  /** Stops the run's writes: from now on the setters record in memory only and throw `reason`. */
  interrupt(reason: UserInputError): void;
  /** Writes the state file with every recorded change and removes the journal. */
  flush(): Promise<void>;
}

export function journalPath(stateFile: string): string {
  return stateFile.replace(/\.json$/, '.journal');
}

function applyMutation(state: SyncState, mutation: Mutation): void {
  if (mutation.op === 'move') {
    applyMutation(state, { op: 'document', key: mutation.from, value: null });
    applyMutation(state, { op: 'document', key: mutation.key, value: mutation.value });
    return;
  }
  if (mutation.op === 'updating' && !state.updating) state.updating = {};
  const sections = {
    document: state.documents,
    attachment: state.attachments,
    list: state.lists,
    pending: state.pending,
    updating: state.updating,
  } as Record<Mutation['op'], Record<string, unknown>>;
  const target = sections[mutation.op];
  if (mutation.value === null) delete target[mutation.key];
  // Defined, not assigned: a journal line naming `__proto__` becomes an entry (which reading the state refuses),
  // never the section's prototype.
  else
    Object.defineProperty(target, mutation.key, {
      value: mutation.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  // Updates whose outcome is unknown are the exception: the section exists only while it holds one.
  if (state.updating && Object.keys(state.updating).length === 0) delete state.updating;
}

/** Reads the state file, replays a journal left by an interrupted run, and upgrades older attachment keys. */
export async function loadState(
  file: string,
  environment: string,
  serviceId: string,
): Promise<{ state: SyncState; replayed: number; torn: boolean }> {
  const state = await readState(file, environment, serviceId);
  let text = '';
  try {
    text = await readFile(journalPath(file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let replayed = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      applyMutation(state, JSON.parse(line) as Mutation);
      replayed++;
    } catch {
      // A line cut short by a kill: everything before it was recorded whole.
    }
  }
  // After the journal: one left by an older version's interrupted run names attachments by MD5 too.
  upgradeAttachmentKeys(state);
  return { state, replayed, torn: text.length > 0 && !text.endsWith('\n') };
}

export async function openStateStore(
  file: string,
  environment: string,
  serviceId: string,
): Promise<StateStore> {
  const { state, torn } = await loadState(file, environment, serviceId);
  const journal = journalPath(file);
  let fd: number | undefined;
  let failure: UserInputError | undefined;
  // A line cut short (a full disk, a kill) must not swallow the next one: start on a new line.
  let newLine = torn;
  const record = (mutation: Mutation) => {
    applyMutation(state, mutation);
    if (failure) throw failure;
    try {
      if (fd === undefined) {
        mkdirSync(path.dirname(journal), { recursive: true });
        fd = openSync(journal, 'a');
      }
      appendFileSync(fd, `${newLine ? '\n' : ''}${JSON.stringify(mutation)}\n`);
      newLine = false;
    } catch (error) {
      failure = stateWriteError(
        journal,
        error,
        'journal',
        `free disk space or make ${path.dirname(path.relative(process.cwd(), journal) || journal)} writable, then run apply again; this run stopped writing to the service, and the next run finds what it could not record`,
      );
      throw failure;
    }
  };
  return {
    state,
    file,
    setDocument: (key, value) => record({ op: 'document', key, value }),
    moveDocument: (from, key, value) => record({ op: 'move', key, from, value }),
    setAttachment: (key, value) => record({ op: 'attachment', key, value }),
    setList: (key, value) => record({ op: 'list', key, value }),
    setPending: (key, value) => record({ op: 'pending', key, value }),
    setUpdating: (key, value) => record({ op: 'updating', key, value }),
    get failure() {
      return failure;
    },
    interrupt(reason) {
      failure ??= reason;
    },
    async flush() {
      if (fd !== undefined) {
        closeSync(fd);
        fd = undefined;
      }
      await writeState(file, state);
      // The state file holds everything now; a journal that cannot be removed is replayed harmlessly (same values).
      await rm(journal, { force: true }).catch(() => undefined);
    },
  };
}

export { emptyState };
