import type { Diagnostic } from '../diagnostics/diagnostic.js';
import {
  contentOf,
  isDocumentKind,
  type ListField,
  type ListKind,
  listKinds,
  listOf,
  resourceOf,
} from '../resources/registry.js';
import type { DesiredDocument } from './desired-state.js';

/**
 * A YAML list that does not parse is reported once, by its own errors: the documents using its codes are not checked
 * against it (`DocumentLookup.brokenLists`), or each would add a "not declared" that only repeats the file's error.
 * Instead the file's first error says how many documents wait on it.
 */
export function withBrokenListNotes(
  diagnostics: readonly Diagnostic[],
  broken: ReadonlyMap<ListField, string>,
  documents: readonly DesiredDocument[],
): Diagnostic[] {
  const notes = new Map<string, string>();
  for (const [entries, file] of broken) {
    const kind = listKinds.find((k) => listOf(k).entries === entries) as ListKind;
    const users = documents.filter((document) => usesList(document, kind)).length;
    if (users === 0) continue;
    notes.set(
      file,
      `${users} document(s) use ${resourceOf(kind).plural} from this file: those are checked once it parses`,
    );
  }
  return diagnostics.map((d) => {
    const note = d.severity === 'error' ? notes.get(d.file) : undefined;
    if (!note) return d;
    notes.delete(d.file);
    return { ...d, hint: d.hint ? `${d.hint}; ${note}` : note };
  });
}

function usesList(document: DesiredDocument, kind: ListKind): boolean {
  if (!isDocumentKind(document.kind)) return false;
  return contentOf(document.kind).references.some((reference) => {
    const value = document.fields[reference.field];
    return reference.kind === kind && (Array.isArray(value) ? value.length > 0 : Boolean(value));
  });
}
