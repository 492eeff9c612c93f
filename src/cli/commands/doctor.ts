import type { Command } from 'commander';
import type { ResolvedEnvironment } from '../../config/load.js';
import type { RequestEvent } from '../../remote/client.js';
import type { Check, DoctorExpectations } from '../../sync/doctor.js';
import { globalsOf, loadProject, openEnvironment } from '../project.js';
import { paint } from '../style.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'check the config, credentials (a signed call), clock skew and service languages of an environment',
    )
    .option('--env <name>', 'environment to check (default: OC_ENV or defaultEnvironment)')
    .addHelpText('after', '\nExample:\n  OC_ORG_ID=… OC_SERVICE_KEY=… oc-sync doctor --env alpha')
    .action(async (options: { env?: string }, command: Command) => {
      const [{ runDoctor }, { formatEnvironmentSources }] = await Promise.all([
        import('../../sync/doctor.js'),
        import('../../report/environment-output.js'),
      ]);
      const globals = globalsOf(command);
      const color = paint(globals.color && process.stdout.isTTY === true);
      // Found (or refused) before the environment opens: the embedded emulator would make its data folder.
      const loaded = await loadProject(globals);
      const events: RequestEvent[] = [];
      const { environment, connection } = await openEnvironment(loaded, globals, options.env, (e) =>
        events.push(e),
      );
      await using _ = connection;
      const target =
        environment.kind === 'emulator'
          ? `embedded emulator at ${connection.baseUrl} (data in ${environment.dataDir})`
          : `${environment.baseUrl}`;
      const lines = [
        `${color.bold('oc-sync doctor')} — environment ${color.bold(environment.name)}: ${target}, service ${connection.serviceId}`,
        ...formatEnvironmentSources(environment).map((line) => `  ${line}`),
        `${symbolFor('pass', color)} config ${loaded.file}`,
      ];
      const checks = await runDoctor(
        connection,
        expectationsOf(loaded.config.languages, environment),
        events,
      );
      for (const check of checks) lines.push(formatCheck(check, color));
      const failed = checks.filter((c) => c.status === 'fail').length;
      lines.push(failed ? color.red(`${failed} check(s) failed`) : color.green('all checks passed'));
      process.stdout.write(`${lines.join('\n')}\n`);
      if (failed) process.exitCode = 1;
    });
}

function expectationsOf(languages: readonly string[], environment: ResolvedEnvironment): DoctorExpectations {
  if (environment.kind === 'emulator')
    return { languages, orgId: 'the embedded emulator', orgKeySource: 'the embedded emulator' };
  return {
    languages,
    orgId: environment.orgId,
    serviceKey: environment.serviceKey,
    orgKeySource:
      environment.orgKey === undefined ? undefined : (environment.sources.orgKey ?? 'sync.config.yaml'),
  };
}

function symbolFor(status: Check['status'], color: ReturnType<typeof paint>): string {
  switch (status) {
    case 'pass':
      return color.green('✓');
    case 'warn':
      return color.yellow('!');
    case 'fail':
      return color.red('✗');
    case 'skip':
      return color.dim('-');
  }
}

function formatCheck(check: Check, color: ReturnType<typeof paint>): string {
  const head = `${symbolFor(check.status, color)} ${check.name}: ${check.detail}`;
  return check.hint ? `${head}\n    ${color.dim(check.hint)}` : head;
}
