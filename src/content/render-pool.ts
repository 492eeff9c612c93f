import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DocumentLookup } from './documents.js';
import { failedJob, type RenderedJob, type RenderJob, renderJob } from './render-job.js';

/**
 * Worker threads that parse and render documents (`render-worker.ts` runs `renderJob` on each job), so a cold
 * read of a large content/ uses every core. node:worker_threads directly: tinypool 2.2 leaves a task pending for
 * ever when its worker thread exits without an error event, and the rest it offers (idle timeouts, queue limits)
 * a pool that lives for one read does not need.
 *
 * The caller takes jobs back: `take()` on a job no worker has started yet gives it to the caller, which renders it
 * in its own thread instead of waiting (`read-content.ts` does this for the document it needs next, in key order).
 * So a pool whose workers are still loading, or have all stopped, never holds the read up: no job waits on a
 * worker that is not there.
 *
 * Failures: a worker that stops while it renders (an exception escaping, out of memory, `process.exit`) answers its
 * current job with a `content/render-failed` finding, gives its other jobs back to the queue and is replaced (at
 * most `size` times in all); one that stops before it is ready is not replaced. Once no worker is left, the jobs
 * queued and submitted from then on are rendered in the caller's thread.
 */

export interface RenderTicket {
  /** The job's answer, once a worker has rendered it. */
  result: Promise<RenderedJob>;
  /** True when no worker has started the job: it is the caller's to render now, and `result` never settles. */
  take(): boolean;
}

export interface RenderPool {
  submit(job: RenderJob): RenderTicket;
  close(): Promise<void>;
}

export interface RenderPoolSettings {
  /** Worker threads; 0 renders in the main thread. */
  workers: number;
  /** Fewer documents to render than this are rendered in the main thread: starting workers costs more. */
  threshold: number;
}

/**
 * Below this many documents waiting for a render, starting workers (each loads the renderer's modules: 0.3 s on an
 * idle machine, over 1 s on a busy one) costs more than the 4–10 ms per document a second thread saves. An
 * estimate from those two figures: on the shared 2-core machine it was measured on (bench/run.ts scenario 1, and
 * pairs at 100, 300 and 800 documents) the pool did not win at any size while other jobs held the cores.
 */
export const DEFAULT_RENDER_THRESHOLD = 400;

/** `OC_SYNC_WORKERS` (default: `os.availableParallelism()`) and `OC_SYNC_RENDER_THRESHOLD`. */
export function renderPoolSettings(env: NodeJS.ProcessEnv = process.env): RenderPoolSettings {
  return {
    workers: wholeNumber(env, 'OC_SYNC_WORKERS', os.availableParallelism()),
    threshold: wholeNumber(env, 'OC_SYNC_RENDER_THRESHOLD', DEFAULT_RENDER_THRESHOLD),
  };
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(
      `${name} is "${text}": it must be a whole number of 0 or more (unset it for the default)`,
    );
  }
  return value;
}

/**
 * The compiled worker next to this module (`dist/content/render-worker.js`). Run from the TypeScript sources
 * (vitest, tsx) there is none — a worker thread cannot load `.ts` — and documents are rendered in the main thread.
 */
export function builtWorkerFile(): URL | undefined {
  const file = new URL('./render-worker.js', import.meta.url);
  return existsSync(fileURLToPath(file)) ? file : undefined;
}

interface Task {
  id: number;
  job: RenderJob;
  resolve: (rendered: RenderedJob) => void;
  state: 'queued' | 'started' | 'taken';
}

interface Thread {
  worker: Worker;
  ready: boolean;
  stopped: boolean;
  /** Posted to the worker, in the order it answers them. */
  running: Task[];
}

interface PoolState {
  workerFile: URL;
  lookup: DocumentLookup;
  queue: Task[];
  threads: Set<Thread>;
  /** How many more stopped workers are replaced. */
  replacements: number;
  closing: boolean;
  nextId: number;
}

/** Jobs each worker holds: the next one is there when it answers. */
const IN_FLIGHT = 2;

