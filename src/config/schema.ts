// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config's interpolation syntax, not a mistaken template.
import { z } from 'zod';
import { UNSAFE_HTML_KINDS } from '../content/unsafe-html.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { languageCode } from '../resources/wire.js';
import {
  baseUrlRule,
  isTimeZone,
  keyRule,
  nonEmptyRule,
  orgIdRule,
  serviceIdRule,
  type TextRule,
} from './field-rules.js';
import { hasVariableReference } from './interpolate.js';
import {
  DEFAULT_ATTACHMENT_URL,
  DEFAULT_DOCUMENT_URL,
  URL_TEMPLATE_PLACEHOLDERS,
  unknownPlaceholders,
} from './url-template.js';

/**
 * The schema of `sync.config.yaml` (DESIGN §2). One source for the types, the validation and the JSON Schema
 * editors use. Every check carries an "expected" phrase as its message, so a failure reads
 * `<key> must be <expected>, got <value>`; a `hint` in the issue params says what to do when that is not obvious.
 */

export const DEFAULT_CONFIG_FILE = 'sync.config.yaml';
export const DEFAULT_EMULATOR_DATA_DIR = '.oc-sync/emulator';
export const DEFAULT_EMULATOR_SERVICE_ID = 'HelpCenter';

/** Keys whose values are credentials: their values never appear in messages. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['serviceKey', 'orgKey']);

function integer(min: number, max?: number) {
  const expected = max === undefined ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  const atLeast = z.int({ error: expected }).min(min, { error: expected });
  return max === undefined ? atLeast : atLeast.max(max, { error: expected });
}

const flag = () => z.boolean({ error: 'true or false' });

/** A text value of an environment: interpolated from the process environment, so `${VAR}` is checked later. */
function environmentText(rule: TextRule) {
  return z
    .string({ error: rule.expected })
    .refine((value) => hasVariableReference(value) || rule.test(value), { error: rule.expected });
}

const templateExpected = `a URL template using only ${URL_TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}, with {id}`;

function urlTemplate() {
  return z.string({ error: templateExpected }).superRefine((value, ctx) => {
    if (hasVariableReference(value)) return;
    const [unknown] = unknownPlaceholders(value);
    if (unknown !== undefined) {
      const suggestion = didYouMean(unknown, URL_TEMPLATE_PLACEHOLDERS);
      const hint = suggestion
        ? `{${unknown}} is not a placeholder; did you mean {${suggestion}}?`
        : `{${unknown}} is not a placeholder`;
      ctx.addIssue({ code: 'custom', message: templateExpected, params: { hint } });
    } else if (!value.includes('{id}')) {
      ctx.addIssue({
        code: 'custom',
        message: templateExpected,
        params: { hint: 'without {id} every link would point at the same address' },
      });
    }
  });
}

const attachmentUrl = urlTemplate().meta({
  title: 'Attachment URL template',
  description:
    'Where rendered HTML links an uploaded file. Placeholders: {baseUrl}, {serviceId}, {kind} (notice or help) and {id} (the attachment id).',
});

const documentUrl = urlTemplate().meta({
  title: 'Document URL template',
  description:
    'Where rendered HTML links another document on the help center. Placeholders: {baseUrl}, {serviceId}, {kind} (faq or notice) and {id} (the document id).',
});

const protectedFlag = flag().default(false).meta({
  title: 'Protected',
  description: '`watch --apply` refuses a protected environment, and `apply` needs an explicit --env for it.',
});

export const emulatorEnvironmentSchema = z.strictObject({
  emulator: z.literal(true, { error: 'true' }).meta({
    title: 'Emulator',
    description: 'Run a local Online Contact in-process instead of calling a remote service.',
  }),
  protected: protectedFlag,
  port: integer(0, 65535)
    .optional()
    .meta({ title: 'Port', description: 'Port the emulator listens on; 0 or unset picks a free one.' }),
  dataDir: environmentText(nonEmptyRule).default(DEFAULT_EMULATOR_DATA_DIR).meta({
    title: 'Data folder',
    description: 'Where the emulator keeps its data, relative to the config file.',
  }),
  serviceId: environmentText(serviceIdRule)
    .default(DEFAULT_EMULATOR_SERVICE_ID)
    .meta({ title: 'Service ID', description: 'The service id the emulator serves.' }),
  attachmentUrl: attachmentUrl.optional(),
  documentUrl: documentUrl.optional(),
});

