import path from 'node:path';
import { type Diagnostic, UserInputError } from '../report/diagnostic.js';
import { didYouMean } from '../report/did-you-mean.js';
import { formatKeyPath } from '../source/key-path.js';
import { baseUrlRule, keyRule, orgIdRule, serviceIdRule, type TextRule } from './field-rules.js';
import type { LoadedConfig } from './load.js';
import type { UnresolvedVariable } from './parse-config.js';
import { type EmulatorEnvironmentConfig, type RemoteEnvironmentConfig, SECRET_KEYS } from './schema.js';

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
  /** `OC_*` connection variables that are set but do not apply to the emulator, so people are not misled. */
  ignoredOverrides: string[];
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
  /** Where each connection value came from, for people: a config line, a variable; never the value of a key. */
  sources: ConnectionSources;
}

export type ConnectionSources = Partial<Record<OverriddenKey, string>>;

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
      ignoredOverrides: Object.values(ENVIRONMENT_OVERRIDES).filter((v) => setValue(env[v]) !== undefined),
      ...(settings.port !== undefined ? { port: settings.port } : {}),
    };
  }

  const { connection, sources, diagnostics } = resolveConnection(loaded, name, settings, unresolved, env);
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
    sources,
  };
}

interface ResolvedConnection {
  connection: Partial<Record<OverriddenKey, string>>;
  sources: ConnectionSources;
  diagnostics: Diagnostic[];
}

/**
 * The connection values of a remote environment. An `OC_*` variable fills a value the environment leaves unset or
 * whose variable is unset; one that differs from a value the environment sets would move a named environment onto
 * another service (or account) without a word, so it is an error — unless the environment says `allowOverrides`.
 */
function resolveConnection(
  loaded: LoadedConfig,
  name: string,
  settings: RemoteEnvironmentConfig,
  unresolved: readonly UnresolvedVariable[],
  env: NodeJS.ProcessEnv,
): ResolvedConnection {
  const result: ResolvedConnection = { connection: {}, sources: {}, diagnostics: [] };
  const unset = new Set(unresolved.map((u) => u.path[2] as string));
  for (const key of Object.keys(ENVIRONMENT_OVERRIDES) as OverriddenKey[]) {
    const variable = ENVIRONMENT_OVERRIDES[key];
    const override = setValue(env[variable]);
    const configured = unset.has(key) ? undefined : settings[key];
    const written = configSource(loaded, name, key);
    if (override !== undefined && !overrideRules[key].test(override)) {
      result.diagnostics.push(invalidOverride(loaded, name, key));
    } else if (override === undefined || override === configured) {
      if (configured !== undefined) result.sources[key] = written;
      // Naming the variable it reads is no agreement worth mentioning.
      const agrees = override !== undefined && !written.startsWith(`\${${variable}}`);
      if (configured !== undefined && agrees) result.sources[key] += `; ${variable} agrees`;
      result.connection[key] = configured;
    } else if (configured === undefined) {
      result.connection[key] = override;
      result.sources[key] = unset.has(key) ? `${variable}, filling ${written}, which is not set` : variable;
    } else if (settings.allowOverrides) {
      result.connection[key] = override;
      result.sources[key] = `${variable}, replacing ${written} (allowOverrides)`;
    } else {
      result.diagnostics.push(conflictingOverride(loaded, name, key, configured, override));
    }
  }
  for (const u of unresolved) {
    if (result.connection[u.path[2] as OverriddenKey] === undefined && !isOverride(u, env))
      result.diagnostics.push(missingVariable(loaded, u));
  }
  result.diagnostics.push(...keysInPlainValues(loaded, name, result.connection));
  return result;
}

/** An unset reference that a (invalid) override tried to fill is reported once, as the invalid override. */
function isOverride(unresolved: UnresolvedVariable, env: NodeJS.ProcessEnv): boolean {
  const key = unresolved.path[2] as string;
  const variable = (ENVIRONMENT_OVERRIDES as Record<string, string>)[key];
  return variable !== undefined && setValue(env[variable]) !== undefined;
}

