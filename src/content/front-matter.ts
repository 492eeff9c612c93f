import matter from 'gray-matter';
import type { RuleId } from '../diagnostics/rules.js';
import {
  locate,
  parseYamlSource,
  type SourcePosition,
  toPlainValue,
  type YamlSource,
} from '../source/yaml-source.js';

/**
 * Splits a Markdown file into front matter and body with gray-matter, with every executable engine turned off:
 * front matter is YAML (or JSON), parsed by `yaml` so each key keeps its line and column.
 */

export interface FrontMatterProblem {
  rule: RuleId;
  message: string;
  hint: string;
  position: SourcePosition;
}

export interface ParsedFrontMatter {
  data: Record<string, unknown>;
  /** The YAML tree, whose positions are lines of the whole file. */
  source?: YamlSource;
  body: string;
  /** The 1-based line of the file where the body starts. */
  bodyLine: number;
  problems: FrontMatterProblem[];
}

const refuse = (language: string) => () => {
  throw new Error(`front matter in ${language} is not accepted: it would run code; use YAML`);
};

export function parseFrontMatter(text: string): ParsedFrontMatter {
  const problems: FrontMatterProblem[] = [];
  let source: YamlSource | undefined;
  const parseYaml = (raw: string) => {
    // With CRLF line ends gray-matter leaves the CR of the last line before the closing ---; YAML reads a lone CR
    // after a quoted value as a syntax error.
    const parsed = parseYamlSource(raw.endsWith('\r') ? raw.slice(0, -1) : raw, 'content');
    source = parsed.source;
    for (const problem of parsed.problems) problems.push(problem);
    if (parsed.problems.length) return {};
    const plain = toPlainValue(parsed.source, 'content');
    if (plain.problem) {
      problems.push(plain.problem);
      return {};
    }
    return plain.value ?? {};
  };

  if (/^---[^\n]*\n/.test(text) && !/\n---[ \t]*(\r?\n|$)/.test(text.slice(3))) {
    return {
      data: {},
      body: text,
      bodyLine: 1,
      problems: [
        {
          rule: 'content/front-matter-unclosed',
          message: 'front matter starts with --- on line 1 but is never closed',
          hint: 'add a line with only --- after the front matter',
          position: { line: 1, column: 1 },
        },
      ],
    };
  }

  let file: matter.GrayMatterFile<string>;
  try {
    file = matter(text, {
      language: 'yaml',
      engines: {
        yaml: parseYaml,
        json: parseYaml,
        js: refuse('JavaScript'),
        javascript: refuse('JavaScript'),
        coffee: refuse('CoffeeScript'),
        coffeescript: refuse('CoffeeScript'),
      },
    });
  } catch (error) {
    return {
      data: {},
      body: text,
      bodyLine: 1,
      problems: [
        {
          rule: 'content/front-matter-language',
          message: (error as Error).message.replace(/^SyntaxError: /, ''),
          hint: 'start the file with a line of only --- and write the front matter in YAML',
          position: { line: 1, column: 1 },
        },
      ],
    };
  }

  const data = file.data as unknown;
  const body = file.content;
  const bodyLine = lineCount(text.slice(0, text.length - body.length)) + 1;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push({
      rule: 'content/invalid-front-matter',
      message: 'front matter must be a set of `key: value` lines',
      hint: 'write front matter as YAML keys, e.g. `title: Refunds`',
      position: { line: 2, column: 1 },
    });
    return { data: {}, source, body, bodyLine, problems };
  }
  return { data: data as Record<string, unknown>, source, body, bodyLine, problems };
}

/** Where a front-matter key (or its value) is written; line 1 when there is no front matter. */
export function frontMatterPosition(
  parsed: Pick<ParsedFrontMatter, 'source'>,
  path: readonly PropertyKey[],
  prefer: 'key' | 'value' = 'value',
): SourcePosition {
  return parsed.source ? locate(parsed.source, path, prefer) : { line: 1, column: 1 };
}

function lineCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