export const remoteEnvironmentSchema = z.strictObject({
  emulator: z
    .literal(false, { error: 'false or left out' })
    .optional()
    .meta({ title: 'Emulator', description: 'Leave out (or false) for a remote Online Contact service.' }),
  // Left out, these are filled from their OC_* variable when the environment is resolved (DESIGN §2).
  baseUrl: environmentText(baseUrlRule).optional().meta({
    title: 'Base URL',
    description:
      'The Online Contact host, e.g. https://{domain}.oc.nhncloud.com. May use ${VAR}. Left out, OC_BASE_URL fills it (see allowOverrides).',
  }),
  serviceId: environmentText(serviceIdRule).optional().meta({
    title: 'Service ID',
    description:
      'The service whose help center is synced. May use ${VAR}. Left out, OC_SERVICE_ID fills it (see allowOverrides).',
  }),
  orgId: environmentText(orgIdRule).optional().meta({
    title: 'Organization ID',
    description: 'Prefixes every signature. Usually ${OC_ORG_ID}. Left out, OC_ORG_ID fills it.',
  }),
  serviceKey: environmentText(keyRule('OC_SERVICE_KEY')).optional().meta({
    title: 'Service key',
    description:
      'The Open API key of the service. Never write it in the file: use ${OC_SERVICE_KEY}, or a variable of its own per environment (that variable is then the only source). Left out, OC_SERVICE_KEY fills it.',
  }),
  orgKey: environmentText(keyRule('OC_ORG_KEY')).optional().meta({
    title: 'Organization key',
    description:
      'Only `doctor` uses it, to check the organization. Never write it in the file: use ${OC_ORG_KEY}. Left out, OC_ORG_KEY fills it.',
  }),
  oucode: environmentText(nonEmptyRule).optional().meta({
    title: 'OUCODE',
    description: 'The agent usercode that calls act as (defaults to the organization owner).',
  }),
  protected: protectedFlag,
  allowOverrides: flag().default(false).meta({
    title: 'Allow overrides',
    description:
      'Let OC_BASE_URL, OC_SERVICE_ID, OC_ORG_ID, OC_SERVICE_KEY and OC_ORG_KEY replace values this environment sets. Without it they fill values left out (and a baseUrl, serviceId or orgId whose variable is unset); a key named by its own ${VAR} comes from that variable only; a generic variable that differs from a value written out is an error.',
  }),
  timeoutMs: integer(1, 600_000)
    .optional()
    .meta({ title: 'Request timeout (ms)', description: 'Overrides sync.timeoutMs for this environment.' }),
  attachmentUrl: attachmentUrl.optional(),
  documentUrl: documentUrl.optional(),
});

export const environmentSchema = z
  .discriminatedUnion('emulator', [emulatorEnvironmentSchema, remoteEnvironmentSchema], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'true (the local emulator) or left out (a remote service)'
        : 'a map of environment settings',
  })
  .meta({
    title: 'Environment',
    description:
      '`{ emulator: true }` for the local emulator, or the connection to a remote Online Contact service.',
  });

export const environmentNameExpected = 'letters, digits, _ and -, starting with a letter or digit';

/** Names become file names (`.oc-sync/state/<name>.json`), so they are restricted to safe characters. */
const environmentName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: environmentNameExpected });

export const syncSettingsSchema = z.strictObject({
  concurrency: integer(1, 32)
    .default(4)
    .meta({ title: 'Concurrency', description: 'How many requests run at once.' }),
  requestsPerSecond: z
    .number({ error: 'a number greater than 0' })
    .gt(0, { error: 'a number greater than 0' })
    .default(10)
    .meta({ title: 'Requests per second', description: 'Rate limit for calls to the service.' }),
  prune: flag().default(false).meta({
    title: 'Prune',
    description: 'Delete remote documents whose source file is gone (like --prune).',
  }),
  maxDeletes: integer(0).default(20).meta({
    title: 'Maximum deletes',
    description: 'A run refuses to delete more than this without --max-deletes.',
  }),
  onDrift: z
    .enum(['skip', 'fail', 'overwrite'], { error: 'one of skip, fail, overwrite' })
    .default('skip')
    .meta({
      title: 'On drift',
      description:
        'What to do with a document changed in the web console since the last apply: skip it (and exit 1), fail before writing, or overwrite it.',
    }),
  retries: integer(0, 10)
    .default(4)
    .meta({ title: 'Retries', description: 'Retries for 429, 5xx and network errors on safe calls.' }),
  timeoutMs: integer(1, 600_000)
    .default(30_000)
    .meta({ title: 'Request timeout (ms)', description: 'How long one request may take.' }),
});

const languages = z
  .array(languageCode, { error: 'a list of language codes such as [ko, en]' })
  .min(1, { error: 'a list of at least one language code' })
  .superRefine((codes, ctx) => {
    codes.forEach((code, index) => {
      if (codes.indexOf(code) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: 'a language not listed before',
          params: { hint: `remove the second ${code}` },
        });
      }
    });
  });

