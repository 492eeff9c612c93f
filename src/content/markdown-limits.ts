import type { Html, Root as MdastRoot } from 'mdast';

/**
 * Limits on Markdown structure (README "HTML policy"). The Markdown parser and the HTML tree builders recurse per
 * nesting level, and a few constructs (containers on one line, nested emphasis, nested brackets) cost time that
 * grows with the square of their count; a crafted 20 KB file would otherwise run for minutes or overflow the stack.
 * Far past anything a help-center article holds, and checked on the text before parsing where parsing is the cost.
 */

export const MAX_MARKDOWN_DEPTH = 100;
/** Per paragraph (run of non-blank lines). */
const MAX_BRACKETS = 5000;
const MAX_DELIMITER_RUNS = 5000;
/** A run of `*`, `_` or `~` touching text: each pair of characters can open a level of emphasis. */
const MAX_DELIMITER_RUN = 256;
/** Open raw HTML elements at once. */
export const MAX_HTML_DEPTH = 256;

/**
 * Whole-document budgets, measured (issue 14): the parser's cost grows with these counts, not with the bytes, and
 * a file at the size limit made only of them ran for minutes and took gigabytes. Each budget is about a second of
 * parsing and a couple of hundred MB at most; a help-center article uses a small fraction of it.
 * - quote and list markers over all lines, a list item weighing as five quotes (it costs the parser that much more):
 *   600,000 `> x` lines took 40 s and 3 GB, 40,000 `- x` lines 9 s and 900 MB;
 * - table cells over all tables (a 500-column table of 2 MB: 90 s and 4 GB);
 * - bracket nesting work: each `]` costs the `[` still open before it in its paragraph (`[a`×1000 + `](u)`×1000 in
 *   every paragraph: 100 s).
 */
export const MAX_DOCUMENT_CONTAINERS = 50_000;
const LIST_ITEM_WEIGHT = 5;
export const MAX_TABLE_CELLS = 10_000;
export const MAX_BRACKET_WORK = 4_000_000;
/**
 * Lines of one paragraph (no blank line between them): the parser's time grows with their square — 40,000 lines
 * took 6 s, 130,000 lines (a 2 MB file) nearly a minute. Fenced code and tables are not paragraphs and stay fast.
 */
export const MAX_PARAGRAPH_LINES = 5_000;

export interface LimitProblem {
  rule: 'content/too-deep' | 'content/too-complex';
  message: string;
  hint: string;
  /** 1-based, in the body. */
  line: number;
  column: number;
}

const splitHint = 'flatten the structure or split the text; if it came from a paste, clean it up';
const splitDocumentHint =
  'split the document into several, or simplify it; if it came from a paste, clean it up';

/** What the scan has counted so far: per paragraph (reset at a blank line) and for the whole document. */
interface ScanCounts {
  brackets: number;
  openBrackets: number;
  runs: number;
  inTable: boolean;
  /** The fence (``` or ~~~ run) of the code block the line is in. */
  fence: string | undefined;
  paragraphLines: number;
  containers: number;
  cells: number;
  bracketWork: number;
}

/** The first limit a body breaks, checked on its text in one pass (linear: it must cost nothing next to parsing). */
export function scanMarkdownLimits(body: string): LimitProblem | undefined {
  const lines = body.split('\n');
  const counts: ScanCounts = {
    brackets: 0,
    openBrackets: 0,
    runs: 0,
    inTable: false,
    fence: undefined,
    paragraphLines: 0,
    containers: 0,
    cells: 0,
    bracketWork: 0,
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') {
      counts.brackets = 0;
      counts.openBrackets = 0;
      counts.runs = 0;
      counts.inTable = false;
      counts.paragraphLines = 0;
      continue;
    }
    const problem =
      checkLineNesting(line, counts) ??
      checkTableCells(line, lines[index - 1], counts) ??
      checkParagraphLength(line, counts) ??
      scanInline(line, counts);
    if (problem) return { ...problem, line: index + 1 };
  }
  return undefined;
}

type LineProblem = Omit<LimitProblem, 'line'>;

/** The tree depth one line opens (a list item is two levels: list and item), and the document's marker budget. */
function checkLineNesting(line: string, counts: ScanCounts): LineProblem | undefined {
  const containers = lineContainers(line);
  if (containers.depth > MAX_MARKDOWN_DEPTH) {
    return {
      rule: 'content/too-deep',
      message: `this line nests more than ${MAX_MARKDOWN_DEPTH} levels deep (a quote counts one level, a list item two, two columns of indentation one)`,
      hint: splitHint,
      column: containers.column,
    };
  }
  counts.containers += containers.quotes + LIST_ITEM_WEIGHT * containers.items;
  if (counts.containers > MAX_DOCUMENT_CONTAINERS) {
    return {
      rule: 'content/too-complex',
      message: `the document has too many quotes and list items at the start of its lines (a list item counts ${LIST_ITEM_WEIGHT}, a > one; more than ${MAX_DOCUMENT_CONTAINERS} in all); the Markdown parser would take minutes`,
      hint: splitDocumentHint,
      column: 1,
    };
  }
  return undefined;
}

