/**
 * Whether pull writes a document it planned (DESIGN §3): new ones; owned ones the service changed since the last
 * sync, unless edited here too; and with `force`, every one edited here, changed on the service or not (its version
 * replaces the edits).
 */

export interface DocumentStatus {
  /** The state owns it, its last pull or apply finished, and its files are there. */
  synced: boolean;
  /** The service's version is not the one the state records. */
  remoteChanged: boolean;
  /** Its files are not what the last sync left (see `editedLocally` in pull.ts). */
  editedLocally: boolean;
  /** `pull --force`. */
  force: boolean;
}

export type WriteDecision =
  /** Write the service's version. */
  | 'write'
  /** Write the service's version over local edits (`force`). */
  | 'overwrite'
  /** Nothing changed on either side. */
  | 'unchanged'
  /** Edited here only: left as it is. */
  | 'keep-local-edits'
  /** Edited here and changed on the service: left as it is, a conflict. */
  | 'keep-conflicting-edits';

export function writeDecision(status: DocumentStatus): WriteDecision {
  const { synced, remoteChanged, editedLocally, force } = status;
  if (synced && !remoteChanged && !(editedLocally && force))
    return editedLocally ? 'keep-local-edits' : 'unchanged';
  if (editedLocally && !force) return 'keep-conflicting-edits';
  return editedLocally ? 'overwrite' : 'write';
}
