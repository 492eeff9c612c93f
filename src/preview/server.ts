import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { lookup } from 'mime-types';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import {
  type ContentChange,
  type ContentMemory,
  createContentMemory,
  forgetChanged,
  saveRememberedCache,
} from '../content/content-memory.js';
import { type Diagnostic, UserInputError } from '../diagnostics/diagnostic.js';
import { isIgnoredChange } from '../watch/watch-text.js';
import { ASSET_FILES } from './assets.js';
import { escapeHtml } from './html.js';
import { isDay, todayIn } from './period.js';
import { readSite } from './read-site.js';
import { renderPage } from './site.js';
import type { SiteModel } from './site-model.js';
import { ASSETS, EVENTS_PATH, homePath } from './site-paths.js';
import { attachPlan, type PreviewPlan } from './site-plan.js';

/**
 * `oc-sync preview`: the site served on 127.0.0.1 from one site model in memory, rebuilt when a file under
 * content/ or the config changes (chokidar, debounced as `oc-sync watch` does), and every open page told over
 * server-sent events to reload. A rebuild is incremental: the server keeps a `ContentMemory` between reads and
 * tells it which files chokidar saw change, so only those are read and parsed again while every cross-document
 * check (keys, links, duplicates, attachments) still runs over the whole tree; a config change starts from an empty
 * memory (the render cache on disk still spares the rendering). The render cache is written after the reload is
 * sent, once saves pause. Rendered pages are kept until the next rebuild. Nothing is sent to the service; with
 * `--env` the CLI command's `plan` callback reads it (the plan, re-made after each rebuild).
 */

export interface PreviewOptions {
  cwd: string;
  /** Absolute, or relative to `cwd`; the default is `sync.config.yaml`. */
  configFile?: string;
  env: NodeJS.ProcessEnv;
  /** 0: any free port. */
  port: number;
  debounceMs?: number;
  /**
   * With `--env`: makes the plan against the environment (the CLI command's `makePlan`; reads only) from the
   * content just read (the site's `state` and `diagnostics`), after every build, so badges and compare pages follow
   * saves. It reports a failure in its result, never by throwing.
   */
  plan?: (content: SiteModel) => Promise<PreviewPlan>;
  /** Told of each rebuild (one line). */
  print(text: string): void;
  /** How long after a rebuild, with no save since, the render cache is written; default 2000 ms. */
  cacheSaveDelayMs?: number;
}

export interface PreviewServer {
  url: string;
  stop(): Promise<void>;
}

interface ServerState {
  options: PreviewOptions;
  loaded: LoadedConfig;
  site: SiteModel;
  /** What the last read of content/ remembered; replaced by an empty one when the config changes. */
  memory: ContentMemory;
  /** What chokidar reported since the last rebuild took its changes. */
  pending: ContentChange[];
  cacheTimer?: NodeJS.Timeout;
  /** Rendered pages of the current site, by path and day. */
  pages: Map<string, string>;
  clients: Set<ServerResponse>;
  watcher?: FSWatcher;
  timer?: NodeJS.Timeout;
  building?: Promise<void>;
  again: boolean;
  stopping: boolean;
}

/**
 * The server's CSP, a second wall behind the sandboxed body frames (see body.ts): only the preview's own script
 * file runs (`script-src 'self'`, no inline script anywhere); bodies may still show images, media and frames.
 */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data: blob:; media-src *; frame-src *; object-src 'none'; base-uri 'self'; form-action 'self'";

