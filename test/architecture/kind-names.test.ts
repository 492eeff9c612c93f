import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { resources } from '../../src/resources/registry.js';
import { nodesOf, sourceFiles } from './source-files.js';

/**
 * Issue 17: adding a resource kind is one file in src/resources/ plus one registry line. Code elsewhere iterates the
 * registry instead of naming kinds: a kind's name as a string (`kind === 'template'`, `case 'faq':`) or as the key
 * of a per-kind map (`{ faq: …, notice: … }`) outside src/resources/ and src/emulator/models/ is counted here.
 *
 * A word that is a kind's name but someone else's (mdast's node type `heading`, GitHub's annotation level `notice`)
 * is not a kind: each such place is named in NOT_KINDS, with why, and is not counted. An entry must match exactly
 * one place, so one that no longer matches (the code moved or changed) fails instead of silently allowing more.
 *
 * CEILING is today's count of real kind names, to come down as the engine learns to iterate; it may never go up.
 * Lower it when the count drops (the test says so), so a place that names a kind again is caught. It is 0: every
 * place outside the owners iterates the registry.
 */
const CEILING = 0;

interface NotAKind {
  /** Path below src/. */
  file: string;
  /** A part of the line the name is on, the name included: which place is meant. */
  text: string;
  /** Whose word it is. */
  why: string;
}

/** Places that spell a kind's name without meaning the kind, each named. */
const NOT_KINDS: readonly NotAKind[] = [
  {
    file: 'content/markdown.ts',
    text: `node.type === 'heading'`,
    why: "mdast's node type of a Markdown heading (`# Title`)",
  },
];

const KIND_NAMES = new Set(Object.keys(resources));
const OWNERS = ['resources/', 'emulator/models/'];

interface Place {
  file: string;
  line: number;
  /** The name as written (`'faq'`, `faq`). */
  name: string;
  /** The source line it is on. */
  lineText: string;
}

function kindNamesOutsideResources(): Place[] {
  const found: Place[] = [];
  for (const { file, tree } of sourceFiles()) {
    if (OWNERS.some((owner) => file.startsWith(owner))) continue;
    for (const node of nodesOf(tree)) {
      const named =
        ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
          !ts.isImportDeclaration(node.parent) &&
          !ts.isExportDeclaration(node.parent) &&
          KIND_NAMES.has(node.text)) ||
        (ts.isIdentifier(node) &&
          (ts.isPropertyAssignment(node.parent) || ts.isPropertySignature(node.parent)) &&
          node.parent.name === node &&
          KIND_NAMES.has(node.text));
      if (!named) continue;
      const line = tree.getLineAndCharacterOfPosition(node.getStart()).line;
      const lineText = tree.text.split('\n')[line] ?? '';
      found.push({ file, line: line + 1, name: node.getText(), lineText });
    }
  }
  return found;
}

const places = kindNamesOutsideResources();
const means = (entry: NotAKind, place: Place) =>
  place.file === entry.file && place.lineText.includes(entry.text) && entry.text.includes(place.name);
const describePlaces = (list: readonly Place[]) => list.map((p) => `${p.file}:${p.line} ${p.name}`);

describe('kind names (issue 17)', () => {
  it('every place named as not a kind is exactly one place that spells a kind name', () => {
    const stale = NOT_KINDS.filter((entry) => places.filter((place) => means(entry, place)).length !== 1).map(
      (entry) => `${entry.file}: ${entry.text} (${entry.why})`,
    );
    expect(stale, `NOT_KINDS entries matching no place, or several:\n  ${stale.join('\n  ')}`).toEqual([]);
  });

  it('names of resource kinds outside src/resources/ do not grow', () => {
    const found = describePlaces(places.filter((place) => !NOT_KINDS.some((entry) => means(entry, place))));
    expect(
      found.length,
      `kind names outside src/resources/ (${found.length}):\n  ${found.join('\n  ')}`,
    ).toBeLessThanOrEqual(CEILING);
    expect(found.length, `the count dropped to ${found.length}: lower CEILING in this test`).toBe(CEILING);
  });
});
