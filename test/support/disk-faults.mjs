/**
 * A preload (`node --import ./test/support/disk-faults.mjs bin/oc-sync.js …`) that makes the file system under one
 * folder behave as if the disk were full or read-only, for the CLI in a child process — the real code, the real
 * files, only the failing system calls simulated (we run as root, so chmod cannot make anything read-only).
 *
 *   OC_DISK_FAULT              ENOSPC (disk full: writes fail, a write past the budget is cut short, files can still
 *                              be opened, renamed, removed) or EROFS (read-only: once the budget is spent, every
 *                              write, open for writing, rename, mkdir and removal fails)
 *   OC_DISK_FAULT_DIR          only paths inside this folder are affected
 *   OC_DISK_FAULT_MATCH        only file names matching this regular expression (default: all)
 *   OC_DISK_FAULT_AFTER_BYTES  bytes that may still be written before the disk is "full" (default 0)
 *   OC_DISK_FAULT_AFTER_WRITES write calls that may still succeed before it is (default 0)
 *
 * Both budgets must be spent before writes fail. Every failure is counted in `OC_DISK_FAULT_LOG` (a file outside
 * the folder) when set, one line per failed call, so a test can tell the fault really fired.
 */
import { appendFileSync as logAppend } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const fs = require('node:fs');
const fsp = require('node:fs/promises');

const code = process.env.OC_DISK_FAULT;
const dir = process.env.OC_DISK_FAULT_DIR ? path.resolve(process.env.OC_DISK_FAULT_DIR) : undefined;
const match = process.env.OC_DISK_FAULT_MATCH ? new RegExp(process.env.OC_DISK_FAULT_MATCH) : undefined;
let bytesLeft = Number(process.env.OC_DISK_FAULT_AFTER_BYTES ?? 0);
let writesLeft = Number(process.env.OC_DISK_FAULT_AFTER_WRITES ?? 0);
const logFile = process.env.OC_DISK_FAULT_LOG;

if (code === 'ENOSPC' || code === 'EROFS') install();

function affected(file) {
  if (typeof file !== 'string' && !(file instanceof URL)) return false;
  const resolved = path.resolve(String(file instanceof URL ? file.pathname : file));
  if (dir && resolved !== dir && !resolved.startsWith(`${dir}${path.sep}`)) return false;
  return !match || match.test(path.basename(resolved));
}

function failure(syscall, file) {
  if (logFile) logAppend(logFile, `${code} ${syscall} ${file}\n`);
  const message = code === 'ENOSPC' ? 'no space left on device' : 'read-only file system';
  const error = new Error(`${code}: ${message}, ${syscall} '${file}'`);
  error.code = code;
  error.errno = code === 'ENOSPC' ? -28 : -30;
  error.syscall = syscall;
  error.path = String(file);
  return error;
}

const spent = () => writesLeft <= 0 && bytesLeft <= 0;

/**
 * How much of `data` may be written now: all of it, or (ENOSPC) the part that fits before the disk is full, after
 * which the call fails. Returns the bytes to write and whether to fail after writing them.
 */
function budget(data) {
  const bytes =
    typeof data === 'string'
      ? Buffer.from(data)
      : Buffer.from(data.buffer ?? data, data.byteOffset, data.byteLength);
  if (writesLeft > 0) {
    writesLeft--;
    bytesLeft = Math.max(0, bytesLeft - bytes.length);
    return { bytes, fail: false };
  }
  if (bytesLeft >= bytes.length) {
    bytesLeft -= bytes.length;
    return { bytes, fail: false };
  }
  const part = code === 'ENOSPC' ? bytes.subarray(0, bytesLeft) : bytes.subarray(0, 0);
  bytesLeft = 0;
  return { bytes: part, fail: true };
}

const writeFlags = (flags) => typeof flags === 'string' && /[wa+]/.test(flags);

