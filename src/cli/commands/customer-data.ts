import { type Command, InvalidArgumentError } from 'commander';
import {
  type ContractCheck,
  CustomerDataCallError,
  type CustomerDataReply,
  callCustomerData,
  checkCustomerDataReply,
  DEFAULT_CALL_TIMEOUT_MS,
  ocDisplayFor,
} from '../../customer-data/index.js';
import { globalsOf } from '../project.js';
import { paint } from '../style.js';

/**
 * `oc-sync customer-data call`: plays Online Contact against the user's customer-data server (DESIGN §7) — signs
 * and POSTs the lookup fields, then checks the reply against the documented contract. Exit 0 on pass, 1 on fail.
 * The key is read from an environment variable so it never lands in shell history, and it is never printed.
 */

interface CallOptions {
  url: string;
  keyEnv: string;
  body: string;
  expectError?: boolean;
  timeout: number;
}

type Colors = ReturnType<typeof paint>;

export function registerCustomerData(program: Command): void {
  const group = program
    .command('customer-data')
    .description('customer information integration: check your server the way Online Contact calls it');
  group
    .command('call')
    .description('sign and POST a lookup like Online Contact, then check the reply against the contract')
    .requiredOption('--url <url>', 'your customer-data endpoint (the base URL in API Settings)', httpUrl)
    .requiredOption('--key-env <var>', 'environment variable holding the encryption key from API Settings')
    .requiredOption('--body <json>', 'the lookup fields as a JSON object, sent byte for byte', jsonObject)
    .option('--expect-error', 'expect a failure reply (status ≠ 200 with an error object)')
    .option('--timeout <ms>', 'give up after this long', wholeNumber, DEFAULT_CALL_TIMEOUT_MS)
    .addHelpText(
      'after',
      '\nExit code 0 when the reply follows the contract, 1 when it does not.\nExamples:\n' +
        `  OC_CUSTOMER_KEY=… oc-sync customer-data call --url http://localhost:8080/customer --key-env OC_CUSTOMER_KEY --body '{"callNum":"01012345678"}'\n` +
        `  OC_CUSTOMER_KEY=… oc-sync customer-data call --url … --key-env OC_CUSTOMER_KEY --body '{"callNum":"000"}' --expect-error`,
    )
    .action(async (options: CallOptions, command: Command) => {
      const color = paint(globalsOf(command).color && process.stdout.isTTY === true);
      const key = process.env[options.keyEnv];
      if (key === undefined || key === '')
        throw new Error(
          `environment variable ${options.keyEnv} is not set or empty; export the encryption key shown in ` +
            'Online Contact under Customer Info Management → Customer Info Integration → API Settings.',
        );
      const lines = [`${color.bold('oc-sync customer-data call')} — POST ${options.url}`];
      let passed: boolean;
      try {
        const reply = await callCustomerData({
          url: options.url,
          key,
          body: options.body,
          timeoutMs: options.timeout,
        });
        const report = checkCustomerDataReply(reply, options.expectError === true);
        lines.push(
          ...describeExchange(reply, options.keyEnv, color),
          ...report.checks.map((c) => formatCheck(c, color)),
        );
        passed = report.passed;
        const failed = report.checks.filter((check) => check.status === 'fail').length;
        lines.push(
          passed
            ? color.green('PASS — the reply follows the customer-data contract')
            : color.red(`FAIL — ${failed} check${failed === 1 ? '' : 's'} failed`),
        );
      } catch (error) {
        if (!(error instanceof CustomerDataCallError)) throw error;
        passed = false;
        lines.push(
          `${color.red('✗')} no HTTP answer: ${error.message}`,
          color.red('FAIL — the server did not answer'),
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      if (!passed) process.exitCode = 1;
    });
}

function describeExchange(reply: CustomerDataReply, keyEnv: string, color: Colors): string[] {
  const display = ocDisplayFor(reply.status);
  const shows = display
    ? `Online Contact shows: ${display.ko} (${display.en})`
    : 'Online Contact documents no display for this status';
  return [
    color.dim(
      `sent ${reply.request.body} — signed with $${keyEnv}, X-TC-Timestamp ${reply.request.timestamp}`,
    ),
    `status ${reply.status} in ${reply.ms} ms — ${shows}`,
    color.dim(`reply ${truncate(reply.bodyText, 300)}`),
  ];
}

function formatCheck(check: ContractCheck, color: Colors): string {
  const symbol =
    check.status === 'pass' ? color.green('✓') : check.status === 'fail' ? color.red('✗') : color.yellow('!');
  return `${symbol} ${check.label}`;
}

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine === '' ? '(empty)' : oneLine;
}

function httpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError('expected an absolute URL such as http://localhost:8080/customer.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('expected an http:// or https:// URL.');
  return text;
}

/** Validated as a JSON object but kept as typed: the exact text is what gets signed and sent. */
function jsonObject(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`not valid JSON (${(error as Error).message}).`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidArgumentError(
      'expected a JSON object of lookup fields, such as {"callNum":"01012345678"}.',
    );
  return text;
}

function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) === 0)
    throw new InvalidArgumentError('expected a positive whole number.');
  return Number(text);
}