/** `sync.config.yaml:4`, or `${OC_ORG_ID} at sync.config.yaml:6` for a value naming a variable. */
function configSource(loaded: LoadedConfig, name: string, key: OverriddenKey): string {
  const keyPath = ['environments', name, key];
  const { line } = positionOf(loaded, keyPath);
  const at = `${loaded.displayFile}:${line}`;
  const reference = loaded.references?.[formatKeyPath(keyPath)];
  return reference === undefined ? at : `${reference} at ${at}`;
}

/** How a value is shown in a message: never a key, and a value naming a variable as written. */
function shownValue(loaded: LoadedConfig, name: string, key: OverriddenKey, value: string): string {
  if (SECRET_KEYS.has(key)) return '(a key, not shown)';
  return loaded.references?.[formatKeyPath(['environments', name, key])] ?? JSON.stringify(value);
}

function conflictingOverride(
  loaded: LoadedConfig,
  name: string,
  key: OverriddenKey,
  configured: string,
  override: string,
): Diagnostic {
  const keyPath = ['environments', name, key];
  const variable = ENVIRONMENT_OVERRIDES[key];
  const secret = SECRET_KEYS.has(key);
  const differs = secret
    ? `${variable} holds another key than ${formatKeyPath(keyPath)} (${configSource(loaded, name, key)}); neither is shown`
    : `${variable} is ${JSON.stringify(override)}, but ${formatKeyPath(keyPath)} is ${shownValue(loaded, name, key, configured)}`;
  return {
    file: loaded.displayFile,
    ...positionOf(loaded, keyPath),
    severity: 'error',
    rule: 'config/conflicting-override',
    message: `${differs}: the variable would silently move environment ${name} onto another ${key === 'baseUrl' || key === 'serviceId' ? 'service' : 'account'}`,
    hint: `unset ${variable} to use ${name} as configured; to take the value from the variable, write ${key}: \${${variable}} in ${loaded.displayFile}, or set allowOverrides: true under environments.${name}`,
  };
}

/**
 * A key inside a URL or id (variables swapped: `serviceId: ${OC_SERVICE_KEY}`) would be printed and sent in every
 * path; refused, naming the values, never showing them.
 */
function keysInPlainValues(
  loaded: LoadedConfig,
  name: string,
  connection: Partial<Record<OverriddenKey, string>>,
): Diagnostic[] {
  const keys = (['serviceKey', 'orgKey'] as const).filter((k) => (connection[k]?.length ?? 0) >= 6);
  const diagnostics: Diagnostic[] = [];
  for (const plain of ['baseUrl', 'serviceId', 'orgId'] as const) {
    const holder = keys.find((k) => connection[plain]?.includes(connection[k] as string));
    if (holder === undefined) continue;
    const keyPath = ['environments', name, plain];
    diagnostics.push({
      file: loaded.displayFile,
      ...positionOf(loaded, keyPath),
      severity: 'error',
      rule: 'config/key-in-value',
      message: `${formatKeyPath(keyPath)} holds the value of ${holder} (not shown): ${plain} is printed and sent in every request path, a key never may be`,
      hint: `check which variable ${plain} (${configSource(loaded, name, plain)}) and ${holder} (${configSource(loaded, name, holder)}) name: they look swapped`,
    });
  }
  return diagnostics;
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
    hint = `${exports}, or set ${override}, which fills ${key} when its variable is not set`;
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

function invalidOverride(loaded: LoadedConfig, name: string, key: OverriddenKey): Diagnostic {
  const keyPath = ['environments', name, key];
  const variable = ENVIRONMENT_OVERRIDES[key];
  return {
    file: loaded.displayFile,
    ...positionOf(loaded, keyPath),
    severity: 'error',
    rule: 'config/invalid-value',
    // The value is not shown: one that fails its check is often another variable's (a key, when secrets are swapped).
    message: `${variable} must be ${overrideRules[key].expected}; its value is not that, and is not shown (it overrides ${formatKeyPath(keyPath)})`,
    hint: `fix or unset ${variable}`,
  };
}
