/**
 * A preload (`node --import ./test/support/journal-kill.mjs bin/oc-sync.js …`) that SIGKILLs the CLI right after it
 * appended a record to the state journal: the record is on disk, nothing after it happened — not the request it
 * announced, not the next record. The hardest moment for recovery, reached exactly instead of by timing.
 *
 *   OC_KILL_AFTER_APPENDS   kill after this many journal records (counted over all of them)
 *   OC_KILL_AFTER_MATCH     count only records whose text matches this regular expression (default: all)
 *   OC_KILL_LOG             a file that gets one line per journal record written, the last one before the kill
 *                           marked, so a test can tell how many points a run has and that the kill fired
 */
import { appendFileSync as logAppend } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const fs = require('node:fs');

const after = Number(process.env.OC_KILL_AFTER_APPENDS ?? 0);
const match = process.env.OC_KILL_AFTER_MATCH ? new RegExp(process.env.OC_KILL_AFTER_MATCH) : undefined;
const logFile = process.env.OC_KILL_LOG;
let counted = 0;

const original = fs.appendFileSync;
/** The journal is appended through a descriptor: remember which descriptors are journals. */
const journals = new Set();
const originalOpen = fs.openSync;
fs.openSync = function openSync(file, ...rest) {
  const fd = originalOpen.call(this, file, ...rest);
  if (String(file).endsWith('.journal')) journals.add(fd);
  return fd;
};
fs.appendFileSync = function appendFileSync(target, data, ...rest) {
  const result = original.call(this, target, data, ...rest);
  const isJournal = journals.has(target) || String(target).endsWith('.journal');
  if (!isJournal) return result;
  const text = String(data);
  if (match && !match.test(text)) {
    if (logFile) logAppend(logFile, `skip ${text.trim()}\n`);
    return result;
  }
  counted++;
  const kill = after > 0 && counted === after;
  if (logFile) logAppend(logFile, `${kill ? 'kill' : 'record'} ${text.trim()}\n`);
  if (kill) process.kill(process.pid, 'SIGKILL');
  return result;
};
syncBuiltinESMExports();
