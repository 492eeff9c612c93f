import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import type { YamlRule, YamlRulePrefix } from '../diagnostics/rules.js';
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
  rule: YamlRule;
  message: string;
  hint: string;
  position: SourcePosition;
}

/** Deeper YAML is refused before anything walks it: no real config, front matter or list comes close. */
export const MAX_YAML_DEPTH = 64;
/** How many alias uses (`*name`) a file may expand: stops "billion laughs" documents. */
export const MAX_YAML_ALIASES = 100;

/** `rulePrefix` names the kind of file in rule ids: `config`, `content`. */
export function parseYamlSource(
  text: string,
  rulePrefix: YamlRulePrefix = 'config',
): { source: YamlSource; problems: YamlProblem[] } {
  // Lines are counted from the text, not by the parser: after some syntax errors the parser's own count misses
  // newlines, and a position would point into the wrong line.
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  // Duplicate keys are found by the walk below, which can name the key path; pretty errors would quote the line,
  // and that line may hold a secret.
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  } catch {
    // The parser recurses per nesting level; it reports most stack overflows itself, this is the rest.
    const source = { doc: parseDocument(''), lineCounter };
    return { source, problems: [tooDeep(rulePrefix, { line: 1, column: 1 })] };
  }
  const source = { doc, lineCounter };
  const problems: YamlProblem[] = doc.errors.map((error) =>
    error instanceof Error && /call stack/i.test(error.message)
      ? tooDeep(rulePrefix, offsetPosition(source, error.pos[0]))
      : {
          rule: `${rulePrefix}/yaml-syntax`,
          // The first line only: later lines of some messages quote the source.
          message:
            error.code === 'MULTIPLE_DOCS'
              ? 'YAML syntax error: the file holds more than one document (a --- line); it must be one'
              : `YAML syntax error: ${error.message.split('\n')[0]}`,
          hint: 'fix the YAML syntax at this position; nothing else in the file is checked until it parses',
          position: offsetPosition(source, error.pos[0]),
        },
  );
  // A stack overflow is reported once per level the parser unwound: the first says it all.
  const firstDeep = problems.findIndex((p) => p.rule.endsWith('/yaml-too-deep'));
  if (firstDeep !== -1) return { source, problems: [problems[firstDeep] as YamlProblem] };
  if (problems.length === 0) {
    const deep = deepestNode(doc.contents);
    if (deep) {
      problems.push(tooDeep(rulePrefix, nodeStart(source, deep) ?? { line: 1, column: 1 }));
      return { source, problems };
    }
  }
  collectDuplicateKeys(source, doc.contents, [], problems, rulePrefix);
  return { source, problems };
}

function tooDeep(rulePrefix: YamlRulePrefix, position: SourcePosition): YamlProblem {
  return {
    rule: `${rulePrefix}/yaml-too-deep`,
    message: `the YAML is nested more than ${MAX_YAML_DEPTH} levels deep`,
    hint: 'flatten it: no setting, front matter or list needs this many levels',
    position,
  };
}

/** The first node nested deeper than MAX_YAML_DEPTH, found without recursion. */
function deepestNode(root: unknown): Node | undefined {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_YAML_DEPTH) return node as Node;
    for (const item of node.items as unknown[]) {
      if (isMap(node)) {
        const pair = item as { key: unknown; value: unknown };
        stack.push([pair.key, depth + 1], [pair.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/**
 * The plain value of a parsed file. Aliases are expanded here, so this is where a "billion laughs" file (aliases
 * of aliases, exponentially many nodes) and an alias used before its anchor are stopped, at the alias.
 */
export function toPlainValue(
  source: YamlSource,
  rulePrefix: YamlRulePrefix = 'config',
): { value: unknown; problem?: undefined } | { value?: undefined; problem: YamlProblem } {
  try {
    // Keys like __proto__ become own properties (the library defines them), never the prototype.
    return { value: source.doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    const message = (error as Error).message;
    const aliases = findAliases(source);
    const unresolved = aliases.find((alias) => alias.resolve(source.doc) === undefined);
    if (unresolved || /unresolved alias/i.test(message)) {
      const at = unresolved ?? aliases[0];
      return {
        problem: {
          rule: `${rulePrefix}/yaml-alias`,
          message: `YAML alias *${at?.source ?? ''} has no anchor &${at?.source ?? ''} before it`,
          hint: 'define the anchor (&name) before the alias (*name) uses it',
          position: nodeStart(source, at) ?? { line: 1, column: 1 },
        },
      };
    }
    if (/alias count|resource exhaustion/i.test(message)) {
      return {
        problem: {
          rule: `${rulePrefix}/yaml-alias`,
          message: `YAML aliases expand to too many values (more than ${MAX_YAML_ALIASES} uses of *aliases once expanded)`,
          hint: 'write the values out instead of nesting aliases of aliases',
          position: nodeStart(source, aliases[0]) ?? { line: 1, column: 1 },
        },
      };
    }
    return {
      problem: {
        rule: `${rulePrefix}/yaml-syntax`,
        message: `YAML error: ${message.split('\n')[0]}`,
        hint: 'check the anchors (&name), aliases (*name) and merge keys (<<) in the file',
        position: nodeStart(source, aliases[0]) ?? { line: 1, column: 1 },
      },
    };
  }
}

function findAliases(source: YamlSource): Alias[] {
  const found: Alias[] = [];
  const stack: unknown[] = [source.doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) found.push(node);
    else if (isMap(node)) for (const pair of node.items) stack.push(pair.value, pair.key);
    else if (isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return found.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
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
  rulePrefix: YamlRulePrefix,
): void {
  if (isMap(node)) {
    const firstLine = new Map<string, number>();
    for (const pair of node.items) {
      const key = scalarKey(pair.key);
      const position = nodeStart(source, pair.key);
      if (key === '__proto__' && position) {
        // Harmless as parsed (an own property), but every map that takes free keys would silently drop it.
        problems.push({
          rule: `${rulePrefix}/reserved-key`,
          message: `the key ${formatKeyPath([...path, key])} is not allowed: __proto__ is reserved in JavaScript`,
          hint: 'remove it, or rename it',
          position,
        });
      }
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
