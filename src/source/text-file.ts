import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { formatBytes } from '../system/bytes.js';

/**
 * Reading a text file the user wrote (the config, Markdown, YAML lists) as strict UTF-8, with the input limits of
 * README "HTML policy": a file over the size limit is refused before it is read (bounded memory), bytes that are not
 * UTF-8 are an error at their position instead of silent U+FFFD, and a NUL is an error (it marks a binary or
 * corrupted file, and Markdown would turn it into U+FFFD). Other invisible control characters are a warning.
 */

/** The largest Markdown document or YAML file read, in bytes: far above any help-center article. */
export const MAX_TEXT_FILE_BYTES = 2 * 1024 * 1024;

export interface TextProblem {
  /** Without the `content/` or `config/` prefix. */
  rule: 'file-too-large' | 'not-utf8' | 'control-character' | 'unreadable';
  severity: 'error' | 'warning';
  message: string;
  hint: string;
  /** 1-based; 0 when the problem is about the whole file. */
  line: number;
  column: number;
  /** The system error code of an `unreadable` file (`ENOENT`, `EACCES` …). */
  code?: string;
}

export type TextRead =
  | { text: string; problems: TextProblem[] }
  | { text?: undefined; problems: TextProblem[] };

/** Reads at most `maxBytes` + 1 bytes, so a huge file costs no more memory than the limit. */
export function readTextFile(file: string, maxBytes = MAX_TEXT_FILE_BYTES): TextRead {
  const read = readCapped(file, maxBytes);
  return read.bytes ? decodeText(read.bytes) : read;
}

/**
 * The same checks as `readTextFile`, but a clean file comes back as its bytes (a BOM dropped), not decoded: for a
 * document the render cache already holds, hashing the bytes is all that is needed, and decoding ten thousand
 * files is most of what reading them costs. A file with any problem is decoded for its positioned problems.
 */
export function readTextBytes(
  file: string,
  maxBytes = MAX_TEXT_FILE_BYTES,
): { bytes?: Buffer; problems: TextProblem[] } {
  const read = readCapped(file, maxBytes);
  if (!read.bytes) return read;
  const bytes = hasBom(read.bytes) ? read.bytes.subarray(3) : read.bytes;
  if (isUtf8(bytes) && !hasControlBytes(bytes)) return { bytes, problems: [] };
  const decoded = decodeText(read.bytes);
  return decoded.text === undefined ? { problems: decoded.problems } : { bytes, problems: decoded.problems };
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Whether valid UTF-8 holds a character `CONTROL` matches: C0 but tab, LF, CR; DEL; C1 (C2 80–C2 9F). */
function hasControlBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 ? b !== 0x09 && b !== 0x0a && b !== 0x0d : b === 0x7f) return true;
    if (b === 0xc2 && (bytes[i + 1] as number) < 0xa0) return true;
  }
  return false;
}

function readCapped(file: string, maxBytes: number): { bytes?: Buffer; problems: TextProblem[] } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return {
      problems: [
        {
          rule: 'unreadable',
          severity: 'error',
          message: `the file cannot be read (${code ?? message})`,
          hint: 'check that it is a readable file',
          line: 0,
          column: 0,
          code,
        },
      ],
    };
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { problems: [tooLarge(size, maxBytes)] };
    // The size may grow between fstat and read: read one byte more than the limit to notice.
    const buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) {
      n = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > maxBytes) return { problems: [tooLarge(length, maxBytes)] };
    return { bytes: buffer.subarray(0, length), problems: [] };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, maxBytes: number): TextProblem {
  return {
    rule: 'file-too-large',
    severity: 'error',
    message: `the file is ${formatBytes(size)}; files over ${formatBytes(maxBytes)} are not read`,
    hint: 'split it into several documents, and put large data in attachments',
    line: 0,
    column: 0,
  };
}

/** Strict UTF-8 (a leading BOM is dropped) plus the control-character checks. */
export function decodeText(bytes: Uint8Array): TextRead {
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const { line, column } = positionAt(before, before.length);
    const shown = Array.from(bytes.subarray(bad, bad + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return {
      problems: [
        {
          rule: 'not-utf8',
          severity: 'error',
          message: 'the file is not valid UTF-8',
          hint: `save it as UTF-8 (most editors: "Save with encoding"); the first bad bytes are ${shown}, at byte ${bad}`,
          line,
          column,
        },
      ],
    };
  }
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  return { text, problems: controlCharacters(text) };
}

// C0 controls but tab, LF and CR; DEL; C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

function controlCharacters(text: string): TextProblem[] {
  const problems: TextProblem[] = [];
  let warned = false;
  for (const match of text.matchAll(CONTROL)) {
    const nul = match[0] === '\u0000';
    if (!nul && warned) continue;
    const code = `U+${(match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
    problems.push(
      nul
        ? {
            rule: 'control-character',
            severity: 'error',
            message: `the file holds a NUL character (${code}); it looks binary or corrupted`,
            hint: 'remove the NUL characters, or check that this is the text file you meant',
            ...positionAt(text, match.index),
          }
        : {
            rule: 'control-character',
            severity: 'warning',
            message: `invisible control character ${code}`,
            hint: 'remove it: it is usually left by a copy and paste, and readers cannot see it',
            ...positionAt(text, match.index),
          },
    );
    // One problem of each kind is enough to find the rest.
    if (nul) break;
    warned = true;
  }
  return problems;
}

function positionAt(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: index - start + 1 };
}

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}
