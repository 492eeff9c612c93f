import type { Element, Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * The HTML policy (README "HTML policy"): rendered HTML is never rewritten — stripping would lose content and break
 * the exact pull → plan round trip — but constructs that run script or embed another document are found here and
 * are a validation error unless `allowUnsafeHtml` in sync.config.yaml allows their kind.
 */

export const UNSAFE_HTML_KINDS = ['script', 'iframe', 'object', 'event-handlers', 'unsafe-urls'] as const;
export type UnsafeHtmlKind = (typeof UNSAFE_HTML_KINDS)[number];

/** `true` allows every kind; a list allows the kinds it names. */
export type UnsafeHtmlAllowance = boolean | readonly UnsafeHtmlKind[];

export interface UnsafeHtmlSite {
  kind: UnsafeHtmlKind;
  /** What was found, for the message: `<script>`, `onclick on <img>`, `javascript: URL in href of <a>`. */
  what: string;
  /** 1-based, in the body. */
  line: number;
  column: number;
}

const ELEMENTS: Record<string, UnsafeHtmlKind> = {
  script: 'script',
  iframe: 'iframe',
  frame: 'iframe',
  frameset: 'iframe',
  object: 'object',
  embed: 'object',
  applet: 'object',
};

/** hast property names of attributes holding a URL that a browser may navigate to or load. */
const URL_PROPERTIES = [
  'href',
  'src',
  'action',
  'formAction',
  'xLinkHref',
  'data',
  'poster',
  'background',
  'cite',
];

// Images as data: URLs are common and inert; every other data: type may be a document.
const SAFE_DATA = /^data:image\/(png|gif|jpe?g|webp|avif|bmp|x-icon);/;

/** The scheme a browser sees: it drops ASCII whitespace and control characters and ignores case. */
export function unsafeScheme(url: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip these inside a scheme
  const squeezed = url.replace(/[\u0000-\u0020\u007F]/g, '').toLowerCase();
  if (squeezed.startsWith('javascript:')) return 'javascript:';
  if (squeezed.startsWith('vbscript:')) return 'vbscript:';
  if (squeezed.startsWith('data:') && !SAFE_DATA.test(squeezed)) return 'data:';
  return undefined;
}

export function findUnsafeHtml(tree: HastRoot): UnsafeHtmlSite[] {
  const found: UnsafeHtmlSite[] = [];
  visit(tree, 'element', (node: Element) => {
    const at = { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
    const kind = ELEMENTS[node.tagName];
    if (kind) found.push({ kind, what: `<${node.tagName}> element`, ...at });
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on/i.test(name)) {
        found.push({
          kind: 'event-handlers',
          what: `event handler ${name.toLowerCase()} on <${node.tagName}>`,
          ...at,
        });
      } else if (URL_PROPERTIES.includes(name) || name === 'srcSet') {
        const urls = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
        for (const url of urls) {
          const scheme = unsafeScheme(url);
          if (scheme) {
            found.push({
              kind: 'unsafe-urls',
              what: `${scheme} URL in ${attributeName(name)} of <${node.tagName}>`,
              ...at,
            });
          }
        }
      }
    }
  });
  return found;
}

function attributeName(property: string): string {
  return property === 'xLinkHref' ? 'xlink:href' : property.toLowerCase();
}

export function isAllowed(kind: UnsafeHtmlKind, allowance: UnsafeHtmlAllowance | undefined): boolean {
  return allowance === true || (Array.isArray(allowance) && allowance.includes(kind));
}