export async function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  const loaded = await loadConfig({ cwd: options.cwd, file: options.configFile, env: options.env });
  const memory = createContentMemory();
  const read = await readSite(loaded, options.cwd, { memory });
  const site = attachPlan(read, await options.plan?.(read));
  // The first read may have rendered everything: kept at once.
  await saveRememberedCache(memory);
  const state: ServerState = {
    options,
    loaded,
    site,
    memory,
    pending: [],
    pages: new Map(),
    clients: new Set(),
    again: false,
    stopping: false,
  };
  const server = createServer((request, response) => answer(state, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await startWatcher(state);
  const heartbeat = setInterval(() => {
    for (const client of state.clients) client.write(': ping\n\n');
  }, 15_000);
  return { url: `http://127.0.0.1:${port}/`, stop: () => stop(state, server, heartbeat) };
}

async function stop(state: ServerState, server: Server, heartbeat: NodeJS.Timeout): Promise<void> {
  state.stopping = true;
  clearInterval(heartbeat);
  if (state.timer) clearTimeout(state.timer);
  if (state.cacheTimer) clearTimeout(state.cacheTimer);
  await state.watcher?.close();
  await state.building;
  await saveRememberedCache(state.memory);
  for (const client of state.clients) client.end();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function startWatcher(state: ServerState): Promise<void> {
  const { loaded } = state;
  const contentDir = path.resolve(loaded.root, loaded.config.content);
  // As `oc-sync watch` does: dot folders (the render cache in .oc-sync/, .git) and editors' swap files are not changes.
  const watcher = watch([contentDir, loaded.file], {
    ignoreInitial: true,
    ignored: (file: string) => isIgnoredChange(contentDir, file),
  });
  state.watcher = watcher;
  watcher.on('all', (event, file) => {
    state.pending.push({ event, path: file });
    changed(state);
  });
  watcher.on('error', (error) => state.options.print(`watch error: ${(error as Error).message}`));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
}

/** A save: the rebuild waits until saves pause; saves during a rebuild make one more. */
function changed(state: ServerState): void {
  if (state.stopping) return;
  if (state.timer) clearTimeout(state.timer);
  state.timer = setTimeout(() => {
    state.timer = undefined;
    if (state.building) {
      state.again = true;
      return;
    }
    state.building = rebuild(state).finally(() => {
      state.building = undefined;
    });
  }, state.options.debounceMs ?? 100);
}

async function rebuild(state: ServerState): Promise<void> {
  do {
    state.again = false;
    const started = performance.now();
    const { options } = state;
    const configProblems = await reloadConfig(state, takeChanges(state));
    let site: SiteModel;
    try {
      site = await readSite(state.loaded, options.cwd, {
        extraDiagnostics: configProblems,
        memory: state.memory,
      });
    } catch (error) {
      options.print(`preview: could not read content/: ${(error as Error).message}`);
      continue;
    }
    if (options.plan) {
      // The pages reload with the content at once, the last plan marked as being made again; then with the new plan.
      const last = state.site.plan;
      publish(state, attachPlan(site, last && { ...last, replanning: true }));
      publish(state, attachPlan({ ...site, version: `${site.version}-plan` }, await options.plan(site)));
    } else publish(state, site);
    const problems = state.site.diagnostics.length;
    const ms = Math.round(performance.now() - started);
    options.print(`rebuilt in ${ms} ms${problems ? ` (${problems} problem(s))` : ''}`);
  } while (state.again && !state.stopping);
  scheduleCacheSave(state);
}

/** The site served from now on; every open page told to reload. */
function publish(state: ServerState, site: SiteModel): void {
  state.site = site;
  state.pages.clear();
  for (const client of state.clients) client.write(`data: ${site.version}\n\n`);
}

/**
 * The changes since the last rebuild, told to the memory; true when the config changed: everything is then read
 * again, from an empty memory.
 */
function takeChanges(state: ServerState): boolean {
  const changes = state.pending;
  state.pending = [];
  const configFile = path.resolve(state.loaded.file);
  if (changes.some((change) => path.resolve(change.path) === configFile)) return true;
  const { loaded } = state;
  forgetChanged(state.memory, path.resolve(loaded.root, loaded.config.content), changes);
  return false;
}

/** The config read again (every rebuild: `${VAR}`s may read files); a changed one empties the memory. */
async function reloadConfig(state: ServerState, configChanged: boolean): Promise<readonly Diagnostic[]> {
  const { options } = state;
  if (configChanged) {
    await saveRememberedCache(state.memory);
    state.memory = createContentMemory();
  }
  try {
    state.loaded = await loadConfig({ cwd: options.cwd, file: options.configFile, env: options.env });
    return [];
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    return error.diagnostics;
  }
}

/** The render cache written once saves pause, never during a rebuild (whose reads it serves). */
function scheduleCacheSave(state: ServerState): void {
  if (state.cacheTimer) clearTimeout(state.cacheTimer);
  state.cacheTimer = setTimeout(() => {
    state.cacheTimer = undefined;
    if (state.building || state.stopping) return;
    saveRememberedCache(state.memory).catch((error: Error) =>
      state.options.print(`preview: could not write the render cache: ${error.message}`),
    );
  }, state.options.cacheSaveDelayMs ?? 2000);
}

function answer(state: ServerState, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const page = pathOf(url);
  if (page === undefined) send(response, 400, 'text/plain; charset=utf-8', 'bad path');
  else if (request.method !== 'GET' && request.method !== 'HEAD')
    send(response, 405, 'text/plain; charset=utf-8', 'read only');
  else if (page === '') {
    response.writeHead(302, { Location: `/${homePath(state.site.defaultLanguage)}` });
    response.end();
  } else if (page === EVENTS_PATH) events(state, request, response);
  else if (page.startsWith(`${ASSETS}/`)) {
    const asset = ASSET_FILES[page.slice(ASSETS.length + 1)];
    if (asset) send(response, 200, asset.type, asset.text);
    else notFound(state, response, page);
  } else if (page.startsWith('files/')) attachment(state, response, page.slice('files/'.length));
  else {
    const target =
      page.endsWith('/') || !page.includes('/') ? `${page.replace(/\/?$/, '/')}index.html` : page;
    const day = url.searchParams.get('date') ?? undefined;
    const html = rendered(state, target, isDay(day) ? day : todayIn(state.site.timeZone));
    if (html === undefined) notFound(state, response, page);
    else send(response, 200, 'text/html; charset=utf-8', html);
  }
}

/** The site-relative path asked for, decoded; undefined when it does not decode. */
function pathOf(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    return undefined;
  }
}

function rendered(state: ServerState, page: string, day: string): string | undefined {
  const key = `${page}?${day}`;
  let html = state.pages.get(key);
  if (html === undefined) {
    html = renderPage(state.site, page, { live: true, day });
    // Bounded: every day of the picker is a page of its own.
    if (state.pages.size >= 1000) state.pages.clear();
    if (html !== undefined) state.pages.set(key, html);
  }
  return html;
}

function events(state: ServerState, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  response.write(`retry: 500\ndata: ${state.site.version}\n\n`);
  state.clients.add(response);
  request.on('close', () => state.clients.delete(response));
}

/** An attachment, from content/, under the file name readers download it by. */
function attachment(state: ServerState, response: ServerResponse, contentPath: string): void {
  const found = state.site.attachments.get(contentPath);
  if (!found) {
    notFound(state, response, `files/${contentPath}`);
    return;
  }
  const { loaded } = state;
  const abs = path.join(path.resolve(loaded.root, loaded.config.content), ...found.path.split('/'));
  response.writeHead(200, {
    'Content-Type': lookup(found.fileName) || 'application/octet-stream',
    'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(found.fileName)}`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  createReadStream(abs)
    .on('error', () => response.destroy())
    .pipe(response);
}

function notFound(state: ServerState, response: ServerResponse, page: string): void {
  const home = `/${homePath(state.site.defaultLanguage)}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1><p class="broken">Nothing in the preview at ${escapeHtml(page)}.</p><p><a href="${home}">Home</a></p></main></body></html>`;
  send(response, 404, 'text/html; charset=utf-8', html);
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CSP } : {}),
  });
  response.end(body);
}
