import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse-config.js';
import { parseFrontMatter } from '../../src/content/front-matter.js';
import { parseList } from '../../src/content/lists.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { listKinds } from '../../src/resources/registry.js';
import { expectPositioned, expectPrototypeUntouched, markdownFile, RUNS, yamlText } from './arbitraries.js';

/**
 * Property: front matter, the YAML lists and the config, whatever their text, end in a value or in positioned
 * diagnostics — never a throw, never a polluted prototype.
 */

const context = { file: 'content/faq/_categories.yaml', languages: ['ko', 'en'] };

describe('YAML input never crashes (property)', () => {
  it('front matter: a value and positioned problems', () => {
    fc.assert(
      fc.property(markdownFile, (text) => {
        const parsed = parseFrontMatter(text);
        expect(typeof parsed.data).toBe('object');
        expect(Array.isArray(parsed.data)).toBe(false);
        expect(parsed.bodyLine).toBeGreaterThanOrEqual(1);
        const diagnostics: Diagnostic[] = parsed.problems.map((p) => ({
          file: 'a.md',
          ...p.position,
          severity: 'error',
          rule: p.rule,
          message: p.message,
          hint: p.hint,
        }));
        expectPositioned(diagnostics, { 'a.md': text });
        expectPrototypeUntouched();
      }),
      { numRuns: RUNS },
    );
  });

  it('_categories.yaml, _headings.yaml, _tags.yaml: items or positioned diagnostics', () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        for (const kind of listKinds) {
          const result = parseList(kind, text, context);
          expectPositioned(result.diagnostics, { [context.file]: text });
          // An item is only ever produced from a list that validated.
          for (const item of result.items) expect(typeof item.code).toBe('string');
        }
        expectPrototypeUntouched();
      }),
      { numRuns: RUNS },
    );
  });

  it('sync.config.yaml: a config or positioned diagnostics, never both missing', () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        const parsed = parseConfigText(text, { file: 'sync.config.yaml', env: {} });
        expectPositioned(parsed.diagnostics, { 'sync.config.yaml': text });
        const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
        expect(parsed.config === undefined).toBe(errors.length > 0);
        expectPrototypeUntouched();
      }),
      { numRuns: RUNS },
    );
  });
});
