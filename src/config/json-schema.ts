import { z } from 'zod';
import { syncConfigSchema } from './schema.js';

/** Where the generated schema lives; `sync.config.yaml` points editors at it. */
export const CONFIG_JSON_SCHEMA_PATH = 'schema/sync.config.schema.json';

/**
 * The JSON Schema of `sync.config.yaml` for editor completion, generated from the zod schema so the two cannot
 * disagree. It describes the file as written: defaulted keys are optional, `${VAR}` values are accepted.
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(syncConfigSchema, { target: 'draft-2020-12', io: 'input' }) as Record<
    string,
    unknown
  >;
}

/** The file's exact text, so a test can tell when the committed copy is stale. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
