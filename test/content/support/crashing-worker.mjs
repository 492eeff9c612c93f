// The built render worker, except that the thread exits (as a crash would end it) on a job whose key has crash-me.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => {
  if (message.job.key.includes('crash-me')) process.exit(3);
});
await import('../../../dist/content/render-worker.js');
