import path from 'node:path';
import type { Command } from 'commander';
import { type UserInputError, userError } from '../../diagnostics/diagnostic.js';
import type { ResourceKind } from '../../resources/resource.js';
import { globalsOf, loadProject, openEnvironment } from '../project.js';
import { stopPullOnSignals } from '../stop-signals.js';
import { paint } from '../style.js';

export function registerPull(program: Command): void {
  program
    .command('pull')
    .description(
      'write the service into content/ as Markdown and YAML, attachments included, and record the state',
    )
    .option('--env <name>', 'environment to pull from (default: OC_ENV or defaultEnvironment)')
    .option('--into <dir>', 'write into this folder instead of the configured content folder')
    .option(
      '--kinds <kinds>',
      'only these kinds, comma-separated (faq, notice, template, tag, heading, faqCategory); a document kind brings the lists it refers to',
    )
    .option(
      '--force',
      'discard local edits: documents edited here since the last sync get the service version (changed there or not), and those deleted on the service are removed',
    )
    .option(
      '--adopt',
      'rebuild a lost state: match content/ to the service by title and category, write no file',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  oc-sync pull --env alpha                 # take the alpha help center into content/\n  oc-sync pull --env real --into imported  # look at another service without touching content/\n  oc-sync pull --env alpha --adopt         # the state file was lost: rebuild it from content/',
    )
    .action(runPull);
}

async function runPull(options: PullCommandOptions, command: Command): Promise<void> {
  // Loaded here, not at the top: every command's --help stays fast.
  const [
    { adoptEnvironment },
    { pullEnvironment },
    { formatAdoptResult, formatPullResult },
    { createPullProgress },
  ] = await Promise.all([
    import('../../pull/adopt.js'),
    import('../../pull/pull-environment.js'),
    import('../../report/pull-output.js'),
    import('../../report/progress.js'),
  ]);
  const globals = globalsOf(command);
  const started = performance.now();
  const color = paint(globals.color && process.stdout.isTTY === true);
  const cwd = path.resolve(globals.cwd);
  const loaded = await loadProject(globals);
  const { environment, connection } = await openEnvironment(loaded, globals, options.env);
  await using _ = connection;
  if (options.adopt) {
    if (options.into || options.force || options.kinds) {
      throw refuse(
        '--adopt matches the configured content folder as it is',
        'leave out --into, --kinds and --force',
      );
    }
    const result = await adoptEnvironment({ loaded, environment, connection, cwd });
    process.stdout.write(`${formatAdoptResult(result, { environment: environment.name, cwd }, color)}\n`);
    return;
  }
  const signals = stopPullOnSignals();
  const progress = createPullProgress({
    tty: process.stderr.isTTY === true,
    quiet: globals.quiet === true,
  });
  const result = await pullEnvironment({
    loaded,
    environment,
    connection,
    cwd,
    into: options.into,
    kinds: await parseKinds(options.kinds),
    force: options.force,
    onProgress: (step) => progress.update(step),
    onWriting: () => {
      progress.stop();
      signals.writing();
    },
  }).finally(() => progress.stop());
  const text = formatPullResult(
    result,
    {
      environment: environment.name,
      serviceId: connection.serviceId,
      into: path.relative(cwd, result.contentDir) || '.',
      stateFile: path.relative(cwd, result.stateFile),
      requests: connection.http.stats.requests,
      ms: performance.now() - started,
      verbose: globals.verbose === true,
    },
    color,
  );
  process.stdout.write(`${globals.quiet ? (text.split('\n').at(-1) ?? '') : text}\n`);
  const troubled = result.documents.some((d) => d.conflict || d.outcome === 'skipped');
  if (troubled || result.diagnostics.length > 0) process.exitCode = 1;
  signals.finished();
}

interface PullCommandOptions {
  env?: string;
  into?: string;
  kinds?: string;
  force?: boolean;
  adopt?: boolean;
}

export async function parseKinds(value: string | undefined): Promise<ResourceKind[] | undefined> {
  if (value === undefined) return undefined;
  const { resourceList } = await import('../../resources/registry.js');
  const known = resourceList.map((d) => d.kind);
  const kinds = value
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const unknown = kinds.filter((k) => !known.includes(k as ResourceKind));
  if (unknown.length || kinds.length === 0) {
    const { didYouMean } = await import('../../diagnostics/did-you-mean.js');
    const suggestions = unknown.map((kind) => didYouMean(kind, known)).filter(Boolean);
    throw refuse(
      `--kinds ${value}: ${unknown.length ? `unknown kind ${unknown.join(', ')}` : 'no kind given'}`,
      `${suggestions.length ? `did you mean ${suggestions.join(', ')}? ` : ''}use some of ${known.join(', ')}`,
    );
  }
  return kinds as ResourceKind[];
}

function refuse(message: string, hint: string): UserInputError {
  return userError(message, 'pull', 'pull/refused', { hint });
}
