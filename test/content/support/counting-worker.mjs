// A render worker that notes its start in OC_SYNC_TEST_WORKER_LOG, then is the built one.
import { appendFileSync } from 'node:fs';

appendFileSync(process.env.OC_SYNC_TEST_WORKER_LOG, 'started\n');
await import('../../../dist/content/render-worker.js');
