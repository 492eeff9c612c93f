import { appendFileSync } from 'node:fs';
import type { RequestLogEntry } from './options.js';

/** Every request the emulator answered (or dropped), in memory for tests and optionally as JSON lines for people. */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];

  constructor(private readonly file: string | undefined) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }

  /** Empties the list in place, so a reference held by a test sees it cleared. */
  clear(): void {
    this.entries.length = 0;
  }
}