/** `size` workers, each given `lookup` once; started now, they load their modules while the caller reads files. */
export function startRenderPool(options: {
  size: number;
  lookup: DocumentLookup;
  workerFile: URL;
}): RenderPool {
  const state: PoolState = {
    workerFile: options.workerFile,
    lookup: options.lookup,
    queue: [],
    threads: new Set(),
    replacements: options.size,
    closing: false,
    nextId: 0,
  };
  for (let i = 0; i < options.size; i++) startThread(state);
  return {
    submit: (job) => submitJob(state, job),
    close: () => closePool(state),
  };
}

function submitJob(state: PoolState, job: RenderJob): RenderTicket {
  let resolve: (rendered: RenderedJob) => void = () => {};
  const result = new Promise<RenderedJob>((r) => {
    resolve = r;
  });
  const task: Task = { id: state.nextId++, job, resolve, state: 'queued' };
  state.queue.push(task);
  if (state.threads.size === 0) renderQueued(state);
  else dispatch(state);
  return {
    result,
    take: () => {
      if (task.state !== 'queued') return false;
      task.state = 'taken';
      return true;
    },
  };
}

function startThread(state: PoolState): void {
  const worker = new Worker(state.workerFile, { workerData: state.lookup, stdout: false, stderr: false });
  const thread: Thread = { worker, ready: false, stopped: false, running: [] };
  state.threads.add(thread);
  worker.on('message', (message: { ready?: true; id?: number; rendered?: RenderedJob }) => {
    if (message.ready) thread.ready = true;
    else answer(thread, message as { id: number; rendered: RenderedJob });
    dispatch(state);
  });
  worker.on('error', (error) => threadStopped(state, thread, `${error.name}: ${error.message}`));
  worker.on('exit', (code) => threadStopped(state, thread, `it exited with code ${code}`));
}

function answer(thread: Thread, message: { id: number; rendered: RenderedJob }): void {
  const index = thread.running.findIndex((task) => task.id === message.id);
  const [task] = thread.running.splice(index, 1);
  task?.resolve(message.rendered);
}

/** Queued jobs to ready workers, up to `IN_FLIGHT` each; jobs the caller took are dropped. */
function dispatch(state: PoolState): void {
  for (const thread of state.threads) {
    while (thread.ready && !thread.stopped && thread.running.length < IN_FLIGHT) {
      const task = nextQueued(state);
      if (!task) return;
      task.state = 'started';
      thread.running.push(task);
      thread.worker.postMessage({ id: task.id, job: task.job });
    }
  }
}

function nextQueued(state: PoolState): Task | undefined {
  for (let task = state.queue.shift(); task; task = state.queue.shift()) {
    if (task.state === 'queued') return task;
  }
  return undefined;
}

/** The job it was rendering fails; the others go back to the front of the queue. */
function threadStopped(state: PoolState, thread: Thread, reason: string): void {
  if (thread.stopped) return;
  thread.stopped = true;
  state.threads.delete(thread);
  if (state.closing) return;
  const [current, ...waiting] = thread.running;
  thread.running = [];
  for (const task of waiting.reverse()) {
    task.state = 'queued';
    state.queue.unshift(task);
  }
  if (current) {
    current.resolve(failedJob(current.job, `the worker thread rendering it stopped (${reason})`));
  }
  if (thread.ready && state.replacements > 0) {
    state.replacements--;
    startThread(state);
  }
  if (state.threads.size === 0) renderQueued(state);
  else dispatch(state);
}

/** No worker is left: what is queued is rendered here, so no job waits for ever. */
function renderQueued(state: PoolState): void {
  for (let task = nextQueued(state); task; task = nextQueued(state)) {
    task.state = 'started';
    task.resolve(renderJob(task.job, state.lookup));
  }
}

async function closePool(state: PoolState): Promise<void> {
  state.closing = true;
  const threads = [...state.threads];
  state.threads.clear();
  await Promise.all(threads.map((thread) => thread.worker.terminate()));
}
