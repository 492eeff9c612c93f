import { execFileSync } from 'node:child_process';
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
  attachments: Record<string, { id: string; fileName: string; md5?: string; size: number }>;
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

/**
 * A config with several remote environments on emulators (the first is the default), as a team has it with real and
 * alpha. Each key comes from `serviceKey` as written (a `${VAR}`), by default the e2e key variable.
 */
export function environmentsConfig(
  environments: Record<string, Emulator | { emulator: Emulator; serviceKey: string }>,
): string {
  const lines = ['content: content', 'languages: [ko, en]', 'timeZone: Asia/Seoul'];
  lines.push(`defaultEnvironment: ${Object.keys(environments)[0]}`, 'environments:');
  for (const [name, entry] of Object.entries(environments)) {
    const { emulator, serviceKey } =
      'emulator' in entry ? entry : { emulator: entry, serviceKey: `\${${KEY_VARIABLE}}` };
    lines.push(
      `  ${name}:`,
      `    baseUrl: ${JSON.stringify(emulator.url)}`,
      `    serviceId: ${SERVICE_ID}`,
      `    orgId: ${ORG_ID}`,
      `    serviceKey: ${JSON.stringify(serviceKey)}`,
    );
  }
  lines.push('sync:', '  concurrency: 4', '  requestsPerSecond: 1000', '');
  return lines.join('\n');
}

/** What an editor makes in the web console: the category `account` and three Korean FAQs in it, no codes of ours. */
export function seedConsoleFaqs(emulator: Emulator): { password: number; email: number; leave: number } {
  const service = emulator.service();
  const category = service.create('faqCategory', {
    categoryCode: 'account',
    languages: { ko: '계정', en: 'Account' },
  }) as { categoryId: number };
  const faq = (title: string, body: string) =>
    (
      service.create('faq', {
        status: 'O',
        categoryId: category.categoryId,
        isTop: false,
        isRecommend: false,
        contents: { ko: { title, content: `<p>${body}</p>` } },
      }) as { helpDocId: number }
    ).helpDocId;
  return {
    password: faq('비밀번호를 잊어버렸어요', '로그인 화면에서 비밀번호 찾기를 누르세요.'),
    email: faq('이메일을 바꾸고 싶어요', '설정에서 이메일을 바꿀 수 있습니다.'),
    leave: faq('탈퇴하고 싶어요', '설정 맨 아래에서 탈퇴할 수 있습니다.'),
  };
}

/** git in a project folder, paths printed as they are (Korean file names unquoted). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.quotepath=off', ...args], { cwd, stdio: 'pipe' }).toString();
}

/** A project folder made a git repository with everything in it committed, as a team's checkout is. */
export function commitAll(cwd: string, message: string): void {
  git(cwd, 'init', '-q');
  git(cwd, 'add', '.');
  git(cwd, '-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-qm', message);
}
