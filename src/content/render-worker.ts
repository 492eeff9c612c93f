import { parentPort, workerData } from 'node:worker_threads';
import type { DocumentLookup } from './documents.js';
import { type RenderJob, renderJob } from './render-job.js';

/**
 * The worker thread of `render-pool.ts`: loaded from the build (`dist/content/render-worker.js`), given the
 * run's `DocumentLookup` as its `workerData` (structured-cloned: maps and sets stay maps and sets), it answers each
 * job with `renderJob`, the function the main thread runs without a pool. It says when its modules are loaded, so
 * a worker that cannot start is told apart from one a document made fail.
 */

const lookup = workerData as DocumentLookup;
const port = parentPort;
if (port) {
  port.on('message', (message: { id: number; job: RenderJob }) => {
    port.postMessage({ id: message.id, rendered: renderJob(message.job, lookup) });
  });
  port.postMessage({ ready: true });
}
