import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/system/atomic-write.js';

/** Both forms behave the same: each case runs against the promise one and the synchronous one. */
const writers = [
  ['writeFileAtomic', writeFileAtomic],
  [
    'writeFileAtomicSync',
    async (...args: Parameters<typeof writeFileAtomicSync>) => writeFileAtomicSync(...args),
  ],
] as const;

describe.each(writers)('%s', (_name, write) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'oc-sync-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the bytes whole, replacing an older file, and leaves only the file', async () => {
    const file = path.join(dir, 'state.json');
    writeFileSync(file, 'old and longer than the new text');
    await write(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => i % 251);
    await write(file, bytes);
    expect(new Uint8Array(readFileSync(file))).toEqual(bytes);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('durable: false (pulled files, the cache index) replaces the file the same way, only without the sync', async () => {
    const file = path.join(dir, 'faq.md');
    writeFileSync(file, 'old and longer than the new text');
    await write(file, '# new\n', { durable: false });
    expect(readFileSync(file, 'utf8')).toBe('# new\n');
    expect(readdirSync(dir)).toEqual(['faq.md']);
    mkdirSync(path.join(dir, 'taken'));
    await expect(write(path.join(dir, 'taken'), 'x', { durable: false })).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['faq.md', 'taken']);
  });

  it('creates the file with the default permissions, as writeFile does', async () => {
    const mine = path.join(dir, 'mine');
    const theirs = path.join(dir, 'theirs');
    await write(mine, 'x');
    writeFileSync(theirs, 'x');
    expect(statSync(mine).mode).toBe(statSync(theirs).mode);
  });

  it('removes its temporary file when the rename fails (a folder has the name), and leaves the folder', async () => {
    const target = path.join(dir, 'taken');
    mkdirSync(path.join(target, 'inside'), { recursive: true });
    await expect(write(target, 'data')).rejects.toMatchObject({
      code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/),
    });
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(target)).toEqual(['inside']);
  });

  it('removes its temporary file when the write itself fails, and keeps the old file', async () => {
    const file = path.join(dir, 'plan.json');
    writeFileSync(file, 'old');
    // Not bytes: rejected once the temporary file is open.
    await expect(write(file, 42 as unknown as string)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    });
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });

  it('fails without a trace when the folder does not exist', async () => {
    await expect(write(path.join(dir, 'missing/file'), 'data')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replaces a symbolic link at the target instead of writing where it points', async () => {
    const outside = path.join(dir, 'outside.txt');
    writeFileSync(outside, 'secret');
    const link = path.join(dir, 'link.txt');
    symlinkSync(outside, link);
    await write(link, 'written');
    expect(readFileSync(outside, 'utf8')).toBe('secret');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toBe('written');
  });

  it('exclusive: creates a missing file, refuses an existing one with EEXIST and leaves it as it was', async () => {
    const lock = path.join(dir, 'env.lock');
    await write(lock, '{"pid":1}\n', { exclusive: true });
    expect(readFileSync(lock, 'utf8')).toBe('{"pid":1}\n');
    await expect(write(lock, '{"pid":2}\n', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(lock, 'utf8')).toBe('{"pid":1}\n');
    expect(readdirSync(dir)).toEqual(['env.lock']);
  });

  it('exclusive: a symbolic link at the target counts as existing, and is not followed', async () => {
    const link = path.join(dir, 'env.lock');
    symlinkSync(path.join(dir, 'nowhere'), link);
    await expect(write(link, 'x', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readdirSync(dir)).toEqual(['env.lock']);
  });
});
