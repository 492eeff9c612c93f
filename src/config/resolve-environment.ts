import path from 'node:path';
import { type Diagnostic, UserInputError } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { formatKeyPath } from '../source/key-path.js';
import { baseUrlRule, keyRule, orgIdRule, serviceIdRule, type TextRule } from './field-rules.js';
import { interpolate } from './interpolate.js';
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

/** One connection value: what it is and where it came from, or the problem that leaves it without one. */
interface ResolvedValue {
  value?: string;
  source?: string;
  problem?: Diagnostic;
}

/** What resolving one connection value looks at. */
interface ValueInputs {
  loaded: LoadedConfig;
  name: string;
  settings: RemoteEnvironmentConfig;
  key: OverriddenKey;
  /** The environment names a variable for the value that is not set. */
  referenceUnset: boolean;
  /** The generic `OC_*` variable of the value, when set. */
  override: string | undefined;
}

/**
 * The connection values of a remote environment. An `OC_*` variable fills a value the environment leaves out (or a
 * baseUrl, serviceId or orgId whose variable is unset); a key the environment names a variable for comes from that
 * variable only, so two environments with their own keys work side by side. A generic variable that differs from a
 * value the file spells out would move a named environment onto another service (or account) without a word, so it
 * is an error — unless the environment says `allowOverrides`.
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
  const reported = new Set<string>();
  for (const key of Object.keys(ENVIRONMENT_OVERRIDES) as OverriddenKey[]) {
    const override = setValue(env[ENVIRONMENT_OVERRIDES[key]]);
    const resolved = resolveValue({ loaded, name, settings, key, referenceUnset: unset.has(key), override });
    if (resolved.value !== undefined) result.connection[key] = resolved.value;
    if (resolved.source !== undefined) result.sources[key] = resolved.source;
    if (resolved.problem !== undefined) {
      result.diagnostics.push(resolved.problem);
      reported.add(key);
    }
  }
  for (const u of unresolved) {
    const key = u.path[2] as string;
    if (result.connection[key as OverriddenKey] === undefined && !reported.has(key))
      result.diagnostics.push(missingVariable(loaded, u, genericFor(loaded, name, settings, key, env)));
  }
  result.diagnostics.push(...keysInPlainValues(loaded, name, result.connection));
  return result;
}

function resolveValue(inputs: ValueInputs): ResolvedValue {
  const { loaded, name, settings, key, referenceUnset, override } = inputs;
  const variable = ENVIRONMENT_OVERRIDES[key];
  const configured = referenceUnset ? undefined : settings[key];
  const written = configSource(loaded, name, key);
  if (ownsItsKey(loaded, name, settings, key)) {
    // An unset variable is reported as missing: the generic key may belong to another environment.
    return configured === undefined
      ? {}
      : { value: configured, source: written + generic(inputs, configured) };
  }
  if (override !== undefined && !overrideRules[key].test(override)) {
    return { problem: invalidOverride(loaded, name, key) };
  }
  if (configured === undefined) {
    if (override !== undefined) {
      const source = referenceUnset ? `${variable}, filling ${written}, which is not set` : variable;
      return { value: override, source };
    }
    return referenceUnset || !REQUIRED_KEYS.has(key) ? {} : { problem: missingKey(loaded, name, key) };
  }
  if (override === undefined || override === configured) {
    return { value: configured, source: written + generic(inputs, configured) };
  }
  if (settings.allowOverrides) {
    return { value: override, source: `${variable}, replacing ${written} (allowOverrides)` };
  }
  const reference = loaded.references?.[formatKeyPath(['environments', name, key])];
  if (reference !== undefined && namesASetVariable(reference, configured)) {
    return { value: configured, source: written + generic(inputs, configured) };
  }
  return { problem: conflictingOverride(loaded, name, key, configured, override) };
}

/** Every remote environment needs these; `orgKey` only `doctor` uses. */
const REQUIRED_KEYS: ReadonlySet<OverriddenKey> = new Set(['baseUrl', 'serviceId', 'orgId', 'serviceKey']);