const DELIMITER_ROW = /^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** Table cells: a table starts at a delimiter row under a row with `|`, and runs to the next blank line. */
function checkTableCells(
  line: string,
  previous: string | undefined,
  counts: ScanCounts,
): LineProblem | undefined {
  let cells = 0;
  if (!counts.inTable && previous?.includes('|') && line.includes('-') && DELIMITER_ROW.test(line)) {
    counts.inTable = true;
    cells += cellsOf(previous);
  }
  if (counts.inTable) cells += cellsOf(line);
  counts.cells += cells;
  if (counts.cells > MAX_TABLE_CELLS) {
    return {
      rule: 'content/too-complex',
      message: `the document's tables have more than ${MAX_TABLE_CELLS} cells in total; the Markdown parser would take minutes`,
      hint: 'split the table (or the document), or attach it as a spreadsheet',
      column: 1,
    };
  }
  return undefined;
}

/** Cells of a row: one more than its pipes, less the outer pipes a row may start and end with. */
const LIST_ITEM = /^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const FENCE = /^[ \t>]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)*(`{3,}|~{3,})/;

/** Lines of a paragraph, counted outside fenced code and tables. */
function checkParagraphLength(line: string, counts: ScanCounts): LineProblem | undefined {
  const fence = FENCE.exec(line)?.[1];
  if (counts.fence !== undefined) {
    if (fence?.[0] === counts.fence[0] && fence.length >= counts.fence.length) counts.fence = undefined;
    return undefined;
  }
  if (fence) {
    counts.fence = fence;
    counts.paragraphLines = 0;
    return undefined;
  }
  if (counts.inTable) return undefined;
  // A list item starts a paragraph of its own; a line of only `>` ends one.
  if (LIST_ITEM.test(line) || /^[ \t>]*$/.test(line)) counts.paragraphLines = 0;
  if (++counts.paragraphLines > MAX_PARAGRAPH_LINES) {
    return {
      rule: 'content/too-complex',
      message: `this paragraph runs on for more than ${MAX_PARAGRAPH_LINES} lines without a blank line; the Markdown parser's time grows with the square of that`,
      hint: 'put blank lines between paragraphs, or split the document',
      column: 1,
    };
  }
  return undefined;
}

function cellsOf(row: string): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i++) if (row[i] === '|') pipes++;
  const trimmed = row.trim();
  return (
    pipes + 1 - (trimmed.startsWith('|') ? 1 : 0) - (trimmed.endsWith('|') && trimmed.length > 1 ? 1 : 0)
  );
}

/** Brackets and emphasis markers of one line, counted into its paragraph and the document. */
function scanInline(line: string, counts: ScanCounts): LineProblem | undefined {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '[') {
      counts.openBrackets++;
      if (++counts.brackets > MAX_BRACKETS) {
        return {
          rule: 'content/too-complex',
          message: `the paragraph holds more than ${MAX_BRACKETS} [ brackets`,
          hint: splitHint,
          column: i + 1,
        };
      }
    } else if (c === ']' && counts.openBrackets > 0) {
      // Closing a bracket makes the parser look back over every one still open in the paragraph.
      counts.bracketWork += counts.openBrackets--;
      if (counts.bracketWork > MAX_BRACKET_WORK) {
        return {
          rule: 'content/too-complex',
          message: `the document nests [ brackets too much: closing them would cost the parser more than ${MAX_BRACKET_WORK} steps`,
          hint: 'close each [ before opening the next, or escape literal brackets (\\[ and \\])',
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
          column: i + 1,
        };
      }
      if (++counts.runs > MAX_DELIMITER_RUNS) {
        return {
          rule: 'content/too-complex',
          message: `the paragraph holds more than ${MAX_DELIMITER_RUNS} emphasis markers (* _ ~)`,
          hint: splitHint,
          column: i + 1,
        };
      }
      i = end - 1;
    }
  }
  return undefined;
}

/**
 * How deep the tree under a line's containers would be, where it crosses the limit, and how many markers it has.
 * Text after the markers adds two levels (paragraph and text), as the tree check counts them.
 */
function lineContainers(line: string): { depth: number; column: number; quotes: number; items: number } {
  let levels = 0;
  let quotes = 0;
  let items = 0;
  let width = 0;
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    // Indentation before the first marker nests by columns; spaces after a marker only separate.
    const markers = quotes + items;
    if (c === ' ') width += markers === 0 ? 1 : 0;
    else if (c === '\t') width += markers === 0 ? 4 - (width % 4) : 0;
    else if (c === '>') {
      levels++;
      quotes++;
    } else if ((c === '-' || c === '+' || c === '*') && /[ \t]/.test(line[i + 1] ?? '')) {
      levels += 2;
      items++;
    } else {
      const ordered = /^\d{1,9}[.)][ \t]/.exec(line.slice(i, i + 12));
      if (!ordered) break;
      levels += 2;
      items++;
      i += ordered[0].length - 2;
    }
    i++;
    if (levels + Math.floor(width / 2) > MAX_MARKDOWN_DEPTH)
      return { depth: MAX_MARKDOWN_DEPTH + 1, column: i, quotes, items };
  }
  const content = i < line.length ? 2 : 0;
  const depth = levels + Math.floor(width / 2) + content;
  return { depth, column: depth > MAX_MARKDOWN_DEPTH ? i + 1 : i, quotes, items };
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