function install() {
  const fdPaths = new Map();
  const original = {
    openSync: fs.openSync,
    closeSync: fs.closeSync,
    appendFileSync: fs.appendFileSync,
    writeFileSync: fs.writeFileSync,
    writeSync: fs.writeSync,
    renameSync: fs.renameSync,
    mkdirSync: fs.mkdirSync,
    writeFile: fsp.writeFile,
    appendFile: fsp.appendFile,
    open: fsp.open,
    rename: fsp.rename,
    mkdir: fsp.mkdir,
    rm: fsp.rm,
    unlink: fsp.unlink,
  };
  const readOnly = (file) => code === 'EROFS' && spent() && affected(file);

  fs.openSync = function openSync(file, flags, ...rest) {
    if (readOnly(file) && writeFlags(flags)) throw failure('open', file);
    const fd = original.openSync.call(fs, file, flags, ...rest);
    if (affected(file)) fdPaths.set(fd, String(file));
    return fd;
  };
  fs.closeSync = function closeSync(fd) {
    fdPaths.delete(fd);
    return original.closeSync.call(fs, fd);
  };
  // appendFileSync calls writeFileSync through the module object: one user call must count once.
  let inside = false;
  const syncWriter = (name, write) =>
    function patched(target, data, ...rest) {
      const file = typeof target === 'number' ? fdPaths.get(target) : target;
      if (inside || file === undefined || !affected(file))
        return original[name].call(fs, target, data, ...rest);
      const { bytes, fail } = budget(data);
      inside = true;
      try {
        if (bytes.length > 0) write(target, bytes, rest);
      } finally {
        inside = false;
      }
      if (fail) throw failure('write', file);
    };
  fs.appendFileSync = syncWriter('appendFileSync', (target, bytes, rest) =>
    original.appendFileSync.call(fs, target, bytes, ...rest),
  );
  fs.writeFileSync = syncWriter('writeFileSync', (target, bytes, rest) =>
    original.writeFileSync.call(fs, target, bytes, ...rest),
  );
  fs.renameSync = function renameSync(from, to) {
    if (readOnly(from) || readOnly(to)) throw failure('rename', to);
    return original.renameSync.call(fs, from, to);
  };
  fs.mkdirSync = function mkdirSync(target, ...rest) {
    if (readOnly(target) && !fs.existsSync(target)) throw failure('mkdir', target);
    return original.mkdirSync.call(fs, target, ...rest);
  };

  fsp.writeFile = async function writeFile(file, data, ...rest) {
    if (!affected(file)) return original.writeFile.call(fsp, file, data, ...rest);
    if (readOnly(file)) throw failure('open', file);
    const { bytes, fail } = budget(data);
    await original.writeFile.call(fsp, file, bytes, ...rest);
    if (fail) throw failure('write', file);
  };
  fsp.appendFile = async function appendFile(file, data, ...rest) {
    if (!affected(file)) return original.appendFile.call(fsp, file, data, ...rest);
    if (readOnly(file)) throw failure('open', file);
    const { bytes, fail } = budget(data);
    if (bytes.length > 0) await original.appendFile.call(fsp, file, bytes, ...rest);
    if (fail) throw failure('write', file);
  };
  fsp.open = async function open(file, flags, ...rest) {
    if (readOnly(file) && writeFlags(flags)) throw failure('open', file);
    const handle = await original.open.call(fsp, file, flags, ...rest);
    if (!affected(file)) return handle;
    const writeFile = handle.writeFile.bind(handle);
    handle.writeFile = async (data, ...more) => {
      const { bytes, fail } = budget(data);
      if (bytes.length > 0) await writeFile(bytes, ...more);
      if (fail) throw failure('write', file);
    };
    return handle;
  };
  fsp.rename = async function rename(from, to) {
    if (readOnly(from) || readOnly(to)) throw failure('rename', to);
    return original.rename.call(fsp, from, to);
  };
  fsp.mkdir = async function mkdir(target, ...rest) {
    if (readOnly(target) && !fs.existsSync(target)) throw failure('mkdir', target);
    return original.mkdir.call(fsp, target, ...rest);
  };
  fsp.rm = async function rm(target, ...rest) {
    if (readOnly(target) && fs.existsSync(target)) throw failure('rm', target);
    return original.rm.call(fsp, target, ...rest);
  };
  fsp.unlink = async function unlink(target) {
    if (readOnly(target)) throw failure('unlink', target);
    return original.unlink.call(fsp, target);
  };
  syncBuiltinESMExports();
}
