import { describe, expect, it } from 'vitest';
import { formatApplyResult } from '../../src/report/apply-output.js';
import { plain } from '../../src/report/plan-output.js';
import { type ApplyResult, countOutcomes } from '../../src/sync/apply.js';

describe('formatApplyResult', () => {
  it('names a failed upload by its file, with the error, counts it as failed and says what to do', () => {
    const counts = countOutcomes([]);
    counts.failed = 2;
    const result: ApplyResult = {
      results: [],
      uploadResults: [
        {
          file: 'faq/billing/receipt.png',
          key: 'help:0123/receipt.png',
          outcome: 'failed',
          error: 'HTTP 502',
          retryable: true,
        },
        {
          file: 'faq/billing/huge.zip',
          key: 'help:4567/huge.zip',
          outcome: 'failed',
          error: 'too large',
          retryable: false,
        },
      ],
      counts,
      uploads: 1,
      deletedUploads: 0,
      skipped: [],
    };
    const text = formatApplyResult(result, { requests: 3, ms: 1200, environment: 'alpha' }, plain);
    expect(text.split('\n')).toEqual([
      '✗ upload of faq/billing/receipt.png (help:0123/receipt.png): HTTP 502',
      '✗ upload of faq/billing/huge.zip (help:4567/huge.zip): too large',
      'Apply finished with errors: 0 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 2 failed; 1 upload(s), 3 requests in 1.2 s.',
      '1 failure(s) were refused by the service for what was sent (see each ✗ line): running apply again will not change that. Change the document or list item named, then apply.',
      'Run apply again to finish the rest: what succeeded is recorded, and nothing is done twice.',
    ]);
  });
});
