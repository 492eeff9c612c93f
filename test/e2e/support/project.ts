import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type RequestLogEntry,
} from '../../../src/emulator/index.js';
import { createApi, type OcApi } from '../../../src/remote/api.js';
import { createHttpClient } from '../../../src/remote/client.js';
import type { ResourceKind } from '../../../src/resources/resource.js';
import { KEY_VARIABLE, repoRoot, SECRET_KEY } from './cli.js';

/** A throwaway oc-sync project: a config, a content folder, and after an apply its state file. */
export interface E2eProject extends Disposable {
  root: string;
  write(rel: string, content: string | Uint8Array): void;
  read(rel: string): string;
  remove(rel: string): void;
  move(from: string, to: string): void;
  exists(rel: string): boolean;
  /** The state file of an environment, parsed (it must be valid JSON). */
  state(environment?: string): StateFile;
  stateText(environment?: string): string;
}

export interface StateFile {
  version: number;
  environment: string;
  serviceId: string;
  documents: Record<
    string,
    { kind: string; id: number; payloadHash: string; sourceHash: string; updatedDt: number }
  >;
  attachments: Record<string, { id: string; fileName: string; size: number }>;
  lists?: Record<string, { id: number; payloadHash: string }>;
  pending: Record<string, unknown>;
}

export const SERVICE_ID = 'HelpCenter';
export const ORG_ID = 'E2eOrg0001';
export const ENVIRONMENT = 'e2e';

export function makeProject(files: Record<string, string | Uint8Array> = {}): E2eProject {
  const root = mkdtempSync(path.join(tmpdir(), 'oc-sync-e2e-'));
  const abs = (rel: string) => path.join(root, rel);
  const write = (rel: string, content: string | Uint8Array) => {
    mkdirSync(path.dirname(abs(rel)), { recursive: true });
    writeFileSync(abs(rel), content);
  };
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  const stateText = (environment = ENVIRONMENT) =>
    readFileSync(abs(`.oc-sync/state/${environment}.json`), 'utf8');
  return {
    root,
    write,
    read: (rel) => readFileSync(abs(rel), 'utf8'),
    remove: (rel) => rmSync(abs(rel), { recursive: true }),
    move: (from, to) => {
      mkdirSync(path.dirname(abs(to)), { recursive: true });
      renameSync(abs(from), abs(to));
    },
    exists: (rel) => existsSync(abs(rel)),
    state: (environment) => JSON.parse(stateText(environment)) as StateFile,
    stateText,
    [Symbol.dispose]: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The example `content/` of the repository, copied, with a config whose environment points at `emulator`. */
export function exampleProject(emulator: Emulator, config: ConfigOptions = {}): E2eProject {
  const project = makeProject({ 'sync.config.yaml': remoteConfig(emulator, config) });
  cpSync(path.join(repoRoot, 'content'), path.join(project.root, 'content'), { recursive: true });
  return project;
}

export interface ConfigOptions {
  sync?: Record<string, string | number | boolean>;
  /** Extra lines under the environment. */
  environment?: Record<string, string | boolean>;
  /** Extra top-level lines. */
  top?: string;
  languages?: string[];
}

/** A config with one remote environment `e2e` on the emulator; the key comes from the environment, as it must. */
export function remoteConfig(emulator: Emulator, options: ConfigOptions = {}): string {
  const sync = { concurrency: 4, requestsPerSecond: 1000, ...options.sync };
  const environment = {
    baseUrl: emulator.url,
    serviceId: SERVICE_ID,
    orgId: ORG_ID,
    serviceKey: `\${${KEY_VARIABLE}}`,
    ...options.environment,
  };
  const line = (entries: Record<string, unknown>, indent: string) =>
    Object.entries(entries)
      .map(([k, v]) => `${indent}${k}: ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`)
      .join('\n');
  return [
    'content: content',
    `languages: [${(options.languages ?? ['ko', 'en']).join(', ')}]`,
    'timeZone: Asia/Seoul',
    `defaultEnvironment: ${ENVIRONMENT}`,
    options.top ?? '',
    'environments:',
    `  ${ENVIRONMENT}:`,
    line(environment, '    '),
    'sync:',
    line(sync, '  '),
    '',
  ].join('\n');
}

/** An emulator for the e2e environment: the config's org and service, the secret key. */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return createEmulator({
    port: 0,
    orgId: ORG_ID,
    services: [
      { serviceId: SERVICE_ID, serviceKey: SECRET_KEY, languages: ['ko', 'en'], timeZone: 'Asia/Seoul' },
    ],
    ...options,
  });
}

/** A signed client of our own, for what a person would do in the web console or with curl. */
export function consoleApi(emulator: Emulator): OcApi {
  return createApi(
    createHttpClient({
      baseUrl: emulator.url,
      orgId: ORG_ID,
      serviceId: SERVICE_ID,
      serviceKey: SECRET_KEY,
      requestsPerSecond: 0,
    }),
  );
}

/** The paths of the list calls and the service's description (its languages): what a no-op apply may send. */
const LIST_PATHS = [
  '/api/v2/service.json',
  '/openapi/v1/notice/tags.json',
  '/openapi/v2/notice/categories.json',
  '/openapi/v2/helpdoc/categories.json',
  '/openapi/v1/helpdoc.json',
  '/openapi/v1/multilanguage/notice.json',
  '/openapi/v1/multilanguage/notice/template.json',
];

export function isListCall(entry: RequestLogEntry): boolean {
  return entry.method === 'GET' && LIST_PATHS.some((p) => entry.path.endsWith(p));
}

export function isWrite(entry: RequestLogEntry): boolean {
  return entry.method !== 'GET';
}

/** `POST …/helpdoc.json` style summaries of the log, for readable failures. */
export function describeRequests(entries: readonly RequestLogEntry[]): string[] {
  return entries.map((e) => `${e.method} ${e.path.replace(`/${SERVICE_ID}/openapi`, '')} ${e.status}`);
}

export const documentKinds = ['faq', 'notice', 'template'] as const;

/** Every remote document of a kind, by the title its list item shows (default language). */
export function remoteTitles(emulator: Emulator, kind: ResourceKind): string[] {
  return emulator
    .service()
    .list(kind)
    .map((record) => String(record.title));
}

/** Values that occur more than once. */
export function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
