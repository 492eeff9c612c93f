import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../system/atomic-write.js';
import { isProcessAlive } from '../../system/process-alive.js';
import type { JournalEntry, OrgSnapshot } from './records.js';

/**
 * Where the emulator's data lives. Every mutation is appended to a journal synchronously before the response is
 * sent, so a process killed right after a response loses nothing; on load (and on close) the journal is folded into
 * a snapshot written atomically (`writeFileAtomicSync`). A write costs one appended line, whatever the size of the data.
 */
export interface Persistence {
  /** The last snapshot and the journal entries written after it, in order. */
  load(): { snapshot: OrgSnapshot | undefined; journal: JournalEntry[] };
  append(entry: JournalEntry): void;
  /** Replaces snapshot + journal with one snapshot holding the whole state. */
  compact(snapshot: OrgSnapshot): void;
  writeFile(attachmentId: string, bytes: Uint8Array): void;
  readFile(attachmentId: string): Uint8Array | undefined;
  deleteFile(attachmentId: string): void;
  /** Lets another process use the folder. */
  release(): void;
}

export function memoryPersistence(): Persistence {
  const files = new Map<string, Uint8Array>();
  return {
    load: () => ({ snapshot: undefined, journal: [] }),
    append: () => {},
    compact: () => {},
    writeFile: (id, bytes) => void files.set(id, bytes),
    readFile: (id) => files.get(id),
    deleteFile: (id) => void files.delete(id),
    release: () => {},
  };
}

export function diskPersistence(dataDir: string): Persistence {
  const snapshotPath = join(dataDir, 'snapshot.json');
  const journalPath = join(dataDir, 'journal.jsonl');
  const filesDir = join(dataDir, 'files');
  mkdirSync(filesDir, { recursive: true });
  const lockPath = acquireLock(dataDir);
  const filePath = (id: string) => join(filesDir, id);

  return {
    load() {
      const snapshot = existsSync(snapshotPath)
        ? (JSON.parse(readFileSync(snapshotPath, 'utf8')) as OrgSnapshot)
        : undefined;
      const journal = existsSync(journalPath) ? parseJournal(readFileSync(journalPath, 'utf8')) : [];
      return { snapshot, journal };
    },
    append(entry) {
      appendFileSync(journalPath, `${JSON.stringify(entry)}\n`);
    },
    compact(snapshot) {
      writeFileAtomicSync(snapshotPath, JSON.stringify(snapshot));
      // Replaying a journal over a snapshot that already holds it is harmless (every entry is idempotent), so a
      // crash between these two steps is safe.
      rmSync(journalPath, { force: true });
    },
    writeFile(id, bytes) {
      writeFileAtomicSync(filePath(id), bytes);
    },
    readFile(id) {
      return existsSync(filePath(id)) ? new Uint8Array(readFileSync(filePath(id))) : undefined;
    },
    deleteFile(id) {
      rmSync(filePath(id), { force: true });
    },
    release() {
      rmSync(lockPath, { force: true });
    },
  };
}

/**
 * One emulator per folder: two writers would each compact their own view over the other's writes. A lock left by
 * a process that no longer runs (killed) is taken over.
 */
function acquireLock(dataDir: string): string {
  const lockPath = join(dataDir, 'emulator.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileAtomicSync(lockPath, String(process.pid), { exclusive: true });
      return lockPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8'));
      if (isProcessAlive(owner)) {
        throw new Error(
          `emulator: the data folder ${dataDir} is in use by process ${owner}; stop that emulator or use another folder`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`emulator: could not lock the data folder ${dataDir}`);
}

/** One entry per line. A line that does not parse — the torn tail of a write cut short by a kill — is skipped. */
function parseJournal(text: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // torn write: the mutation never got its response, so dropping it is correct
    }
  }
  return entries;
}
