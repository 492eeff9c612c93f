import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { type AttachmentStore, attachmentIdentity } from '../resources/attachment.js';
import type { DesiredAttachment } from './desired-state.js';
import type { AttachmentSite } from './documents.js';

/**
 * The attachments documents refer to, once each (pure: the reader hashes the files and passes the results in).
 * A site whose file is missing, or reached through a symlink that leaves content/, is a finding.
 */

/** A hashed file, or what is wrong with it (`does not exist`, `is not a file`, …). */
export type AttachmentHash = { md5: string; size: number } | string;

/** Every attachment found so far, and each path's MD5 and identity (the views of documents refer to them). */
export interface AttachmentIndex {
  /** Keyed by store and path. */
  attachments: Map<string, DesiredAttachment>;
  md5ByPath: Map<string, string>;
  identityByPath: Map<string, string>;
}

export function emptyAttachmentIndex(): AttachmentIndex {
  return { attachments: new Map(), md5ByPath: new Map(), identityByPath: new Map() };
}

export interface DocumentAttachments {
  /** `path\0md5` of each site whose file was hashed, for the document's source hash. */
  md5s: string[];
  /** A site's file could not be hashed: the document is left out. */
  missing: boolean;
  diagnostics: Diagnostic[];
}

/** Adds one document's sites to `index`; `hashed[i]` is the result for `sites[i]`. */
export function recordAttachments(
  sites: readonly AttachmentSite[],
  hashed: readonly AttachmentHash[],
  store: AttachmentStore,
  index: AttachmentIndex,
): DocumentAttachments {
  const result: DocumentAttachments = { md5s: [], missing: false, diagnostics: [] };
  sites.forEach((site, i) => {
    const hash = hashed[i] as AttachmentHash;
    if (typeof hash === 'string') {
      result.missing = true;
      result.diagnostics.push(attachmentFinding(site, hash));
      return;
    }
    result.md5s.push(`${site.path}\u0000${hash.md5}`);
    const fileName = path.posix.basename(site.path);
    const identity = attachmentIdentity(hash.md5, fileName);
    index.md5ByPath.set(site.path, hash.md5);
    index.identityByPath.set(site.path, identity);
    index.attachments.set(`${store}\u0000${site.path}`, {
      path: site.path,
      store,
      md5: hash.md5,
      size: hash.size,
      fileName,
      identity,
    });
  });
  return result;
}

function attachmentFinding(site: AttachmentSite, problem: string): Diagnostic {
  const outside = problem.includes('outside');
  return {
    file: site.file,
    line: site.line,
    column: site.column,
    severity: 'error',
    rule: outside ? 'content/path-outside-content' : 'content/missing-attachment',
    message: `attachment ${site.path} ${problem}`,
    hint: outside
      ? 'check the path: it is relative to this file'
      : 'check the path: it is relative to this file; a web URL relative to the page is written web:, e.g. [guide](web:../guide)',
  };
}

/** The index's attachments by path, then store. */
export function sortedAttachments(index: AttachmentIndex): DesiredAttachment[] {
  return [...index.attachments.values()].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.store < b.store ? -1 : 1,
  );
}
