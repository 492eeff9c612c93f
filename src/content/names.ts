import path from 'node:path';

/**
 * Document keys and languages from file names (DESIGN §1): `faq/billing/refund.md` is the default language of the
 * key `faq/billing/refund`, `faq/billing/refund.en.md` its English translation.
 */

export interface DocumentName {
  key: string;
  /** The language of the file; the default language for `name.md`. */
  language: string;
  /** True for `name.md` (or `name.<default>.md`). */
  isDefault: boolean;
  /** Set when the suffix looks like a language code that the config does not list. */
  unknownLanguage?: string;
}

/** Suffixes that look like a language code: `en`, `zh_TW`, `pt-BR`. Anything else is part of the name. */
const LANGUAGE_LIKE = /^[a-z]{2}(?:[-_][A-Za-z]{2,4})?$/;

export function parseDocumentName(rel: string, languages: readonly string[]): DocumentName {
  const defaultLanguage = languages[0] ?? 'ko';
  const withoutExt = rel.replace(/\.md$/, '');
  const dot = withoutExt.lastIndexOf('.');
  const slash = withoutExt.lastIndexOf('/');
  if (dot > slash + 1) {
    const suffix = withoutExt.slice(dot + 1);
    const key = withoutExt.slice(0, dot);
    if (languages.includes(suffix)) return { key, language: suffix, isDefault: suffix === defaultLanguage };
    if (LANGUAGE_LIKE.test(suffix))
      return { key, language: suffix, isDefault: false, unknownLanguage: suffix };
  }
  return { key: withoutExt, language: defaultLanguage, isDefault: true };
}

/** The key a relative `.md` link points at, from the linking document's content-relative path. */
export function linkedKey(fromRel: string, target: string, languages: readonly string[]): string {
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), target));
  return parseDocumentName(joined, languages).key;
}

/**
 * Bytes of UTF-8 a name pull makes may take: file systems allow 255 per segment, and a key gets `.<lang>.md` and a
 * name `-2` appended.
 */
export const MAX_SEGMENT_BYTES = 200;
/** A key's last segment plus `.md` must fit the 255 bytes of a file name, or its file could not exist. */
const MAX_KEY_SEGMENT_BYTES = 252;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** How a Markdown file in `fromFolder` links to `target` (both content-relative): `./x.md`, `../a/x.md`. */
export function relativeLink(fromFolder: string, target: string): string {
  const relative = path.posix.relative(fromFolder, target);
  return relative.startsWith('../') ? relative : `./${relative}`;
}

/**
 * Why `key` could not be the key of a document of the kind whose folder is `folder`, or undefined when it can.
 * The rules are those a key read from `content/` meets by construction (it is a path of a file the reader reads):
 * relative, `/`-separated, inside its kind's folder, no `.` / `..` or empty segments, no segment the reader skips
 * (`_` or `.` first), no control characters or backslashes, a name that reads back as the same key. Keys from the
 * state file are checked with them before pull turns them into paths.
 */
export function documentKeyProblem(key: string, folder: string): string | undefined {
  const problem = relativePathProblem(key, MAX_KEY_SEGMENT_BYTES);
  if (problem) return problem;
  const segments = key.split('/');
  const skipped = segments.find((segment) => segment.startsWith('.') || segment.startsWith('_'));
  if (skipped !== undefined)
    return `its segment ${JSON.stringify(skipped)} starts with ${skipped[0]}, which content/ does not read`;
  if (segments[0] !== folder || segments.length < 2) return `it is not inside ${folder}/`;
  if (parseDocumentName(`${key}.md`, []).key !== key)
    return 'its name ends like a language suffix, so its file would be read as a translation';
  return undefined;
}

/**
 * Why `rel` is no plain relative path below its root (`/`-separated, no `.`, `..` or empty segments, no control
 * characters or backslashes, no segment over `maxSegmentBytes` of UTF-8), or undefined when it is one.
 */
export function relativePathProblem(rel: string, maxSegmentBytes = 255): string | undefined {
  if (rel.length === 0) return 'it is empty';
  if (CONTROL.test(rel)) return 'it holds a control character';
  if (rel.includes('\\')) return 'it holds a backslash';
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel)) return 'it is an absolute path';
  for (const segment of rel.split('/')) {
    if (segment === '' || segment === '.' || segment === '..')
      return `it has a ${JSON.stringify(segment)} path segment`;
    if (Buffer.byteLength(segment) > maxSegmentBytes)
      return `its segment ${JSON.stringify(`${segment.slice(0, 20)}…`)} is longer than ${maxSegmentBytes} bytes`;
  }
  return undefined;
}
