// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfigText } from '../config/parse-config.js';
import { type Diagnostic, UserInputError } from '../diagnostics/diagnostic.js';
import { writeFileAtomic } from '../system/atomic-write.js';

/** What `oc-sync init` asks for (or takes from its flags). */
export interface InitAnswers {
  /** The service's Open API host; none: only the embedded emulator. */
  baseUrl?: string;
  serviceId: string;
  languages: string[];
  timeZone: string;
}

export const INIT_DEFAULTS = { serviceId: 'HelpCenter', languages: ['ko'], timeZone: 'Asia/Seoul' } as const;

/** A file init creates, relative to the project folder. */
export interface InitFile {
  path: string;
  text: string;
}

/** The lines of `.gitignore` oc-sync needs: what is local to one machine or one run never reaches git. */
export const GITIGNORE_LINES = [
  '.oc-sync/emulator/',
  '.oc-sync/state/local.json',
  '.oc-sync/state/*.journal',
  '.oc-sync/state/*.tmp',
  '.oc-sync/state/*.lock',
  '.oc-sync/cache/',
] as const;

/** The workflows of this repository, shipped in the package (`files` in package.json). */
const WORKFLOWS = ['oc-sync-plan.yml', 'oc-sync-apply.yml'] as const;
const packageRoot = new URL('../../', import.meta.url);

/** The environment a base URL becomes: `alpha` for an alpha host, else `real`, which is protected. */
export function remoteEnvironmentName(baseUrl: string): 'alpha' | 'real' {
  return /(^|[.-])alpha[.-]/.test(new URL(baseUrl).hostname) ? 'alpha' : 'real';
}

export function configText(answers: InitAnswers): string {
  const remote = answers.baseUrl
    ? [
        '',
        `  ${remoteEnvironmentName(answers.baseUrl)}:`,
        `    baseUrl: ${answers.baseUrl}`,
        `    serviceId: ${answers.serviceId}`,
        '    orgId: ${OC_ORG_ID}',
        '    serviceKey: ${OC_SERVICE_KEY}',
        ...(remoteEnvironmentName(answers.baseUrl) === 'real'
          ? ['    protected: true # watch --apply refuses; apply needs an explicit --env']
          : []),
      ]
    : [];
  return [
    '# yaml-language-server: $schema=./node_modules/oc-sync/schema/sync.config.schema.json',
    '# oc-sync configuration (written by oc-sync init). Keys never live in this file: ${VAR} reads them from the',
    '# environment (export OC_ORG_ID=… OC_SERVICE_KEY=…; in the workflows, repository secrets).',
    'content: content',
    `languages: [${answers.languages.join(', ')}] # the first is the default language`,
    `timeZone: ${answers.timeZone}`,
    'defaultEnvironment: local',
    '',
    'environments:',
    '  # The embedded emulator: a local Online Contact to try changes on, data in .oc-sync/emulator/.',
    '  local: { emulator: true }',
    ...remote,
    '',
    'sync:',
    '  prune: false',
    '  maxDeletes: 20',
    '  onDrift: skip # skip | fail | overwrite',
    '',
  ].join('\n');
}

/** The config init would write, checked as oc-sync will load it: a value it refuses is refused now. */
export function checkedConfigText(answers: InitAnswers): string {
  const text = configText(answers);
  const errors = parseConfigText(text, { file: 'sync.config.yaml', env: {} }).diagnostics.filter(
    (d) => d.severity === 'error',
  );
  if (errors.length === 0) return text;
  const diagnostics: Diagnostic[] = errors.map((d) => ({
    ...d,
    file: 'init',
    line: 0,
    column: 0,
    rule: 'init/invalid-value',
  }));
  throw new UserInputError(
    'oc-sync init: a value given does not make a valid config; nothing was written',
    diagnostics,
  );
}

/**
 * A workflow of this repository for a project that installs oc-sync as a devDependency: the Action is the
 * installed package's copy, so the job installs the project's dependencies first; a step that runs this
 * repository's CLI (`node bin/oc-sync.js preview …`) runs the installed one (`npx oc-sync preview …`).
 */
export function projectWorkflow(text: string): string {
  const setupNode = '          node-version: 20\n';
  if (!text.includes(setupNode) || !text.includes('uses: ./.github/actions/oc-sync'))
    throw new Error('the packaged workflow no longer has the steps oc-sync init adapts');
  return text
    .replace(setupNode, `${setupNode}      - name: Install oc-sync (a devDependency)\n        run: npm ci\n`)
    .replaceAll('uses: ./.github/actions/oc-sync', 'uses: ./node_modules/oc-sync/.github/actions/oc-sync')
    .replaceAll('run: node bin/oc-sync.js ', 'run: npx oc-sync ');
}

/** Every file init creates in `root`: the config, the two workflows, and a first content file when content/ is new. */
export async function initFiles(root: string, answers: InitAnswers): Promise<InitFile[]> {
  const workflows = await Promise.all(
    WORKFLOWS.map(async (name) => ({
      path: `.github/workflows/${name}`,
      text: projectWorkflow(await readFile(new URL(`.github/workflows/${name}`, packageRoot), 'utf8')),
    })),
  );
  const content = existsSync(path.join(root, 'content'))
    ? []
    : [
        {
          path: 'content/faq/_categories.yaml',
          text: '# FAQ categories: a code (what FAQs name in their front matter) and a name in each language, e.g.\n# - code: billing\n#   name: { ko: 결제, en: Billing }\n[]\n',
        },
      ];
  return [{ path: 'sync.config.yaml', text: checkedConfigText(answers) }, ...workflows, ...content];
}

/** The files init would overwrite: the config and the workflows (content/ is only written when it is new). */
export function existingInitFiles(root: string): string[] {
  return ['sync.config.yaml', ...WORKFLOWS.map((name) => `.github/workflows/${name}`)].filter((file) =>
    existsSync(path.join(root, file)),
  );
}

/** What to append to a `.gitignore` holding `existing`: only the lines it lacks (none: nothing). */
export function gitignoreAddition(existing: string): string {
  const present = new Set(existing.split(/\r?\n/).map((line) => line.trim()));
  const missing = GITIGNORE_LINES.filter((line) => !present.has(line));
  if (missing.length === 0) return '';
  const separator = existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  return `${separator}# oc-sync: the embedded emulator's data and its state, the render cache, apply's journal, lock and temporary files\n${missing.join('\n')}\n`;
}

/** Creates each file (never over one that appeared meanwhile) and appends to `.gitignore`; returns what it did. */
export async function writeInitFiles(root: string, files: readonly InitFile[]): Promise<string[]> {
  const done: string[] = [];
  for (const file of files) {
    const target = path.join(root, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, file.text, { exclusive: true });
    done.push(`created ${file.path}`);
  }
  const gitignore = path.join(root, '.gitignore');
  const existing = existsSync(gitignore) ? await readFile(gitignore, 'utf8') : '';
  const addition = gitignoreAddition(existing);
  if (addition) await appendFile(gitignore, addition);
  done.push(
    addition === ''
      ? '.gitignore already has the lines oc-sync needs'
      : `${existing === '' ? 'created' : 'added to'} .gitignore: ${addition.trim().split('\n').slice(1).join(' ')}`,
  );
  return done;
}
