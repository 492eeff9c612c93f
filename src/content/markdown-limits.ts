import type { Html, Root as MdastRoot } from 'mdast';

/**
 * Limits on Markdown structure (README "HTML policy"). The Markdown parser and the HTML tree builders recurse per
 * nesting level, and a few constructs (containers on one line, nested emphasis, nested brackets) cost time that
 * grows with the square of their count; a crafted 20 KB file would otherwise run for minutes or overflow the stack.
 * Far past anything a help-center article holds, and checked on the text before parsing where parsing is the cost.
 */

export const MAX_MARKDOWN_DEPTH = 100;
/** Nesting of block containers a single line may open: `> > - 1.` … , indentation counted at 2 columns a level. */
const MAX_LINE_CONTAINERS = 100;
/** Per paragraph (run of non-blank lines). */
const MAX_BRACKETS = 5000;
const MAX_DELIMITER_RUNS = 5000;
/** A run of `*`, `_` or `~` touching text: each pair of characters can open a level of emphasis. */
const MAX_DELIMITER_RUN = 256;
/** Open raw HTML elements at once. */
export const MAX_HTML_DEPTH = 256;

export interface LimitProblem {
  rule: 'content/too-deep' | 'content/too-complex';
  message: string;
  hint: string;
  /** 1-based, in the body. */
  line: number;
  column: number;
}

const splitHint = 'flatten the structure or split the text; if it came from a paste, clean it up';

/** The first limit a body breaks, checked on its text. */
export function scanMarkdownLimits(body: string): LimitProblem | undefined {
  const lines = body.split('\n');
  let brackets = 0;
  let runs = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const lineNo = index + 1;
    if (line.trim() === '') {
      brackets = 0;
      runs = 0;
      continue;
    }
    const containers = lineContainers(line);
    if (containers.depth > MAX_LINE_CONTAINERS) {
      return {
        rule: 'content/too-deep',
        message: `this line opens more than ${MAX_LINE_CONTAINERS} nested blocks (quotes, lists or indentation levels)`,
        hint: splitHint,
        line: lineNo,
        column: containers.column,
      };
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '[') {
        if (++brackets > MAX_BRACKETS) {
          return {
            rule: 'content/too-complex',
            message: `the paragraph holds more than ${MAX_BRACKETS} [ brackets`,
            hint: splitHint,
            line: lineNo,
            column: i + 1,
          };
        }
      } else if (c === '*' || c === '_' || c === '~') {
        let end = i + 1;
        while (line[end] === c) end++;
        const touching = /\S/.test(line[i - 1] ?? ' ') || /\S/.test(line[end] ?? ' ');
        if (end - i > MAX_DELIMITER_RUN && touching) {
          return {
            rule: 'content/too-deep',
            message: `a run of ${end - i} ${c} characters next to text would nest emphasis ${Math.floor((end - i) / 2)} levels deep`,
            hint: `write at most ${MAX_DELIMITER_RUN} in a row, or escape them (\\${c})`,
            line: lineNo,
            column: i + 1,
          };
        }
        if (++runs > MAX_DELIMITER_RUNS) {
          return {
            rule: 'content/too-complex',
            message: `the paragraph holds more than ${MAX_DELIMITER_RUNS} emphasis markers (* _ ~)`,
            hint: splitHint,
            line: lineNo,
            column: i + 1,
          };
        }
        i = end - 1;
      }
    }
  }
  return undefined;
}

/** How deep the containers at the start of a line could nest, and where the limit is crossed. */
function lineContainers(line: string): { depth: number; column: number } {
  let depth = 0;
  let width = 0;
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    // Indentation before the first marker nests by columns; spaces after a marker only separate.
    if (c === ' ') width += depth === 0 ? 1 : 0;
    else if (c === '\t') width += depth === 0 ? 4 - (width % 4) : 0;
    else if (c === '>') depth++;
    else if ((c === '-' || c === '+' || c === '*') && /[ \t]/.test(line[i + 1] ?? '')) depth++;
    else {
      const ordered = /^\d{1,9}[.)][ \t]/.exec(line.slice(i, i + 12));
      if (!ordered) break;
      depth++;
      i += ordered[0].length - 2;
    }
    i++;
    if (depth + Math.floor(width / 2) > MAX_LINE_CONTAINERS)
      return { depth: MAX_LINE_CONTAINERS + 1, column: i };
  }
  return { depth: depth + Math.floor(width / 2), column: i };
}

const VOID = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));
// Elements whose end tag may be left out: HTML parsers close them, so they do not pile up.
const OPTIONAL_END = new Set(
  'p li dt dd tr td th thead tbody tfoot colgroup caption option optgroup rt rp rb rtc html head body'.split(
    ' ',
  ),
);
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)\b(?:[^<>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

/** The first place the parsed tree is nested too deeply: as Markdown, or by raw HTML elements left open. */
export function checkTreeDepth(tree: MdastRoot): LimitProblem | undefined {
  const stack: [unknown, number][] = [[tree, 0]];
  const html: Html[] = [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [
      { type: string; children?: unknown[]; position?: Html['position'] },
      number,
    ];
    if (depth > MAX_MARKDOWN_DEPTH) {
      return {
        rule: 'content/too-deep',
        message: `the Markdown is nested more than ${MAX_MARKDOWN_DEPTH} levels deep`,
        hint: splitHint,
        line: node.position?.start.line ?? 1,
        column: node.position?.start.column ?? 1,
      };
    }
    if (node.type === 'html') html.push(node as Html);
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
  }
  let open = 0;
  for (const node of html) {
    for (const match of node.value.matchAll(TAG)) {
      const name = (match[2] as string).toLowerCase();
      if (VOID.has(name) || OPTIONAL_END.has(name) || match[3]) continue;
      open = match[1] ? Math.max(0, open - 1) : open + 1;
      if (open > MAX_HTML_DEPTH) {
        return {
          rule: 'content/too-deep',
          message: `raw HTML here has more than ${MAX_HTML_DEPTH} elements open at once`,
          hint: 'close the elements you open, or flatten the HTML',
          line: node.position?.start.line ?? 1,
          column: node.position?.start.column ?? 1,
        };
      }
    }
  }
  return undefined;
}
