/**
 * Progress of a long validation, on stderr: once it has run a few seconds, a line every few seconds with how many
 * documents are parsed; and a document that alone took seconds is named, so a slow file can be found. Markdown is
 * parsed synchronously, so nothing can be printed while one document is being parsed: the line comes after it.
 */

export interface ValidateProgress {
  /** Called before each document is parsed. */
  parsing(file: string, documents: number): void;
  /** Called once everything is parsed. */
  finish(): void;
}

export interface ValidateProgressOptions {
  quiet: boolean;
  write?: (line: string) => void;
  now?: () => number;
  /** Quiet for this long. */
  afterMs?: number;
  /** At most one count line this often. */
  everyMs?: number;
  /** A document that takes this long is named. */
  slowMs?: number;
}

export function createValidateProgress(options: ValidateProgressOptions): ValidateProgress {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => performance.now());
  const { afterMs = 3_000, everyMs = 5_000, slowMs = 2_000 } = options;
  const started = now();
  let lastLine = started;
  let parsed = 0;
  let current: { file: string; since: number } | undefined;
  const seconds = (ms: number) => (ms / 1000).toFixed(1);

  const settleCurrent = (at: number) => {
    if (current && at - current.since >= slowMs) {
      write(
        `validating: ${current.file} took ${seconds(at - current.since)} s to parse (a large or complex document)\n`,
      );
    }
  };

  if (options.quiet) return { parsing() {}, finish() {} };
  return {
    parsing(file, documents) {
      const at = now();
      settleCurrent(at);
      if (at - started >= afterMs && at - lastLine >= everyMs) {
        lastLine = at;
        write(`validating: ${parsed} of ${documents} documents parsed, ${seconds(at - started)} s\n`);
      }
      parsed++;
      current = { file, since: at };
    },
    finish() {
      settleCurrent(now());
      current = undefined;
    },
  };
}
