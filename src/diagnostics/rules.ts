/**
 * Every rule a diagnostic can name (`[content/unknown-key]` at the end of a line): what it means and what to do.
 * `Diagnostic.rule` is typed by this catalogue, so a rule id that is not here does not compile; the README's rule
 * list is generated from it (`formatRuleTable`, checked by test/report/rules.test.ts). A diagnostic carries its own
 * message and hint, with the file's names and values; the catalogue says what the rule is about in general.
 */

export interface RuleEntry {
  /** What the rule finds, in a user's words. */
  summary: string;
  /** What to do about it, in general. */
  fix: string;
}

/** Problems a text file of the user's can have, wherever it is read: config, Markdown, YAML lists. */
const TEXT_FILE = {
  unreadable: { summary: 'the file cannot be read', fix: 'check that it exists and that you may read it' },
  'file-too-large': {
    summary: 'the file is larger than oc-sync reads',
    fix: 'split it, or move large data into attachments',
  },
  'not-utf8': {
    summary: 'the file is not valid UTF-8',
    fix: 'save it as UTF-8 (the line and byte are named)',
  },
  'control-character': {
    summary: 'the file holds a NUL or an invisible control character',
    fix: 'delete the character at the position named (a binary or corrupted file)',
  },
} as const satisfies Record<string, RuleEntry>;

/** Problems of YAML, wherever it is read: the config, front matter, YAML lists. */
const YAML = {
  'yaml-syntax': { summary: 'the YAML cannot be parsed', fix: 'fix the syntax at the position named' },
  'yaml-too-deep': { summary: 'the YAML is nested deeper than any real file', fix: 'flatten the nesting' },
  'yaml-alias': {
    summary: 'the YAML uses an alias (`*name`) or expands too much',
    fix: 'write the value out instead of referring to an anchor',
  },
  'duplicate-key': {
    summary: 'a key is written twice in one map',
    fix: 'keep one of them: YAML would silently keep only the last',
  },
  'reserved-key': {
    summary: 'a `__proto__` key, which is reserved in JavaScript',
    fix: 'rename the key',
  },
} as const satisfies Record<string, RuleEntry>;

type Prefixed<P extends string, T> = { [K in keyof T as `${P}/${K & string}`]: T[K] };

function prefixed<P extends string, T extends Record<string, RuleEntry>>(
  prefix: P,
  rules: T,
): Prefixed<P, T> {
  return Object.fromEntries(
    Object.entries(rules).map(([id, entry]) => [`${prefix}/${id}`, entry]),
  ) as Prefixed<P, T>;
}

