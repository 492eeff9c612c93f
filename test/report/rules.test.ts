import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatRuleTable, RULES } from '../../src/diagnostics/rules.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

/** The README's rule list is the catalogue's (`UPDATE_README=1` rewrites it). */
describe('rule catalogue (issue 17)', () => {
  it('the README lists every rule of the catalogue, as the catalogue says it', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, 'README.md has the rules markers').toBeGreaterThan(0);
    const listed = readme.slice(start + START.length, end).trim();
    const table = formatRuleTable();
    if (process.env.UPDATE_README && listed !== table)
      writeFileSync(README, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
    else expect(listed, 'run UPDATE_README=1 npx vitest run test/report/rules.test.ts').toBe(table);
  });

  it('every rule id is <area>/<name> in lower case, with a summary and a fix', () => {
    for (const [id, entry] of Object.entries(RULES)) {
      expect(id).toMatch(
        /^(config|content|translations|state|plan|apply|pull|migrate|watch|doctor|init)\/[a-z0-9]+(-[a-z0-9]+)*$/,
      );
      expect(entry.summary.length, id).toBeGreaterThan(10);
      expect(entry.fix.length, id).toBeGreaterThan(5);
    }
  });
});