const unsafeKindsExpected = `true, false, or a list of ${UNSAFE_HTML_KINDS.join(', ')}`;

const allowUnsafeHtml = z
  .union(
    [
      z.boolean({ error: unsafeKindsExpected }),
      z.array(z.enum(UNSAFE_HTML_KINDS, { error: unsafeKindsExpected }), { error: unsafeKindsExpected }),
    ],
    { error: unsafeKindsExpected },
  )
  .meta({
    title: 'Allow unsafe HTML',
    description:
      'Raw HTML that runs script or embeds another page is a validation error: <script> (script), <iframe>/<frame> (iframe), <object>/<embed>/<applet> (object), on* attributes (event-handlers), javascript:/vbscript:/data: URLs other than images (unsafe-urls). true allows all of them; a list allows the kinds it names, e.g. [iframe] for embedded videos.',
  });

const gateExpected = 'one of off, warn, error';
const gate = (title: string, description: string) =>
  z.enum(['off', 'warn', 'error'], { error: gateExpected }).default('warn').meta({ title, description });

/** What validate, plan and the Action make of translations that fell behind or do not exist (issue 21). */
export const translationSettingsSchema = z.strictObject({
  stale: gate(
    'Stale translations',
    'A translation whose default-language document changed since it was marked (translatedFrom), or that was never marked: off, warn (the default), or error (validate exits 1, apply refuses, the PR check fails).',
  ),
  missing: gate(
    'Missing translations',
    'A document without a file for one of the config languages: off, warn (the default, one warning per language), or error.',
  ),
});

export const syncConfigSchema = z
  .strictObject({
    content: z.string({ error: 'a folder path' }).min(1, { error: 'a folder path' }).default('content').meta({
      title: 'Content folder',
      description: 'The folder with the Markdown, relative to the config file.',
    }),
    languages: languages.default(['ko']).meta({
      title: 'Languages',
      description:
        'The service languages; the first is the default (name.md), the others are translations (name.<lang>.md).',
    }),
    timeZone: z
      .string({ error: 'an IANA time zone such as Asia/Seoul' })
      .refine(isTimeZone, { error: 'an IANA time zone such as Asia/Seoul' })
      .default('Asia/Seoul')
      .meta({ title: 'Time zone', description: 'The zone of dates written without one in front matter.' }),
    defaultEnvironment: z
      .string({ error: 'the name of an environment' })
      .default('local')
      .meta({ title: 'Default environment', description: 'Used when neither --env nor OC_ENV names one.' }),
    attachmentUrl: attachmentUrl.default(DEFAULT_ATTACHMENT_URL),
    documentUrl: documentUrl.default(DEFAULT_DOCUMENT_URL),
    allowUnsafeHtml: allowUnsafeHtml.default(false),
    translations: translationSettingsSchema.prefault({}).meta({
      title: 'Translations',
      description: 'How stale and missing translations are reported: off, warn or error for each.',
    }),
    environments: z
      .record(environmentName, environmentSchema, { error: 'a map from environment name to its settings' })
      .prefault({ local: { emulator: true } })
      .meta({
        title: 'Environments',
        description:
          'Named targets. `${VAR}` and `${VAR:-default}` in their values read the process environment.',
      }),
    sync: syncSettingsSchema
      .prefault({})
      .meta({ title: 'Sync settings', description: 'Concurrency, rate limit, deletes and drift handling.' }),
  })
  .meta({
    title: 'oc-sync configuration',
    description:
      'sync.config.yaml: the content folder, languages, environments and sync settings of oc-sync.',
  });

export type SyncConfig = z.output<typeof syncConfigSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type EmulatorEnvironmentConfig = z.output<typeof emulatorEnvironmentSchema>;
export type RemoteEnvironmentConfig = z.output<typeof remoteEnvironmentSchema>;
export type SyncSettings = z.output<typeof syncSettingsSchema>;
export type TranslationSettings = z.output<typeof translationSettingsSchema>;

function isEmulator(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { emulator?: unknown }).emulator === true;
}

/** The keys a map at `path` may hold, for "unknown key" suggestions; `value` is the map as written. */
export function knownKeys(path: readonly PropertyKey[], value: unknown): readonly string[] {
  if (path.length === 0) return Object.keys(syncConfigSchema.shape);
  if (path.length === 1 && path[0] === 'sync') return Object.keys(syncSettingsSchema.shape);
  if (path.length === 2 && path[0] === 'environments') {
    return Object.keys((isEmulator(value) ? emulatorEnvironmentSchema : remoteEnvironmentSchema).shape);
  }
  return [];
}
