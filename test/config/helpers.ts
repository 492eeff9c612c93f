import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { UserInputError } from '../../src/diagnostics/diagnostic.js';

const made: string[] = [];

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh project folder, removed after the test; `config` becomes its sync.config.yaml when given. */
export async function project(config?: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'oc-sync-config-'));
  made.push(dir);
  if (config !== undefined) await writeFile(path.join(dir, 'sync.config.yaml'), config);
  return dir;
}

/** The UserInputError a call throws; fails the test when it throws nothing or something else. */
export async function userInputError(run: () => unknown): Promise<UserInputError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UserInputError) return error;
    throw error;
  }
  throw new Error('expected a UserInputError, but nothing was thrown');
}

/** Everything a person could see of an error: its message and every diagnostic field. */
export function visibleText(error: UserInputError): string {
  return [error.message, ...error.diagnostics.map((d) => JSON.stringify(d))].join('\n');
}
