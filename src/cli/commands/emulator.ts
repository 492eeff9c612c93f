import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { parseFaultSpec } from '../../emulator/fault-spec.js';
import {
  DEFAULT_ORG_ID,
  DEFAULT_ORG_KEY,
  DEFAULT_SERVICE,
  type EmulatorOptions,
  type FaultRule,
} from '../../emulator/options.js';

/**
 * `oc-sync emulator`: the local Online Contact in the foreground. Prints `listening on URL` on stdout once ready
 * (scripts wait for that line); the ids go to stderr, the keys never.
 */

interface EmulatorCommandOptions {
  port: number;
  data?: string;
  orgId: string;
  orgKey: string;
  serviceId: string;
  serviceKey: string;
  languages: string[];
  timeZone?: string;
  latency: number;
  failRate: number;
  seed: number;
  fault: FaultRule[];
  allowIp?: string[];
  httpStatus: 'mirror' | 'always-200';
  log?: string;
}

function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('expected a whole number.');
  return Number(text);
}

function probability(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value <= 1))
    throw new InvalidArgumentError('expected a number from 0 to 1.');
  return value;
}

function languageList(text: string): string[] {
  const list = text
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  if (list.length === 0) throw new InvalidArgumentError('expected a comma list such as ko,en.');
  return list;
}

function faultRule(text: string, previous: FaultRule[]): FaultRule[] {
  try {
    return [...previous, parseFaultSpec(text)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description(
      'run the local Online Contact (signed Open API, persistence, fault injection) in the foreground',
    )
    .option('--port <n>', 'port on 127.0.0.1 (0 = a free port)', wholeNumber, 0)
    .option('--data <dir>', 'keep the data in this folder (default: in memory only)')
    .option('--org-id <id>', 'organization id that prefixes every signature', DEFAULT_ORG_ID)
    .option('--org-key <key>', 'organization key for /openapi/v1/admin/*', DEFAULT_ORG_KEY)
    .option('--service-id <id>', 'service id', DEFAULT_SERVICE.serviceId)
    .option('--service-key <key>', 'service (Open API) key', DEFAULT_SERVICE.serviceKey)
    .option('--languages <list>', 'service languages, default first', languageList, DEFAULT_SERVICE.languages)
    .option('--time-zone <tz>', 'service time zone (default: by the first language)')
    .option('--latency <ms>', 'delay added to every response', wholeNumber, 0)
    .option('--fail-rate <p>', 'probability of a random 500 per request', probability, 0)
    .option('--seed <n>', 'seed for --fail-rate and fault rates', wholeNumber, 1)
    .option(
      '--fault <spec>',
      'inject a fault, repeatable: KIND[:RATE][@PATH], e.g. 503:0.1@/helpdoc',
      faultRule,
      [],
    )
    .option('--allow-ip <ip...>', 'answer only these client IPs (403 clientIp is not allowed)')
    .addOption(
      new Option('--http-status <mode>', 'HTTP status of failed calls')
        .choices(['mirror', 'always-200'])
        .default('mirror'),
    )
    .option('--log <file>', 'append one JSON line per request')
    .addHelpText(
      'after',
      '\nFault kinds: 500 502 503 504 400 403 404, 429 or rate-limit=SECONDS, drop, slow=MS, commit-then-fail.\n' +
        'Example:\n  oc-sync emulator --port 8787 --data .oc-sync/emulator --fault 503:0.05 --fault slow=1500:0.1',
    )
    .action(runEmulatorCommand);
}

async function runEmulatorCommand(options: EmulatorCommandOptions, command: Command): Promise<void> {
  const cwd = (command.optsWithGlobals() as { cwd?: string }).cwd ?? process.cwd();
  const dataDir = options.data === undefined ? undefined : resolve(cwd, options.data);
  const { createEmulator } = await import('../../emulator/index.js');
  const emulator = await createEmulator(emulatorOptionsOf(options, cwd, dataDir));
  // Listen for the stop signals before announcing readiness: a script may send one right after the line.
  const stopped = untilStopSignal();
  const service = emulator.services[0];
  process.stdout.write(`listening on ${emulator.url}\n`);
  process.stderr.write(
    `org ${emulator.orgId}, service ${service?.serviceId} (${service?.languages.join(', ')}; ${service?.timeZone})\n` +
      `data: ${dataDir ?? 'in memory only (use --data DIR to keep it)'}\n` +
      'stop with Ctrl-C\n',
  );
  await stopped;
  await emulator.close();
  process.stderr.write('emulator stopped\n');
}

function emulatorOptionsOf(
  options: EmulatorCommandOptions,
  cwd: string,
  dataDir: string | undefined,
): EmulatorOptions {
  return {
    port: options.port,
    dataDir,
    orgId: options.orgId,
    orgKey: options.orgKey,
    services: [
      {
        serviceId: options.serviceId,
        serviceKey: options.serviceKey,
        languages: options.languages,
        timeZone: options.timeZone,
      },
    ],
    latencyMs: options.latency,
    failRate: options.failRate,
    seed: options.seed,
    faults: options.fault,
    allowedIps: options.allowIp,
    httpStatus: options.httpStatus,
    logFile: options.log === undefined ? undefined : resolve(cwd, options.log),
  };
}

/** Resolves on the first SIGINT or SIGTERM, then stops listening for them. */
function untilStopSignal(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
