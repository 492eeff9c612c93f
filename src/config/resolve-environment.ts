import path from 'node:path';
import { type Diagnostic, UserInputError } from '../report/diagnostic.js';
import { didYouMean } from '../report/did-you-mean.js';
import { formatKeyPath } from '../source/key-path.js';
import { describeValue } from './describe-issue.js';
import { baseUrlRule, keyRule, orgIdRule, serviceIdRule, type TextRule } from './field-rules.js';
import type { LoadedConfig } from './load.js';
import type { UnresolvedVariable } from './parse-config.js';
import type { EmulatorEnvironmentConfig, RemoteEnvironmentConfig } from './schema.js';

interface ResolvedCommon {
  name: string;
  /** How the name was chosen; `apply` on a protected environment wants it chosen on purpose. */
  selectedBy: 'name' | 'OC_ENV' | 'defaultEnvironment';
  protected: boolean;
  serviceId: string;
  languages: string[];
  timeZone: string;
  /** The environment's template, else the top-level one. */
  attachmentUrl: string;
  documentUrl: string;
}

export interface ResolvedEmulatorEnvironment extends ResolvedCommon {
  kind: 'emulator';
  /** Absolute. */
  dataDir: string;
  port?: number;
}

export interface ResolvedRemoteEnvironment extends ResolvedCommon {
  kind: 'remote';
  /** Without a trailing `/`. */
  baseUrl: string;
  orgId: string;
  serviceKey: string;
  orgKey?: string;
  oucode?: string;
  /** Set only when the environment overrides `sync.timeoutMs`. */
  timeoutMs?: number;
}

export type ResolvedEnvironment = ResolvedEmulatorEnvironment | ResolvedRemoteEnvironment;

