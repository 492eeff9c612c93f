import { createHash } from 'node:crypto';
import { type DocumentView, ordered } from '../resources/view.js';
import { ATTACHMENT_PLACEHOLDER, type DesiredDocument } from './model.js';

/**
 * A desired document as the planner compares it (its view), and hashes of views: the payload hash in the state
 * file is the hash of the view that was last applied. Computed when content/ is read, and cached with the parse,
 * so deciding "unchanged" never needs a rendered body.
 */

const pathPlaceholder = new RegExp(`${ATTACHMENT_PLACEHOLDER.replace(/[/]/g, '\\/')}([^"#?]+)`, 'g');

/**
 * The desired document as a view: attachment paths become what `refByPath` maps them to — their identities
 * (`attachmentIdentity`: MD5 and file name); the MD5s alone for the hash older versions recorded — unset fields
 * drop out, tags compare as a set.
 */
export function desiredDocumentView(
  doc: Pick<DesiredDocument, 'fields' | 'contents'>,
  refByPath: ReadonlyMap<string, string>,
  languages: readonly string[],
): DocumentView {
  const contents: DocumentView['contents'] = {};
  for (const [language, content] of Object.entries(doc.contents)) {
    contents[language] = {
      title: content.title,
      html: content.loadBody().replace(pathPlaceholder, (whole, path: string) => {
        const ref = refByPath.get(path);
        return ref ? `${ATTACHMENT_PLACEHOLDER}${ref}` : whole;
      }),
      attachments: content.attachments.map((path) => refByPath.get(path) ?? `missing:${path}`),
    };
  }
  return normalizeView({ fields: doc.fields, contents: ordered(contents, languages) });
}

/** Drops undefined fields and sorts tag codes, so equal content gives equal views from either side. */
export function normalizeView(view: DocumentView): DocumentView {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(view.fields)) {
    if (value === undefined) continue;
    fields[name] = name === 'tagCodes' && Array.isArray(value) ? [...value].sort() : value;
  }
  return { fields, contents: view.contents };
}

/** JSON with sorted keys: the same data always gives the same text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

export function hashView(view: unknown): string {
  return createHash('sha256').update(stableJson(view)).digest('hex');
}
