/**
 * Where each page of the preview lives, as a site-relative path. Pages link to each other relatively
 * (`hrefFrom`), so the server and the static export (`--out`) are the same files.
 */

export const ASSETS = '_preview';
export const EVENTS_PATH = `${ASSETS}/events`;

export const homePath = (language: string) => `${language}/index.html`;
export const problemsPath = (language: string) => `${language}/problems.html`;
export const sectionPath = (language: string, folder: string) => `${language}/${folder}/index.html`;
export const categoryPath = (language: string, folder: string, code: string) =>
  `${language}/${folder}/_category/${code}.html`;
export const documentPath = (language: string, key: string) => `${language}/${key}.html`;
/** A changed document's compare page: the service's rendering beside content/'s (`oc-sync preview --env`). */
export const COMPARE = '_compare/';
export const comparePath = (language: string, key: string) => `${language}/${COMPARE}${key}.html`;
/** An attachment, under the content-relative path whose last segment is the name readers download it by. */
export const filePath = (contentPath: string) => `files/${contentPath}`;
export const assetPath = (name: string) => `${ASSETS}/${name}`;

/** The same page in another language: every page path starts with its language. */
export function inLanguage(page: string, language: string): string {
  const slash = page.indexOf('/');
  return slash === -1 ? homePath(language) : `${language}${page.slice(slash)}`;
}
