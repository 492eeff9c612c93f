import type { ResolvedEnvironment } from '../config/load.js';

/**
 * Where the environment a command works on came from: how it was chosen, and for a remote service where its base
 * URL, service and each key came from (a config line, a variable). Values of keys are never part of it.
 */

const chosenBy: Record<ResolvedEnvironment['selectedBy'], string> = {
  name: '--env',
  OC_ENV: 'OC_ENV',
  defaultEnvironment: 'defaultEnvironment',
};

const labels = [
  ['baseUrl', 'base URL'],
  ['serviceId', 'service'],
  ['orgId', 'orgId'],
  ['serviceKey', 'serviceKey'],
  ['orgKey', 'orgKey'],
] as const;

/** Lines for people; none for the emulator unless `OC_*` variables are set that it does not use. */
export function formatEnvironmentSources(environment: ResolvedEnvironment): string[] {
  const protectedNote = environment.protected ? ', protected' : '';
  const head = `environment ${environment.name} (chosen by ${chosenBy[environment.selectedBy]}${protectedNote})`;
  if (environment.kind === 'emulator') {
    const ignored = environment.ignoredOverrides;
    if (ignored.length === 0) return [];
    const verb = ignored.length === 1 ? 'is' : 'are';
    return [
      `${head}: the embedded emulator; ${ignored.join(', ')} ${verb} set but not used (OC_* variables apply to remote environments only)`,
    ];
  }
  const lines = [`${head}:`];
  for (const [key, label] of labels) {
    const source = environment.sources[key];
    if (source === undefined) continue;
    const value =
      key === 'baseUrl' ? `${environment.baseUrl} ` : key === 'serviceId' ? `${environment.serviceId} ` : '';
    lines.push(`  ${label.padEnd(10)} ${value}from ${source}`);
  }
  return lines;
}
