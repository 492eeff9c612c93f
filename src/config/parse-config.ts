// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { formatKeyPath } from '../source/key-path.js';
import {
  keyPositions,
  locate,
  parseYamlSource,
  type SourcePosition,
  toPlainValue,
  type YamlSource,
} from '../source/yaml-source.js';
import { describeIssue, expectedPhrase } from './describe-issue.js';
import { hasVariableReference, interpolate, isWholeReference } from './interpolate.js';
import { SECRET_KEYS, type SyncConfig, syncConfigSchema } from './schema.js';

/** An environment value naming a variable that was not set when the config was loaded. */
export interface UnresolvedVariable {
  /** e.g. `['environments', 'alpha', 'serviceKey']`. */
  path: readonly string[];
  /** The unset variables, in order of appearance. */
  variables: readonly string[];
  line: number;
  column: number;
}

export interface ParsedConfig {
  /** Present when there is no error (warnings allowed). */
  config?: SyncConfig;
  /** Errors and warnings, in file order. */
  diagnostics: Diagnostic[];
  unresolved: UnresolvedVariable[];
  /** Environment values as written, by key path, for those holding a `${VAR}` reference: messages show these. */
  references: Record<string, string>;
  /** Where each key is written, by key path (`environments.alpha`), for later messages. */
  positions: Record<string, SourcePosition>;
}

/**
 * Validates config text without touching the file system. Every problem is collected; a missing variable is not
 * one of them, because `validate` and the emulator must work without secrets — it is recorded instead, and
 * resolving that environment fails.
 */
export function parseConfigText(
  text: string,
  options: { file: string; env: NodeJS.ProcessEnv },
): ParsedConfig {
  const { file, env } = options;
  const { source, problems } = parseYamlSource(text);
  const diagnostics: Diagnostic[] = problems.map((problem) => ({
    file,
    ...problem.position,
    severity: 'error',
    rule: problem.rule,
    message: problem.message,
    hint: problem.hint,
  }));
  const positions = keyPositions(source);
  const result: ParsedConfig = { diagnostics, unresolved: [], references: {}, positions };
  // A tree built from broken syntax would only add misleading follow-up errors.
  if (problems.some((problem) => problem.rule !== 'config/duplicate-key')) return result;

  const plain = toPlainValue(source);
  if (plain.problem) {
    const { position, ...rest } = plain.problem;
    diagnostics.push({ file, ...position, severity: 'error', ...rest });
    return result;
  }
  const raw = plain.value ?? {};
  if (!isPlainMap(raw)) {
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      severity: 'error',
      rule: 'config/invalid-value',
      message: 'the config must be a map of keys (content, languages, environments, sync, ...)',
      hint: 'start from the example in the README: content: content, languages: [ko], ...',
    });
    return result;
  }

  const interpolated = interpolateEnvironments(raw, env, source, file, result);
  const parsed = syncConfigSchema.safeParse(interpolated, { error: expectedPhrase });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Shown as written: `${VAR}`, never the value a variable put there (a key, when variables are swapped).
      diagnostics.push(...describeIssue(issue, { source, file, input: raw }));
    }
  }
  diagnostics.push(...checkDefaultEnvironment(interpolated, source, file));
  // File order reads best; at one position the error comes before a warning about the same value.
  const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : 1);
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || rank(a) - rank(b));
  if (parsed.success && !diagnostics.some((d) => d.severity === 'error')) result.config = parsed.data;
  return result;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `${VAR}` applies to environment values only: the rest of the file describes the project, not a machine. */
function interpolateEnvironments(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  source: YamlSource,
  file: string,
  result: ParsedConfig,
): Record<string, unknown> {
  if (!isPlainMap(raw.environments)) return raw;
  const environments: Record<string, unknown> = {};
  for (const [name, settings] of Object.entries(raw.environments)) {
    if (!isPlainMap(settings)) {
      environments[name] = settings;
      continue;
    }
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(settings)) {
      values[key] = value;
      if (typeof value !== 'string') continue;
      const path = ['environments', name, key];
      const position = locate(source, path, 'value');
      if (SECRET_KEYS.has(key) && !isWholeReference(value))
        result.diagnostics.push(literalKey(file, path, position));
      if (hasVariableReference(value)) result.references[formatKeyPath(path)] = value;
      const { value: text, missing, malformed } = interpolate(value, env);
      if (malformed) {
        result.diagnostics.push({
          file,
          ...position,
          severity: 'error',
          rule: 'config/invalid-value',
          message: `${formatKeyPath(path)} has a malformed variable reference`,
          hint: 'write ${NAME} or ${NAME:-default}, NAME being letters, digits and _',
        });
      } else if (missing.length > 0) {
        result.unresolved.push({ path, variables: missing, ...position });
      }
      values[key] = text;
    }
    environments[name] = values;
  }
  return { ...raw, environments };
}

/** A key written into the file is in its git history for good: refused, with the reference to write instead. */
function literalKey(file: string, path: readonly string[], position: SourcePosition): Diagnostic {
  const key = path[2] as string;
  const variable = key === 'orgKey' ? 'OC_ORG_KEY' : 'OC_SERVICE_KEY';
  return {
    file,
    ...position,
    severity: 'error',
    rule: 'config/secret-in-file',
    message: `${formatKeyPath(path)} must be a variable reference such as \${${variable}}: keys are never written in the config file`,
    hint: `write ${key}: \${${variable}}, export ${variable} (in CI, from a secret), and rotate the key if this file was ever committed`,
  };
}

/** Checked outside the schema so it is reported even when other keys are wrong (zod skips refinements then). */
function checkDefaultEnvironment(
  raw: Record<string, unknown>,
  source: YamlSource,
  file: string,
): Diagnostic[] {
  // A wrongly typed value has its own diagnostic already.
  if (raw.environments !== undefined && !isPlainMap(raw.environments)) return [];
  const names = isPlainMap(raw.environments) ? Object.keys(raw.environments) : ['local'];
  const written = raw.defaultEnvironment;
  if (written !== undefined && typeof written !== 'string') return [];
  const name = written ?? 'local';
  if (names.includes(name)) return [];
  const known = names.length > 0 ? names.join(', ') : 'none';
  const suggestion = didYouMean(name, names);
  const message =
    written === undefined
      ? `defaultEnvironment is not set and its default "local" is not one of the environments (${known})`
      : `defaultEnvironment is "${name}", which is not one of the environments (${known})`;
  const hint = suggestion
    ? `did you mean ${suggestion}?`
    : names.length > 0
      ? `set defaultEnvironment to one of: ${known}`
      : 'add an environment, e.g. local: { emulator: true }';
  return [
    {
      file,
      ...(written === undefined
        ? locate(source, ['environments'], 'key')
        : locate(source, ['defaultEnvironment'], 'value')),
      severity: 'error',
      rule: 'config/unknown-environment',
      message,
      hint,
    },
  ];
}