export const RULES = {
  ...prefixed('config', TEXT_FILE),
  ...prefixed('config', YAML),
  'config/file-not-found': {
    summary: 'the config file named with --config does not exist',
    fix: 'check the path given to --config, or leave it out to use the nearest sync.config.yaml',
  },
  'config/not-found': {
    summary: 'no sync.config.yaml in the current folder or any folder above it',
    fix: 'run oc-sync init to create one, run oc-sync inside the project, or pass --config or --cwd',
  },
  'config/unknown-key': {
    summary: 'a key the config does not know',
    fix: 'check the spelling (a suggestion is shown)',
  },
  'config/invalid-value': {
    summary: 'a value of the wrong type or form',
    fix: 'write the value the message names (the JSON Schema in schema/ helps editors)',
  },
  'config/missing-key': {
    summary: 'a required key is missing',
    fix: 'add it, or set the variable that fills it',
  },
  'config/missing-variable': {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own ${VAR} syntax, shown to the user
    summary: 'a `${VAR}` reference names a variable that is not set',
    fix: 'export the variable, or set it as a secret in CI',
  },
  'config/secret-in-file': {
    summary: 'a key is written in the config file itself',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own ${VAR} syntax, shown to the user
    fix: 'replace it with a variable reference such as ${OC_SERVICE_KEY}; keys are never committed',
  },
  'config/key-in-value': {
    summary: "a key's value appears inside a value that is printed or sent in request paths",
    fix: 'remove the key from that value',
  },
  'config/unknown-environment': {
    summary: 'the environment named (--env, OC_ENV, defaultEnvironment) is not in the config',
    fix: 'name one of the environments the message lists',
  },
  'config/conflicting-override': {
    summary: 'an OC_* variable would move a named environment onto another service or account',
    fix: 'unset the variable, or put the value in the config for that environment',
  },

  ...prefixed('content', TEXT_FILE),
  ...prefixed('content', YAML),
  'content/missing-folder': {
    summary: 'the content folder does not exist',
    fix: 'create it, or set content: in the config',
  },
  'content/stray-file': {
    summary: 'a file outside the faq/, notices/ and templates/ folders',
    fix: 'move it into one of them, or out of content/; it is not synced',
  },
  'content/symlink-loop': {
    summary: 'a symbolic link points back to a folder that contains it',
    fix: 'remove the link; it is not followed',
  },
  'content/path-outside-content': {
    summary: 'a link, attachment or symbolic link points outside content/',
    fix: 'move the file into content/, or write a web URL (https:…, /…, or web:…)',
  },
  'content/duplicate-key': {
    summary: 'two files are the same document (names differing only in case, or two files of one language)',
    fix: 'rename or delete one of them',
  },
  'content/unknown-language': {
    summary: 'a translation or name in a language the config does not list',
    fix: 'add the language to languages: in sync.config.yaml, or rename the file',
  },
  'content/orphan-translation': {
    summary: 'a translation without its default-language file',
    fix: 'add the default-language file, or rename the translation',
  },
  'content/front-matter-unclosed': {
    summary: 'front matter starts with --- but never ends',
    fix: 'close it with a line holding only ---',
  },
  'content/front-matter-language': {
    summary: 'front matter in a language other than YAML (`---js`, `---coffee`), which is never run',
    fix: 'start the file with a line of only --- and write the front matter in YAML',
  },
  'content/invalid-front-matter': {
    summary: 'front matter that is not a set of `key: value` lines',
    fix: 'write it as a YAML map',
  },
  'content/unknown-key': {
    summary: 'a front-matter or list key that is not known',
    fix: 'check the spelling (a suggestion is shown)',
  },
  'content/shared-field-in-translation': {
    summary: 'a translation sets a field shared by every language (category, status, dates)',
    fix: 'set it in the default-language file only',
  },
  'content/invalid-value': {
    summary: 'a front-matter or list value of the wrong type or form',
    fix: 'write the value the message names',
  },
  'content/missing-key': { summary: 'a required front-matter or list key is missing', fix: 'add it' },
  'content/empty-title': {
    summary: 'a document has no title',
    fix: 'add title: to the front matter, or start the body with a # heading',
  },
  'content/unknown-code': {
    summary: 'a category, heading or tag code that no YAML list declares',
    fix: 'declare it in _categories.yaml, _headings.yaml or _tags.yaml, or fix the spelling',
  },
  'content/invalid-date': {
    summary: 'a date that cannot be read',
    fix: 'write YYYY-MM-DD or YYYY-MM-DD HH:mm',
  },
  'content/date-order': { summary: "a notice's end is before its start", fix: 'swap or correct the dates' },
  'content/attachment-not-supported': {
    summary: 'attachments on a kind that cannot have them (templates)',
    fix: 'remove the attachment, or link the file from a FAQ or notice',
  },
  'content/missing-attachment': {
    summary: 'a linked or listed attachment file does not exist',
    fix: 'add the file, or fix the path (relative to the Markdown file)',
  },
  'content/broken-link': {
    summary: 'a link to a document that does not exist under content/',
    fix: 'fix the path, or write the link as a web URL',
  },
  'content/web-url-with-scheme': {
    summary: '`web:` in front of a URL with a scheme, which could hide a script URL',
    fix: 'write the URL without web:; web: is only for page-relative URLs',
  },
  'content/unsafe-html': {
    summary:
      'HTML that runs script or embeds another page (script, iframe, on* attributes, javascript: URLs)',
    fix: 'remove it, or allow the kind with allowUnsafeHtml: in sync.config.yaml',
  },
  'content/too-deep': {
    summary: 'Markdown or raw HTML nested deeper than can be rendered',
    fix: 'flatten the nesting',
  },
  'content/too-complex': {
    summary:
      'Markdown that would take the parser minutes (brackets, emphasis runs, huge tables or paragraphs)',
    fix: 'split the paragraph or table',
  },
  'content/render-failed': {
    summary:
      'oc-sync itself failed while rendering a file (an exception, or the worker thread rendering it stopped)',
    fix: 'report it with the file: it is a bug in oc-sync, not in the file; when a worker thread stopped, OC_SYNC_WORKERS=0 renders in one thread',
  },
  'content/duplicate-code': {
    summary: 'a code declared twice in a YAML list',
    fix: 'give one of them another code',
  },
  'content/duplicate-name': {
    summary: 'a name used twice among siblings in a YAML list',
    fix: 'rename one of them: the service tells list items apart by name',
  },
  'content/missing-default-language': {
    summary: 'a list item without a name in the default language',
    fix: 'add the name in the first language of languages:',
  },
  'content/category-depth': { summary: 'a FAQ category deeper than three levels', fix: 'move it up a level' },

  'translations/stale': {
    summary:
      'a translation whose default-language title or body changed since it was marked (`translatedFrom:`)',
    fix: 'update the translation (oc-sync translations shows what changed), then run oc-sync translations mark FILE',
  },
  'translations/never-marked': {
    summary: 'translations without `translatedFrom:`, so oc-sync cannot tell whether they are up to date',
    fix: 'check them against the default-language file, then run oc-sync translations mark FILE…',
  },
  'translations/missing': {
    summary: 'documents without a file for one of the config languages',
    fix: 'add name.<lang>.md files (oc-sync translations --lang L lists them), or set translations.missing: off',
  },
  'translations/mark-refused': {
    summary: 'oc-sync translations mark cannot mark a file as asked',
    fix: 'do what the message says: name files under content/ whose default-language file exists and parses',
  },

  'state/invalid-json': {
    summary: 'the state file is not valid JSON',
    fix: 'restore it from git; if it is lost, rebuild it with oc-sync pull --adopt',
  },
  'state/merge-conflict': {
    summary: 'the state file holds git conflict markers',
    fix: 'resolve the conflict keeping both sides entries, then run plan',
  },
  'state/duplicate-key': { summary: 'a key written twice in the state file', fix: 'keep one of the entries' },
  'state/reserved-key': {
    summary: 'a `__proto__`, `constructor` or `prototype` key in the state file',
    fix: 'remove the entry',
  },
  'state/invalid': { summary: 'the state file does not have the expected form', fix: 'restore it from git' },
  'state/invalid-key': {
    summary: 'a state key that is not a document, list or attachment key of its section',
    fix: 'remove the entry, or restore the file from git',
  },
  'state/shared-id': {
    summary: 'two state entries own the same remote document or list item',
    fix: 'remove the entry that is wrong',
  },
  'state/other-service': {
    summary: 'the state file was made for another service than the environment points at',
    fix: 'check serviceId in sync.config.yaml, or the state file of this environment',
  },
  'state/write-failed': {
    summary: 'the state file could not be written (disk full, read-only)',
    fix: 'free space or fix permissions; the next run completes from the journal',
  },

  'plan/invalid': {
    summary: 'a saved plan file that cannot be applied',
    fix: 'make the plan again with oc-sync plan --out',
  },
  'apply/refused': {
    summary:
      'apply refuses the plan (too many deletes, drift with onDrift: fail, a language the service lacks)',
    fix: 'do what the message says; the plan shows the same refusal',
  },
  'apply/unconfirmed': {
    summary: 'apply to a protected environment cannot ask for confirmation (stdin is not a terminal)',
    fix: 'run it from a terminal and answer yes, or pass --yes in automation',
  },
  'apply/locked': {
    summary: 'another apply to this environment is running',
    fix: 'wait for it; a lock left by a stopped run is taken over',
  },
  'apply/interrupted': {
    summary: 'apply was stopped by a signal',
    fix: 'run apply again: it completes from the journal',
  },
  'pull/refused': {
    summary: 'pull cannot run as asked (the options conflict or name unknown kinds)',
    fix: 'do what the message says',
  },
  'pull/unsafe-path': {
    summary: 'a path from the state or service that would write outside the project',
    fix: 'fix the state entry named',
  },
  'pull/write-failed': {
    summary: 'a pulled file could not be written',
    fix: 'free space or fix permissions',
  },
  'migrate/same-environment': {
    summary: '--from and --to name the same environment',
    fix: 'name two environments',
  },
  'watch/protected': {
    summary: 'watch --apply on a protected environment',
    fix: 'watch without --apply, or choose an unprotected environment with --env',
  },
  'init/file-exists': {
    summary: 'oc-sync init would overwrite a file that is already there',
    fix: 'init writes nothing then: rename or delete the files it names, or edit them by hand',
  },
  'init/invalid-value': {
    summary: 'a value given to oc-sync init (a flag or an answer) is not one the config accepts',
    fix: 'give it again in the form the message names',
  },
} as const satisfies Record<string, RuleEntry>;

export type RuleId = keyof typeof RULES;

/** The prefix of a rule id names the kind of file or the command: `config`, `content`. */
export type YamlRulePrefix = 'config' | 'content';
export type YamlRule = `${YamlRulePrefix}/${keyof typeof YAML}`;
export type TextFileRule = keyof typeof TEXT_FILE;

/** The README's list of rules (between its `rules` markers): one table row per rule, in catalogue order. */
export function formatRuleTable(): string {
  const rows = Object.entries(RULES).map(([id, entry]) => `| \`${id}\` | ${entry.summary} | ${entry.fix} |`);
  return ['| rule | what it finds | what to do |', '|---|---|---|', ...rows].join('\n');
}
