import type { z } from 'zod';
import { documentKeyProblem } from '../content/names.js';
import { type Diagnostic, UserInputError } from '../diagnostics/diagnostic.js';
import { attachmentStores } from '../resources/attachment.js';
import { resources } from '../resources/registry.js';

/**
 * Strict reading of the state file (issue 14, cases 8 and 10). The state is committed JSON that people merge and
 * edit by hand; what `JSON.parse` and the schema let through (a key written twice, `__proto__`, a key that is no
 * content path, an id owned twice, a merge left half done) would make plan and pull create duplicates or write
 * outside content/. Every finding is positioned (`file:line:col`) like a content diagnostic.
 */

export interface Position {
  line: number;
  column: number;
}

/** Where each object key of the file is, by its path (`documents\u0000faq/a\u0000id`), and the keys written twice. */
export interface JsonKeyMap {
  positions: Map<string, Position>;
  duplicates: { path: string[]; at: Position; first: Position }[];
  /** Keys JavaScript gives a meaning (`__proto__` would become the prototype of what the schema returns). */
  reserved: { path: string[]; at: Position }[];
}

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const PATH_SEPARATOR = '\u0000';
/** Deep enough for section → key → field; deeper keys are not located. */
const LOCATED_DEPTH = 3;

export function pathId(path: readonly (string | number)[]): string {
  return path.join(PATH_SEPARATOR);
}

/** The first line of a git merge conflict (`<<<<<<<`, `=======`, `>>>>>>>` at the start of a line), if any. */
export function findConflictMarker(text: string): Position | undefined {
  const match = /^(?:<{7}|={7}|>{7})(?:[ \t].*)?$/m.exec(text);
  return match ? positionAt(text, match.index) : undefined;
}

export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The position a `JSON.parse` error message names (`… at position 123`), if it names one. */
export function syntaxErrorPosition(text: string, error: Error): Position | undefined {
  const offset = /at position (\d+)/.exec(error.message)?.[1];
  if (offset !== undefined) return positionAt(text, Number(offset));
  return /Unexpected end of JSON input/.test(error.message) ? positionAt(text, text.length) : undefined;
}

interface Container {
  /** Undefined for an array. */
  keys: Map<string, Position> | undefined;
  path: string[];
  id: string;
  key?: string;
}

/**
 * Walks text that `JSON.parse` accepted and records where its object keys are (down to `depth` levels), and which
 * keys an object holds twice (JSON.parse keeps the last one silently). Strings are skipped whole, so braces inside
 * them do not count. Linear, and about as fast as `JSON.parse` itself: a 10,000-document state is read every run.
 */
export function scanJsonKeys(text: string, depth = LOCATED_DEPTH): JsonKeyMap {
  const map: JsonKeyMap = { positions: new Map(), duplicates: [], reserved: [] };
  const stack: Container[] = [];
  let expectKey = false;
  // Counted as the walk goes (JSON strings hold no raw line breaks), so locating every key stays linear.
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 10) {
      line++;
      lineStart = i + 1;
    } else if (char === 34) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        recordKey({ line, column: i - lineStart + 1 }, key, top, map, depth);
        top.key = key;
        expectKey = false;
      }
      i = end;
    } else if (char === 123 || char === 91) {
      stack.push(childOf(stack[stack.length - 1], char === 123));
      expectKey = char === 123;
    } else if (char === 125 || char === 93) stack.pop();
    else if (char === 44) expectKey = stack[stack.length - 1]?.keys !== undefined;
  }
  return map;
}

function childOf(parent: Container | undefined, isObject: boolean): Container {
  const keys = isObject ? new Map<string, Position>() : undefined;
  if (!parent) return { keys, path: [], id: '' };
  if (!parent.keys) return { keys, path: parent.path, id: parent.id };
  const key = parent.key ?? '';
  return {
    keys,
    path: [...parent.path, key],
    id: parent.path.length ? `${parent.id}${PATH_SEPARATOR}${key}` : key,
  };
}

function recordKey(at: Position, key: string, container: Container, map: JsonKeyMap, depth: number): void {
  const keys = container.keys as Map<string, Position>;
  const first = keys.get(key);
  if (first) map.duplicates.push({ path: [...container.path, key], at, first });
  else keys.set(key, at);
  if (RESERVED_KEYS.has(key)) map.reserved.push({ path: [...container.path, key], at });
  if (container.path.length < depth)
    map.positions.set(container.path.length ? `${container.id}${PATH_SEPARATOR}${key}` : key, at);
}