export interface ResolveEnvironmentOptions {
  /** An explicit choice (`--env`); else `OC_ENV`; else `defaultEnvironment`. */
  name?: string;
  /** Where `OC_ENV` and the `OC_*` overrides come from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Variables that replace a remote environment's connection values, e.g. from CI secrets (DESIGN §2). */
export const ENVIRONMENT_OVERRIDES = {
  baseUrl: 'OC_BASE_URL',
  serviceId: 'OC_SERVICE_ID',
  orgId: 'OC_ORG_ID',
  serviceKey: 'OC_SERVICE_KEY',
  orgKey: 'OC_ORG_KEY',
} as const;

type OverriddenKey = keyof typeof ENVIRONMENT_OVERRIDES;

const overrideRules: Record<OverriddenKey, TextRule> = {
  baseUrl: baseUrlRule,
  serviceId: serviceIdRule,
  orgId: orgIdRule,
  serviceKey: keyRule('OC_SERVICE_KEY'),
  orgKey: keyRule('OC_ORG_KEY'),
};

/** CI passes an unconfigured secret as an empty string; that means "not set", not "set to nothing". */
function setValue(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Picks the environment to work on and makes it usable: the `OC_*` overrides applied, every variable it needs
 * present, paths absolute. Fails with every problem at once, naming variables and keys but never key values.
 */
export function resolveEnvironment(
  loaded: LoadedConfig,
  options: ResolveEnvironmentOptions = {},
): ResolvedEnvironment {
  const env = options.env ?? process.env;
  const fromEnv = setValue(env.OC_ENV);
  const [name, selectedBy]: [string, ResolvedCommon['selectedBy']] =
    options.name !== undefined
      ? [options.name, 'name']
      : fromEnv !== undefined
        ? [fromEnv, 'OC_ENV']
        : [loaded.config.defaultEnvironment, 'defaultEnvironment'];
  const { config } = loaded;
  if (!Object.hasOwn(config.environments, name)) throw unknownEnvironment(loaded, name, selectedBy);
  const settings = config.environments[name] as EmulatorEnvironmentConfig | RemoteEnvironmentConfig;
  const common = {
    name,
    selectedBy,
    protected: settings.protected,
    languages: [...config.languages],
    timeZone: config.timeZone,
    attachmentUrl: settings.attachmentUrl ?? config.attachmentUrl,
    documentUrl: settings.documentUrl ?? config.documentUrl,
  };
  const unresolved = loaded.unresolved.filter((u) => u.path[0] === 'environments' && u.path[1] === name);

  if (settings.emulator === true) {
    // The emulator is self-contained: the OC_* overrides describe a remote service and do not apply to it.
    failOn(
      name,
      unresolved.map((u) => missingVariable(loaded, u)),
    );
    return {
      ...common,
      kind: 'emulator',
      serviceId: settings.serviceId,
      dataDir: path.resolve(loaded.root, settings.dataDir),
      ...(settings.port !== undefined ? { port: settings.port } : {}),
    };
  }

  const diagnostics: Diagnostic[] = [];
  const overridden = new Set<string>();
  const connection: Partial<Record<OverriddenKey, string>> = {};
  for (const key of Object.keys(ENVIRONMENT_OVERRIDES) as OverriddenKey[]) {
    const variable = ENVIRONMENT_OVERRIDES[key];
    const override = setValue(env[variable]);
    if (override === undefined) {
      connection[key] = settings[key];
      continue;
    }
    overridden.add(key);
    connection[key] = override;
    if (!overrideRules[key].test(override)) diagnostics.push(invalidOverride(loaded, name, key, override));
  }
  for (const u of unresolved) {
    if (!overridden.has(u.path[2] as string)) diagnostics.push(missingVariable(loaded, u));
  }
  failOn(name, diagnostics);
  return {
    ...common,
    kind: 'remote',
    baseUrl: (connection.baseUrl as string).replace(/\/+$/, ''),
    serviceId: connection.serviceId as string,
    orgId: connection.orgId as string,
    serviceKey: connection.serviceKey as string,
    ...(connection.orgKey !== undefined ? { orgKey: connection.orgKey } : {}),
    ...(settings.oucode !== undefined ? { oucode: settings.oucode } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
  };
}

function failOn(name: string, diagnostics: Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  const count = diagnostics.length === 1 ? '1 problem' : `${diagnostics.length} problems`;
  throw new UserInputError(`Cannot use environment "${name}": ${count}`, diagnostics);
}

function positionOf(loaded: LoadedConfig, keyPath: readonly PropertyKey[]): { line: number; column: number } {
  for (let length = keyPath.length; length > 0; length--) {
    const position = loaded.positions[formatKeyPath(keyPath.slice(0, length))];
    if (position) return position;
  }
  return { line: 0, column: 0 };
}

function unknownEnvironment(
  loaded: LoadedConfig,
  name: string,
  selectedBy: ResolvedCommon['selectedBy'],
): UserInputError {
  const known = Object.keys(loaded.config.environments);
  const suggestion = didYouMean(name, known);
  const source = selectedBy === 'OC_ENV' ? ' (from OC_ENV)' : '';
  const diagnostic: Diagnostic = {
    file: loaded.displayFile,
    ...positionOf(loaded, ['environments']),
    severity: 'error',
    rule: 'config/unknown-environment',
    message: `there is no environment "${name}"${source}; known: ${known.join(', ')}`,
    hint: suggestion
      ? `did you mean ${suggestion}?`
      : `choose one of ${known.join(', ')}, or add environments.${name} to ${loaded.displayFile}`,
  };
  return new UserInputError(diagnostic.message, [diagnostic]);
}

function missingVariable(loaded: LoadedConfig, unresolved: UnresolvedVariable): Diagnostic {
  const key = unresolved.path[2] as string;
  const variables = unresolved.variables;
  const names = variables.join(' and ');
  const override = (ENVIRONMENT_OVERRIDES as Record<string, string>)[key];
  const exports = variables.map((v) => `export ${v}=...`).join('; ');
  let hint = `${exports} before running oc-sync (in CI, pass it from a secret)`;
  if (override !== undefined && !(variables.length === 1 && variables[0] === override)) {
    hint = `${exports}, or set ${override}, which overrides ${key} in the selected environment`;
  }
  return {
    file: loaded.displayFile,
    line: unresolved.line,
    column: unresolved.column,
    severity: 'error',
    rule: 'config/missing-variable',
    message: `${formatKeyPath(unresolved.path)} needs the environment variable${variables.length > 1 ? 's' : ''} ${names}, which ${variables.length > 1 ? 'are' : 'is'} not set`,
    hint,
  };
}

function invalidOverride(loaded: LoadedConfig, name: string, key: OverriddenKey, value: string): Diagnostic {
  const keyPath = ['environments', name, key];
  const variable = ENVIRONMENT_OVERRIDES[key];
  return {
    file: loaded.displayFile,
    ...positionOf(loaded, keyPath),
    severity: 'error',
    rule: 'config/invalid-value',
    message: `${variable} must be ${overrideRules[key].expected}, got ${describeValue(value, [key])} (it overrides ${formatKeyPath(keyPath)})`,
    hint: `fix or unset ${variable}`,
  };
}
