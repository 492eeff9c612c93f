import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { formatKeyPath } from './key-path.js';

/**
 * YAML text (the config, front matter, the content lists) as a syntax tree, kept next to the plain value so every problem can point at the line and
 * column of the key or value it is about.
 */

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface YamlSource {
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export interface YamlProblem {
  /** `<prefix>/yaml-syntax` or `<prefix>/duplicate-key`, the prefix naming the kind of file. */
  rule: string;
  message: string;
  hint: string;
  position: SourcePosition;
}

/** `rulePrefix` names the kind of file in rule ids: `config`, `content`. */
export function parseYamlSource(
  text: string,
  rulePrefix = 'config',
): { source: YamlSource; problems: YamlProblem[] } {
  const lineCounter = new LineCounter();
  // Duplicate keys are found by the walk below, which can name the key path; pretty errors would quote the line,
  // and that line may hold a secret.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const source = { doc, lineCounter };
  const problems: YamlProblem[] = doc.errors.map((error) => ({
    rule: `${rulePrefix}/yaml-syntax`,
    // The first line only: later lines of some messages quote the source.
    message:
      error.code === 'MULTIPLE_DOCS'
        ? 'YAML syntax error: the file holds more than one document (a --- line); it must be one'
        : `YAML syntax error: ${error.message.split('\n')[0]}`,
    hint: 'fix the YAML syntax at this position; nothing else in the file is checked until it parses',
    position: offsetPosition(source, error.pos[0]),
  }));
  collectDuplicateKeys(source, doc.contents, [], problems, rulePrefix);
  return { source, problems };
}

export function offsetPosition(source: YamlSource, offset: number): SourcePosition {
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

function nodeStart(source: YamlSource, node: unknown): SourcePosition | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? offsetPosition(source, range[0]) : undefined;
}

/** An empty value (`key:` with nothing after it) has no place of its own; point at its key instead. */
function hasText(node: unknown): boolean {
  const range = (node as Node | null | undefined)?.range;
  return range !== undefined && range !== null && range[1] > range[0];
}

function scalarKey(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function resolveAlias(source: YamlSource, node: unknown): unknown {
  return isAlias(node) ? node.resolve(source.doc) : node;
}

function collectDuplicateKeys(
  source: YamlSource,
  node: unknown,
  path: PropertyKey[],
  problems: YamlProblem[],
  rulePrefix: string,
): void {
  if (isMap(node)) {
    const firstLine = new Map<string, number>();
    for (const pair of node.items) {
      const key = scalarKey(pair.key);
      const position = nodeStart(source, pair.key);
      if (key !== undefined && position) {
        const first = firstLine.get(key);
        if (first === undefined) firstLine.set(key, position.line);
        else {
          problems.push({
            rule: `${rulePrefix}/duplicate-key`,
            message: `${formatKeyPath([...path, key])} is set twice (first on line ${first})`,
            hint: 'keep one of them: YAML would silently use the last one',
            position,
          });
        }
      }
      collectDuplicateKeys(
        source,
        pair.value,
        key === undefined ? path : [...path, key],
        problems,
        rulePrefix,
      );
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      collectDuplicateKeys(source, item, [...path, index], problems, rulePrefix);
    });
  }
}

/**
 * Where the thing at `path` is written: its value (or, with `prefer: 'key'`, its key). When the path does not
 * exist in the file — a missing key, a default — the nearest written ancestor's key stands in.
 */
export function locate(
  source: YamlSource,
  path: readonly PropertyKey[],
  prefer: 'key' | 'value',
): SourcePosition {
  let node: unknown = resolveAlias(source, source.doc.contents);
  let keyNode: unknown;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => scalarKey(item.key) === String(segment));
      if (!pair) return nodeStart(source, keyNode) ?? { line: 1, column: 1 };
      keyNode = pair.key;
      node = resolveAlias(source, pair.value);
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = resolveAlias(source, node.items[segment]);
      keyNode = node;
    } else {
      return nodeStart(source, keyNode) ?? { line: 1, column: 1 };
    }
  }
  const value = prefer === 'value' && hasText(node) ? nodeStart(source, node) : undefined;
  return value ?? nodeStart(source, keyNode) ?? nodeStart(source, node) ?? { line: 1, column: 1 };
}

/** The position of every key in the file, by key path (`environments.alpha.serviceKey`). */
export function keyPositions(source: YamlSource): Record<string, SourcePosition> {
  const positions: Record<string, SourcePosition> = {};
  const visit = (node: unknown, path: PropertyKey[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = scalarKey(pair.key);
        const position = nodeStart(source, pair.key);
        if (key === undefined || !position) continue;
        const formatted = formatKeyPath([...path, key]);
        // The first occurrence wins, matching the "first on line N" of duplicate-key messages.
        positions[formatted] ??= position;
        visit(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const position = nodeStart(source, item);
        if (position) positions[formatKeyPath([...path, index])] ??= position;
        visit(item, [...path, index]);
      });
    }
  };
  visit(source.doc.contents, []);
  return positions;
}
