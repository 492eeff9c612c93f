import { type DocumentView, normalizeView, ordered } from '../resources/view.js';
import { ATTACHMENT_PLACEHOLDER, type DesiredDocument } from './desired-state.js';

/**
 * A desired document as the planner compares it (its view). Its hash (`hashView`, in `resources/view.ts` with the
 * view types) is computed when content/ is read, and cached with the parse, so deciding "unchanged" never needs a
 * rendered body.
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
