import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plain } from '../../src/report/plan-output.js';
import { type Change, emptySummary, type Plan } from '../../src/sync/plan.js';
import { baselineOf, planDelta } from '../../src/watch/plan-delta.js';
import { changedFilesText, isIgnoredChange, planDeltaText } from '../../src/watch/watch-text.js';

const change = (key: string, action: Change['action']): Change =>
  ({
    action,
    kind: 'faq',
    key,
    changedFields: action === 'update' ? ['contents.ko.body'] : [],
    payloadHash: `hash-${key}`,
  }) as Change;

const plan = (changes: Change[], warnings: string[] = []): Plan => ({
  changes,
  unmanaged: [],
  warnings,
  summary: { ...emptySummary(), update: changes.filter((c) => c.action === 'update').length },
});

const head = { environment: 'dev', serviceId: 'svc' };

describe('what watch prints', () => {
  it('names the first three files a save touched', () => {
    expect(changedFilesText(['a.md'])).toBe('a.md');
    expect(changedFilesText(['a.md', 'b.md', 'c.md'])).toBe('a.md, b.md, c.md');
    expect(changedFilesText(['a.md', 'b.md', 'c.md', 'd.md', 'e.md'])).toBe('a.md, b.md, c.md and 2 more');
  });

  it('prints the settled changes, the warnings and the summary; "did not change" when nothing did', () => {
    const shown = baselineOf([change('a', 'update')]);
    const next = plan([], ['something to know']);
    const text = planDeltaText(planDelta(shown, next), next, head, plain).split('\n');
    expect(text[0]).toMatch(/^= .* a no longer changes$/);
    expect(text[1]).toBe('warning: something to know');
    expect(text).toHaveLength(3);

    const same = plan([change('a', 'update')]);
    const unchanged = planDeltaText(planDelta(shown, same), same, head, plain).split('\n');
    expect(unchanged[0]).toBe('the plan did not change');
    expect(unchanged).toHaveLength(2);
  });

  it('prints a new change as the plan shows it, without the plan header and summary block', () => {
    const next = plan([change('b', 'update')]);
    const text = planDeltaText(planDelta(new Map(), next), next, head, plain);
    expect(text).toBe('~ FAQ b\nPlan: 0 to create, 1 to update, 0 to delete, 0 drifted.');
  });

  it('ignores hidden files and editor backups inside the content folder only', () => {
    const content = path.resolve('/project/content');
    const inside = (rel: string) => path.join(content, rel);
    expect(isIgnoredChange(content, inside('faq/refund.md'))).toBe(false);
    expect(isIgnoredChange(content, inside('.oc-sync/cache/content.json'))).toBe(true);
    expect(isIgnoredChange(content, inside('faq/.refund.md.swp'))).toBe(true);
    expect(isIgnoredChange(content, inside('faq/refund.md~'))).toBe(true);
    expect(isIgnoredChange(content, inside('faq/refund.md.tmp'))).toBe(true);
    expect(isIgnoredChange(content, content)).toBe(false);
    expect(isIgnoredChange(content, path.resolve('/project/.hidden/sync.config.yaml'))).toBe(false);
    expect(isIgnoredChange(undefined, inside('.hidden'))).toBe(false);
  });
});
