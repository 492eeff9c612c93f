// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CONFIG_JSON_SCHEMA_PATH,
  configJsonSchema,
  configJsonSchemaText,
} from '../../src/config/json-schema.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  required?: string[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  title?: string;
  description?: string;
};

/**
 * The few JSON Schema keywords the generated schema uses, enough to check a config against it without a validator
 * dependency. Returns the paths that do not match.
 */
function mismatches(schema: JsonSchema, value: unknown, path = '$'): string[] {
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((option) => mismatches(option, value, path).length === 0);
    return matching.length === 1 ? [] : [`${path}: matches ${matching.length} of oneOf`];
  }
  if (schema.const !== undefined && value !== schema.const) return [`${path}: not ${String(schema.const)}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: not in enum`];
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [`${path}: not a string`];
      return schema.pattern && !new RegExp(schema.pattern).test(value) ? [`${path}: pattern`] : [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: not a boolean`];
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value))) {
        return [`${path}: not a ${schema.type}`];
      }
      return value < (schema.minimum ?? -Infinity) || value > (schema.maximum ?? Infinity)
        ? [`${path}: range`]
        : [];
    case 'array':
      if (!Array.isArray(value)) return [`${path}: not an array`];
      if (value.length < (schema.minItems ?? 0)) return [`${path}: too few items`];
      return value.flatMap((item, index) =>
        schema.items ? mismatches(schema.items, item, `${path}[${index}]`) : [],
      );
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${path}: not an object`];
      const record = value as Record<string, unknown>;
      const problems = (schema.required ?? [])
        .filter((key) => !(key in record))
        .map((key) => `${path}.${key}: missing`);
      for (const [key, item] of Object.entries(record)) {
        if (schema.propertyNames)
          problems.push(...mismatches(schema.propertyNames, key, `${path} key ${key}`));
        const property = schema.properties?.[key];
        if (property) problems.push(...mismatches(property, item, `${path}.${key}`));
        else if (schema.additionalProperties === false) problems.push(`${path}.${key}: not allowed`);
        else if (typeof schema.additionalProperties === 'object') {
          problems.push(...mismatches(schema.additionalProperties, item, `${path}.${key}`));
        }
      }
      return problems;
    }
    default:
      return [];
  }
}

function propertiesWithoutHelp(schema: JsonSchema, path = '$'): string[] {
  const nested = [
    ...Object.entries(schema.properties ?? {}).flatMap(([key, property]) => [
      ...(property.title && property.description ? [] : [`${path}.${key}`]),
      ...propertiesWithoutHelp(property, `${path}.${key}`),
    ]),
    ...(schema.oneOf ?? []).flatMap((option, index) => propertiesWithoutHelp(option, `${path}|${index}`)),
    ...(typeof schema.additionalProperties === 'object'
      ? propertiesWithoutHelp(schema.additionalProperties, `${path}.*`)
      : []),
  ];
  return nested;
}

describe('the JSON Schema of sync.config.yaml', () => {
  it('is committed exactly as generated (run `npm run schema` after changing the zod schema)', async () => {
    const committed = await readFile(new URL(`../../${CONFIG_JSON_SCHEMA_PATH}`, import.meta.url), 'utf8');
    expect(committed).toBe(configJsonSchemaText());
  });

  it('is a draft 2020-12 object schema with the config keys, closed to unknown keys', () => {
    const schema = configJsonSchema() as JsonSchema & { $schema: string };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties ?? {})).toEqual([
      'content',
      'languages',
      'timeZone',
      'defaultEnvironment',
      'attachmentUrl',
      'documentUrl',
      'allowUnsafeHtml',
      'translations',
      'environments',
      'sync',
    ]);
    expect(schema.properties?.translations?.properties?.stale?.enum).toEqual(['off', 'warn', 'error']);
    expect(schema.properties?.sync?.properties?.onDrift?.enum).toEqual(['skip', 'fail', 'overwrite']);
    expect(JSON.stringify(schema.properties?.allowUnsafeHtml)).toContain('"event-handlers"');
    expect(schema.properties?.environments?.additionalProperties).toMatchObject({ oneOf: expect.any(Array) });
  });

  it('gives every key a title and description for editors', () => {
    expect(propertiesWithoutHelp(configJsonSchema() as JsonSchema)).toEqual([]);
  });

  it('accepts the repository sync.config.yaml as written, ${VAR} values included', async () => {
    const text = await readFile(`${repositoryRoot}sync.config.yaml`, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/sync.config.schema.json');
    expect(mismatches(configJsonSchema() as JsonSchema, parse(text))).toEqual([]);
  });

  it('rejects what the loader rejects structurally', () => {
    const schema = configJsonSchema() as JsonSchema;
    expect(mismatches(schema, { contnt: 'x' })).toEqual(['$.contnt: not allowed']);
    expect(mismatches(schema, { sync: { concurrency: 40 } })).toEqual(['$.sync.concurrency: range']);
    expect(
      mismatches(schema, { environments: { alpha: { emulator: true, baseUrl: 'https://x.test' } } }),
    ).toEqual(['$.environments.alpha: matches 0 of oneOf']);
  });
});
