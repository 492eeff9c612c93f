import { statSync } from 'node:fs';
import path from 'node:path';
import { type Diagnostic, UserInputError, userError } from '../diagnostics/diagnostic.js';
import { readTextFile } from '../source/text-file.js';
import type { SourcePosition } from '../source/yaml-source.js';
import { parseConfigText, type UnresolvedVariable } from './parse-config.js';
import { DEFAULT_CONFIG_FILE, type SyncConfig } from './schema.js';

export type { ResolvedEnvironment, ResolveEnvironmentOptions } from './resolve-environment.js';
// Loading and resolving are used together; one import path keeps call sites short.
export { resolveEnvironment } from './resolve-environment.js';

/** A config is a few dozen lines; anything this large is not one. */
const MAX_CONFIG_BYTES = 256 * 1024;

export interface LoadedConfig {
  config: SyncConfig;
  /** Absolute path of the config file (where it would be, when none exists). */
  file: string;
  /** The folder of the config file: `content` and the emulator's `dataDir` are relative to it. */
  root: string;
  /** The config file as diagnostics name it: relative to the cwd, with `/` separators. */
  displayFile: string;
  /** False when no file exists and the defaults are in use. */
  found: boolean;
  /** Environment values naming a variable that is not set; resolving that environment fails on them. */
  unresolved: readonly UnresolvedVariable[];
  /** Environment values as written, by key path (`environments.alpha.orgId` → `${OC_ORG_ID}`), for references. */
  references?: Readonly<Record<string, string>>;
  /** Where each key is written, by key path (`environments.alpha.baseUrl`). */
  positions: Readonly<Record<string, SourcePosition>>;
  /** Problems that do not stop a run, e.g. a key written into the file. */
  warnings: readonly Diagnostic[];
}

export interface LoadConfigOptions {
  cwd: string;
  /** Relative to `cwd`; defaults to `sync.config.yaml`. */
  file?: string;
  /** Where `${VAR}` values come from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads and validates the config. A project without `sync.config.yaml` runs on the defaults (a fresh clone works
 * against the embedded emulator); a file named explicitly must exist.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = path.resolve(options.cwd);
  const file = path.resolve(cwd, options.file ?? DEFAULT_CONFIG_FILE);
  const displayFile = path.relative(cwd, file).split(path.sep).join('/');
  const { text, warnings } = await readConfigFile(
    file,
    displayFile,
    file !== path.resolve(cwd, DEFAULT_CONFIG_FILE),
  );
  const parsed = parseConfigText(text ?? '', { file: displayFile, env: options.env ?? process.env });
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (!parsed.config || errors.length > 0) {
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    throw new UserInputError(`${displayFile}: ${count} in the config`, parsed.diagnostics);
  }
  return {
    config: parsed.config,
    file,
    root: path.dirname(file),
    displayFile,
    found: text !== undefined,
    unresolved: parsed.unresolved,
    references: parsed.references,
    positions: parsed.positions,
    warnings: [...warnings, ...parsed.diagnostics.filter((d) => d.severity === 'warning')],
  };
}

/**
 * Which config a command uses, as git and npm find theirs: the file named (relative to `cwd`), which must exist, or
 * else the first `sync.config.yaml` in `cwd` or a folder above it. None anywhere is an error naming the folders
 * looked in: a run from the wrong folder must not quietly fall back to the embedded emulator.
 */
export function locateConfig(cwd: string, file?: string): string {
  const start = path.resolve(cwd);
  if (file !== undefined) {
    const named = path.resolve(start, file);
    if (!isFile(named)) throw new UserInputError(`config file ${file} does not exist`, [fileNotFound(file)]);
    return named;
  }
  const searched: string[] = [];
  for (let folder = start; ; folder = path.dirname(folder)) {
    searched.push(folder);
    const candidate = path.join(folder, DEFAULT_CONFIG_FILE);
    if (isFile(candidate)) return candidate;
    if (path.dirname(folder) === folder) break;
  }
  const message = `no ${DEFAULT_CONFIG_FILE} found (looked in ${searched.join(', ')})`;
  throw userError(message, DEFAULT_CONFIG_FILE, 'config/not-found', {
    hint: `run oc-sync init to create one in ${start}, run oc-sync in the project's folder, or name the config: --config <file> (or --cwd <dir>)`,
  });
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}

function fileNotFound(displayFile: string): Diagnostic {
  return {
    file: displayFile,
    line: 0,
    column: 0,
    severity: 'error',
    rule: 'config/file-not-found',
    message: `config file ${displayFile} does not exist`,
    hint: `check --config, or leave it out to use the nearest ${DEFAULT_CONFIG_FILE} in this folder or above`,
  };
}

/** The file's text (none when the default file is absent) and warnings about its bytes. */
async function readConfigFile(
  file: string,
  displayFile: string,
  explicit: boolean,
): Promise<{ text?: string; warnings: Diagnostic[] }> {
  const read = readTextFile(file, MAX_CONFIG_BYTES);
  const missing = read.problems.find((p) => p.rule === 'unreadable')?.code === 'ENOENT';
  if (missing && !explicit) return { warnings: [] };
  const diagnostics: Diagnostic[] = read.problems.map((p) => {
    if (p.rule !== 'unreadable') return { file: displayFile, ...p, rule: `config/${p.rule}` };
    if (missing) return fileNotFound(displayFile);
    return {
      file: displayFile,
      line: 0,
      column: 0,
      severity: 'error',
      rule: 'config/unreadable',
      message: `config file ${displayFile} cannot be read (${p.code ?? p.message})`,
      hint: 'check that it is a readable file',
    };
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new UserInputError(errors[0]?.message ?? 'config file unreadable', diagnostics);
  return { text: read.text, warnings: diagnostics };
}
