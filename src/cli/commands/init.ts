// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import path from 'node:path';
import type { Command } from 'commander';
import { fileDiagnostic, UserInputError } from '../../diagnostics/diagnostic.js';
import type { InitAnswers } from '../init-files.js';
import { globalsOf } from '../project.js';

interface InitOptions {
  baseUrl?: string;
  service?: string;
  languages?: string;
  timeZone?: string;
  yes?: boolean;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'start a project here: sync.config.yaml, the .gitignore lines, the plan and apply workflows, and content/',
    )
    .option('--base-url <url>', "the service's Open API host, e.g. https://example.oc.nhncloud.com")
    .option('--service <id>', 'the service ID (default HelpCenter)')
    .option('--languages <codes>', 'the service languages, the default first (default ko)')
    .option('--time-zone <zone>', 'the time zone of dates in front matter (default Asia/Seoul)')
    .option('--yes', 'ask nothing: the flags given, defaults for the rest')
    .addHelpText(
      'after',
      [
        '',
        'On a terminal, init asks for each value no flag gave (the default in brackets; Enter takes it). With --yes,',
        'or when stdin is not a terminal (a script, CI), it asks nothing and uses the flags and the defaults.',
        'Without a base URL the config has only the embedded emulator (environment local), to try oc-sync on; with',
        'one it adds an environment for the service (alpha for an alpha host, else real, which is protected) whose',
        'orgId and serviceKey are ${OC_ORG_ID} and ${OC_SERVICE_KEY}: keys are never written into the file.',
        '.gitignore gets only the lines it lacks. init never overwrites: when sync.config.yaml or a workflow is',
        'already there it names them, writes nothing and exits 1.',
        'Examples:',
        '  oc-sync init',
        '  oc-sync init --yes --base-url https://example.oc.nhncloud.com --service HelpCenter --languages ko,en',
      ].join('\n'),
    )
    .action(async (options: InitOptions, command: Command) => {
      const { existingInitFiles, initFiles, remoteEnvironmentName, writeInitFiles } = await import(
        '../init-files.js'
      );
      const root = path.resolve(globalsOf(command).cwd);
      const existing = existingInitFiles(root);
      if (existing.length > 0) throw alreadyThere(existing);
      const answers = await answersOf(options, !options.yes && process.stdin.isTTY === true);
      const done = await writeInitFiles(root, await initFiles(root, answers));
      const remote = answers.baseUrl ? remoteEnvironmentName(answers.baseUrl) : undefined;
      process.stdout.write(`${[...done, '', ...nextSteps(remote)].join('\n')}\n`);
    });
}

function alreadyThere(files: readonly string[]): UserInputError {
  return new UserInputError(
    `oc-sync init wrote nothing: ${files.join(', ')} ${files.length === 1 ? 'is' : 'are'} already there`,
    files.map((file) =>
      fileDiagnostic(
        file,
        'init/file-exists',
        `${file} already exists; init does not overwrite it`,
        'rename or delete it and run oc-sync init again, or edit it by hand (oc-sync validate checks the config)',
      ),
    ),
  );
}

/** The flags, then a question for each value left (on a terminal), then the defaults. */
async function answersOf(options: InitOptions, interactive: boolean): Promise<InitAnswers> {
  const { INIT_DEFAULTS } = await import('../init-files.js');
  const { ask } = await import('../ask.js');
  const value = async (flag: string | undefined, question: string, fallback: string) => {
    if (flag !== undefined) return flag.trim();
    if (!interactive) return fallback;
    const answer = (await ask(`${question} [${fallback}]: `)).trim();
    return answer === '' ? fallback : answer;
  };
  const baseUrl = await value(
    options.baseUrl,
    'Open API host of the service (empty: only the embedded emulator, for now)',
    '',
  );
  if (!baseUrl && options.service !== undefined) throw serviceWithoutHost();
  const serviceId = baseUrl
    ? await value(options.service, 'Service ID', INIT_DEFAULTS.serviceId)
    : INIT_DEFAULTS.serviceId;
  const languages = await value(
    options.languages,
    'Languages of the service, the default first',
    INIT_DEFAULTS.languages.join(','),
  );
  const timeZone = await value(
    options.timeZone,
    'Time zone of dates in front matter',
    INIT_DEFAULTS.timeZone,
  );
  return {
    ...(baseUrl ? { baseUrl } : {}),
    serviceId,
    languages: languages.split(/[\s,]+/).filter(Boolean),
    timeZone,
  };
}

function serviceWithoutHost(): UserInputError {
  const message = '--service names the service at --base-url; without a base URL there is no service to name';
  return new UserInputError(`oc-sync init: ${message}; nothing was written`, [
    fileDiagnostic('init', 'init/invalid-value', message, 'give --base-url too, or leave --service out'),
  ]);
}

function nextSteps(remote: string | undefined): string[] {
  const steps = [
    'Next:',
    '  oc-sync validate              # checks the config and content/',
    '  oc-sync plan                  # against the embedded emulator (environment local)',
  ];
  if (!remote) {
    steps.push(
      '  add an environment for your service to sync.config.yaml (baseUrl, serviceId, orgId, serviceKey)',
    );
    return steps;
  }
  return [
    ...steps,
    '  export OC_ORG_ID=… OC_SERVICE_KEY=…',
    `  oc-sync doctor --env ${remote}   # a signed call, the clock, the languages`,
    `  oc-sync pull --env ${remote}     # what the service already holds, into content/`,
    'Workflows: set the repository variable OC_SYNC_ENVIRONMENT and the secrets OC_ORG_ID and OC_SERVICE_KEY.',
  ];
}