/** The index of the quote that closes the string opened at `start`. */
function stringEnd(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length - 1;
}

type Finding = Omit<Diagnostic, 'file' | 'severity'>;

interface OwnedEntry {
  kind: string;
  id: number;
}

/** What the state's sections hold, as far as these checks look at them. */
export interface StateSections {
  documents: Record<string, OwnedEntry>;
  attachments: Record<string, unknown>;
  lists?: Record<string, { id: number }>;
  pending: Record<string, { kind?: string }>;
  updating?: Record<string, { kind?: string }>;
}

const REBUILD =
  'fix the entry by hand, or move the state file away and rebuild it with `oc-sync pull --adopt`';

/**
 * The entries the schema cannot judge: keys that are no content path or sit in another kind's folder, one remote
 * document owned by two keys, attachment keys that are not `store:<identity>` (or `store:md5`, as older versions
 * wrote them). All are found, not just the first.
 */
export function checkStateEntries(state: StateSections, keys: JsonKeyMap): Finding[] {
  const at = (...path: string[]) => keys.positions.get(pathId(path)) ?? { line: 0, column: 0 };
  const findings: Finding[] = [];
  const sections = { documents: state.documents, pending: state.pending, updating: state.updating ?? {} };
  for (const [section, entries] of Object.entries(sections))
    for (const [key, entry] of Object.entries(entries)) {
      const problem = keyProblem(key, entry.kind);
      if (problem)
        findings.push({
          ...at(section, key),
          rule: 'state/invalid-key',
          message: `${section} key ${JSON.stringify(key)} cannot be a ${entry.kind ? labelOf(entry.kind) : 'document'} key: ${problem}`,
          hint: REBUILD,
        });
    }
  findings.push(...sharedOwners(state.documents, at));
  for (const key of Object.keys(state.attachments)) {
    // Only the start is judged: the identity (an MD5 in older states) is 32 hex digits either way.
    const [store, identity] = key.split(':');
    if (
      !(attachmentStores as readonly string[]).includes(store ?? '') ||
      !/^[0-9a-f]{32}$/.test(identity ?? '')
    )
      findings.push({
        ...at('attachments', key),
        rule: 'state/invalid-key',
        message: `attachments key ${JSON.stringify(key)} does not start with <store>:<identity> (${attachmentStores.join(' or ')}, 32 hex digits)`,
        hint: REBUILD,
      });
  }
  findings.push(...listEntryFindings(state.lists ?? {}, at));
  return findings;
}

/** `kind:code` of a list kind, and no item owned by two codes: either would make a plan change the wrong item. */
function listEntryFindings(
  lists: NonNullable<StateSections['lists']>,
  at: (...path: string[]) => Position,
): Finding[] {
  const findings: Finding[] = [];
  const ownerOf = new Map<string, string>();
  for (const [key, entry] of Object.entries(lists)) {
    const kind = key.slice(0, key.indexOf(':'));
    const code = key.slice(kind.length + 1);
    const def = (resources as Record<string, { list?: unknown; label?: string }>)[kind];
    if (!def?.list || !code) {
      findings.push({
        ...at('lists', key),
        rule: 'state/invalid-key',
        message: `lists key ${JSON.stringify(key)} is not <kind>:<code> of a tag, heading or FAQ category`,
        hint: REBUILD,
      });
      continue;
    }
    const other = ownerOf.get(`${kind}:${entry.id}`);
    if (other !== undefined)
      findings.push({
        ...at('lists', key),
        rule: 'state/shared-id',
        message: `lists ${JSON.stringify(other)} and ${JSON.stringify(key)} both own ${def.label} ${entry.id}`,
        hint: REBUILD,
      });
    else ownerOf.set(`${kind}:${entry.id}`, key);
  }
  return findings;
}

/** An entry without a kind is judged against the folder of whichever document kind its key starts with. */
function keyProblem(key: string, kind: string | undefined): string | undefined {
  const folders = Object.values(resources as Record<string, { content?: { folder: string } }>).flatMap(
    (def) => (def.content ? [def.content.folder] : []),
  );
  const folder =
    kind === undefined
      ? (folders.find((f) => key.startsWith(`${f}/`)) ?? folders.join('/, '))
      : (resources as Record<string, { content?: { folder: string } }>)[kind]?.content?.folder;
  return folder === undefined ? `${kind} is not a document kind` : documentKeyProblem(key, folder);
}

function labelOf(kind: string): string {
  return (resources as Record<string, { label?: string }>)[kind]?.label ?? kind;
}

