import { escapeRegExp, fillUrlTemplate, urlTemplatePatternSource } from '../config/url-template.js';
import { ATTACHMENT_PLACEHOLDER, DOCUMENT_PLACEHOLDER } from '../content/desired-state.js';
import { attachmentStores } from '../resources/attachment.js';
import { documentKindsOfUrl, urlKindOf, urlKinds } from '../resources/registry.js';

/**
 * Placeholders ↔ URLs in document HTML. Rendered Markdown carries `oc-sync:attachment/<identity>` (MD5 and file name, see `attachmentIdentity`) and
 * `oc-sync:document/<key>`; the service holds real URLs built from the `attachmentUrl` and `documentUrl` templates.
 * Writing fills the templates; reading recognises URLs the templates produce and turns them back, so local and
 * remote compare in one space.
 */

export interface LinkTargets {
  baseUrl: string;
  serviceId: string;
  attachmentUrl: string;
  documentUrl: string;
}

/** `{kind}` of the document URL for each document kind (`urlKind`); templates have no public page. */
export { urlKindOf };

function templatePattern(
  template: string,
  targets: LinkTargets,
  kinds: readonly string[],
  id: string,
): RegExp {
  const source = urlTemplatePatternSource(template, targets, kinds, id);
  // A root-relative template (`/hc/{serviceId}/…`) matches only a whole URL, never the path of another site's one.
  const start = source.startsWith('/') ? `(?<![^\\s"'=])` : '';
  return new RegExp(`${start}${source}`, 'g');
}

export interface LinkCodec {
  /** Placeholders → URLs. Unknown targets stay placeholders (the caller checks `unresolved` first). */
  write(html: string, store: string): string;
  /** URLs → placeholders. */
  read(html: string): string;
  /** The placeholders in `html` that `write` could not turn into URLs. */
  unresolved(html: string): string[];
}

export function createLinkCodec(
  targets: LinkTargets,
  lookup: {
    attachmentId(store: string, identity: string): string | undefined;
    attachmentIdentity(attachmentId: string): string | undefined;
    documentId(key: string): { kind: string; id: number } | undefined;
    documentKey(kind: string, id: number): string | undefined;
  },
): LinkCodec {
  const attachmentPattern = new RegExp(`${escapeRegExp(ATTACHMENT_PLACEHOLDER)}([0-9a-f]{32})`, 'g');
  const documentPattern = new RegExp(`${escapeRegExp(DOCUMENT_PLACEHOLDER)}([^"#?\\s]+)`, 'g');
  const attachmentUrls = templatePattern(targets.attachmentUrl, targets, attachmentStores, '[0-9a-f]{32}');
  const documentUrls = templatePattern(targets.documentUrl, targets, urlKinds, '\\d+');

  const attachmentUrl = (store: string, id: string) =>
    fillUrlTemplate(targets.attachmentUrl, {
      baseUrl: targets.baseUrl,
      serviceId: targets.serviceId,
      kind: store,
      id,
    });

  return {
    write(html, store) {
      return html
        .replace(attachmentPattern, (whole, identity: string) => {
          const id = lookup.attachmentId(store, identity);
          return id ? attachmentUrl(store, id) : whole;
        })
        .replace(documentPattern, (whole, key: string) => {
          const target = lookup.documentId(key);
          if (!target) return whole;
          return fillUrlTemplate(targets.documentUrl, {
            baseUrl: targets.baseUrl,
            serviceId: targets.serviceId,
            kind: urlKindOf(target.kind),
            id: target.id,
          });
        });
    },
    read(html) {
      return html
        .replace(attachmentUrls, (whole, ...args) => {
          const groups = args.at(-1) as { id: string };
          const identity = lookup.attachmentIdentity(groups.id);
          return identity ? `${ATTACHMENT_PLACEHOLDER}${identity}` : whole;
        })
        .replace(documentUrls, (whole, ...args) => {
          const groups = args.at(-1) as { kind: string; id: string };
          for (const kind of documentKindsOfUrl(groups.kind)) {
            const key = lookup.documentKey(kind, Number(groups.id));
            if (key) return `${DOCUMENT_PLACEHOLDER}${key}`;
          }
          return whole;
        });
    },
    unresolved(html) {
      return [...html.matchAll(/oc-sync:(?:attachment|document)\/[^"#?\s]+/g)].map((m) => m[0]);
    },
  };
}