/**
 * A key the environment names a variable of its own for (not the generic one); `allowOverrides` still lets the
 * generic variable replace it.
 */
function ownsItsKey(
  loaded: LoadedConfig,
  name: string,
  settings: RemoteEnvironmentConfig,
  key: string,
): boolean {
  if (!SECRET_KEYS.has(key) || settings.allowOverrides) return false;
  const reference = loaded.references?.[formatKeyPath(['environments', name, key])];
  return reference !== undefined && reference !== `\${${ENVIRONMENT_OVERRIDES[key as OverriddenKey]}}`;
}

/** What the source line says about the generic variable next to a value taken from the config. */
function generic(inputs: ValueInputs, configured: string): string {
  const { loaded, name, key, override } = inputs;
  const variable = ENVIRONMENT_OVERRIDES[key];
  // Naming the variable it reads is no agreement worth mentioning.
  if (override === undefined || configSource(loaded, name, key).startsWith(`\${${variable}}`)) return '';
  return override === configured ? `; ${variable} agrees` : `; ${variable} ignored`;
}

/**
 * True when a variable of the reference was set when the config was loaded: the value is that variable's, not one
 * the file spells out as a `:-default`.
 */
function namesASetVariable(reference: string, value: string): boolean {
  const withoutVariables = interpolate(reference, {});
  return withoutVariables.missing.length > 0 || withoutVariables.value !== value;
}

/** Whether the generic variable of a value the environment names a variable for may fill it, for the hint. */
interface GenericVariable {
  fills: boolean;
  /** The generic variable, set but not filling a key the environment names a variable for. */
  ignored?: string;
}

function genericFor(
  loaded: LoadedConfig,
  name: string,
  settings: RemoteEnvironmentConfig,
  key: string,
  env: NodeJS.ProcessEnv,
): GenericVariable {
  if (!ownsItsKey(loaded, name, settings, key)) return { fills: true };
  const variable = ENVIRONMENT_OVERRIDES[key as OverriddenKey];
  return setValue(env[variable]) === undefined ? { fills: false } : { fills: false, ignored: variable };
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

function missingVariable(
  loaded: LoadedConfig,
  unresolved: UnresolvedVariable,
  generic: GenericVariable = { fills: true },
): Diagnostic {
  const key = unresolved.path[2] as string;
  const variables = unresolved.variables;
  const names = variables.join(' and ');
  const override = (ENVIRONMENT_OVERRIDES as Record<string, string>)[key];
  const exports = variables.map((v) => `export ${v}=...`).join('; ');
  let hint = `${exports} before running oc-sync (in CI, pass it from a secret)`;
  if (generic.ignored !== undefined) {
    hint += `; ${generic.ignored} is set but does not fill it: a key named by its own variable comes from that variable only`;
  } else if (
    generic.fills &&
    override !== undefined &&
    !(variables.length === 1 && variables[0] === override)
  ) {
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

/** A value every remote environment needs, neither written under it nor given by its `OC_*` variable. */
function missingKey(loaded: LoadedConfig, name: string, key: OverriddenKey): Diagnostic {
  const keyPath = ['environments', name, key];
  const variable = ENVIRONMENT_OVERRIDES[key];
  const write = SECRET_KEYS.has(key) ? `${key}: \${VARIABLE} (a variable holding the key)` : `${key}: ...`;
  return {
    file: loaded.displayFile,
    ...positionOf(loaded, keyPath),
    severity: 'error',
    rule: 'config/missing-key',
    message: `${formatKeyPath(keyPath)} is not in the config, and ${variable}, which fills it then, is not set`,
    hint: `export ${variable}=... before running oc-sync (in CI, from a secret), or write ${write} under environments.${name} in ${loaded.displayFile}`,
  };
}