/** Two keys owning one remote document: both would be planned and pulled as that document, one over the other. */
function sharedOwners(documents: StateSections['documents'], at: (...path: string[]) => Position): Finding[] {
  const ownerOf = new Map<string, string>();
  const findings: Finding[] = [];
  for (const [key, entry] of Object.entries(documents)) {
    const owned = `${entry.kind}:${entry.id}`;
    const other = ownerOf.get(owned);
    if (other === undefined) {
      ownerOf.set(owned, key);
      continue;
    }
    findings.push({
      ...at('documents', key),
      rule: 'state/shared-id',
      message: `documents ${JSON.stringify(other)} and ${JSON.stringify(key)} both own ${labelOf(entry.kind)} ${entry.id}`,
      hint: `keep the entry of the file that is that ${labelOf(entry.kind)} and delete the other (its file is then planned as a create), or move the state file away and rebuild it with \`oc-sync pull --adopt\``,
    });
  }
  return findings;
}

const ADOPT =
  'move the file away (git rm --cached it, or delete it) and run `oc-sync pull --adopt`: it rebuilds the state by matching the remote documents to content/; restoring one side of the merge would forget what the other side created';

/**
 * The state file's text as its schema's data, read strictly: a merge conflict, a syntax error, a key written twice,
 * a reserved key, a schema mismatch or an entry the checks above refuse is a `UserInputError` with every finding.
 */
export function parseStateText<Schema extends z.ZodType>(
  text: string,
  display: string,
  schema: Schema,
): z.output<Schema> {
  const fail = (message: string, findings: Finding[]): never => {
    throw new UserInputError(
      message,
      findings.map((f) => ({ file: display, severity: 'error', ...f })),
    );
  };
  const conflict = findConflictMarker(text);
  if (conflict)
    fail(`${display} holds an unresolved git merge conflict`, [
      {
        ...conflict,
        rule: 'state/merge-conflict',
        message:
          'git merge conflict marker: two runs recorded documents in this state, and git could not merge them',
        hint: ADOPT,
      },
    ]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`${display} is not valid JSON (${(error as Error).message})`, [
      {
        ...(syntaxErrorPosition(text, error as Error) ?? { line: 0, column: 0 }),
        rule: 'state/invalid-json',
        message: `the state file is damaged: ${(error as Error).message}`,
        hint: 'restore it from git (git checkout -- the file), or move it away and rebuild it with `oc-sync pull --adopt`',
      },
    ]);
  }
  // Entries are located; their fields only when the schema has something to say about one.
  const keys = scanJsonKeys(text, 2);
  const parsed = schema.safeParse(json);
  const shapeFindings = [
    ...keyFindings(keys),
    ...(parsed.success ? [] : schemaFindings(parsed.error, scanJsonKeys(text, LOCATED_DEPTH))),
  ];
  if (shapeFindings.length || !parsed.success) fail(`${display} is not an oc-sync state file`, shapeFindings);
  const data = parsed.data as z.output<Schema>;
  const entryFindings = checkStateEntries(data as StateSections, keys);
  if (entryFindings.length) fail(`${display} has entries oc-sync cannot use`, entryFindings);
  return data;
}

function keyFindings(keys: JsonKeyMap): Finding[] {
  return [
    ...keys.duplicates.map(
      ({ path, at, first }): Finding => ({
        ...at,
        rule: 'state/duplicate-key',
        message: `${path.map((p) => JSON.stringify(p)).join(' → ')} is written twice (first at line ${first.line}); JSON keeps only the last, so the other entry would be lost silently`,
        hint: 'keep the entry that is right and delete the other, or move the file away and rebuild it with `oc-sync pull --adopt`',
      }),
    ),
    ...keys.reserved.map(
      ({ path, at }): Finding => ({
        ...at,
        rule: 'state/reserved-key',
        message: `the key ${path.map((p) => JSON.stringify(p)).join(' → ')} is not allowed: it is reserved in JavaScript`,
        hint: REBUILD,
      }),
    ),
  ];
}

function schemaFindings(error: z.ZodError, keys: JsonKeyMap): Finding[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    let position: Position | undefined;
    for (let depth = Math.min(path.length, LOCATED_DEPTH); depth > 0 && !position; depth--)
      position = keys.positions.get(pathId(path.slice(0, depth)));
    return {
      ...(position ?? { line: 0, column: 0 }),
      rule: 'state/invalid',
      message: `${path.join('.') || 'the file'}: ${issue.message}`,
      hint: 'restore it from git, or move it away and rebuild it with `oc-sync pull --adopt`',
    };
  });
}
