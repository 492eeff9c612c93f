import path from 'node:path';
import type { LoadedConfig, ResolvedEnvironment } from '../config/load.js';
import type { DesiredState } from '../content/desired-state.js';
import { type ContentResult, readContent } from '../content/read-content.js';
import { translationReport } from '../content/translation-status.js';
import { UserInputError } from '../diagnostics/diagnostic.js';
import type { Connection } from '../remote/connect.js';
import { listFields } from '../resources/registry.js';
import { hashView, stableJson } from '../resources/view.js';
import { createLinkCodec, type LinkCodec } from './links.js';
import { detailNeeds, type Plan, planChanges, type Refusal } from './plan.js';
import { plannedUploads, unusedUploads } from './plan-uploads.js';
import {
  addUnlistedOwned,
  type DetailProgress,
  fetchDetails,
  fetchRemoteLists,
  type RemoteState,
} from './remote-state.js';
import { checkLanguages, readServiceLanguages } from './service-languages.js';
import { attachmentStateKey, type SyncState, stateFilePath } from './state-file.js';
import { loadState } from './state-store.js';
import { planTranslations, translationRefusals } from './translation-findings.js';

/**
 * One planning run: read content (stop before any remote call if it does not validate), read the state, fetch
 * the remote state with only the details the plan needs, and plan. The result keeps its inputs, so apply can use
 * them and a saved plan can tell when it has gone stale.
 */

export interface PlanBasis {
  content: string;
  state: string;
  remote: string;
}

export interface PlanRun {
  plan: Plan;
  desired: DesiredState;
  remote: RemoteState;
  state: SyncState;
  stateFile: string;
  basis: PlanBasis;
  links: LinkCodec;
}

export interface PlanOptions {
  loaded: LoadedConfig;
  environment: ResolvedEnvironment;
  connection: Connection;
  /** Where `.oc-sync/state` lives: the config file's folder. */
  projectRoot: string;
  /** Diagnostics name files relative to this folder. */
  cwd: string;
  prune: boolean;
  /** Create documents the service already has, unmanaged (`--allow-duplicates`). */
  allowDuplicates?: boolean;
  /** The delete limit apply will use (`--max-deletes`); default `sync.maxDeletes`. */
  maxDeletes?: number;
  /** Whether apply will overwrite drift (`--overwrite-drift`); default from `sync.onDrift`. */
  overwriteDrift?: boolean;
  /** The state to plan from, when the caller has it open already (apply). */
  state?: SyncState;
  /** How far the fetch of the details the plan needs is (plan shows a bar when there are many). */
  onDetailProgress?: (progress: DetailProgress) => void;
  /**
   * content/ as the caller read it (the preview, between saves: its own incremental read, with the same reader and
   * options); refused as the plan's own read is when it has errors. Read here when unset.
   */
  content?: Pick<ContentResult, 'state' | 'diagnostics'>;
  /**
   * The list pages, when the caller keeps them between plans (the preview, for a while); fetched when unset. The
   * plan adds to it (owned documents the list missed): pass a copy.
   */
  listing?: Promise<RemoteState>;
}

/** Parsed documents are cached between runs next to the state (not committed). */
export function contentCacheFile(projectRoot: string): string {
  return path.join(projectRoot, '.oc-sync', 'cache', 'content.json');
}

export async function readDesiredState(loaded: LoadedConfig, cwd: string): Promise<DesiredState> {
  const { config, root } = loaded;
  const result = await readContent({
    projectRoot: cwd,
    contentDir: path.resolve(root, config.content),
    languages: config.languages,
    timeZone: config.timeZone,
    allowUnsafeHtml: config.allowUnsafeHtml,
    cacheFile: contentCacheFile(root),
  });
  return validDesiredState(result);
}

/** The desired state of a read of content/, or — when it has errors — the error that stops every plan. */
export function validDesiredState(result: Pick<ContentResult, 'state' | 'diagnostics'>): DesiredState {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new UserInputError(
      `content/ has ${errors.length} problem(s); nothing was written to the service. Fix them (oc-sync validate lists them) and run again.`,
      errors,
    );
  }
  return result.state;
}

/**
 * The link codec over a state: forward lookups read the state live (apply adds ids as it goes); the reverse maps
 * are built when first needed, and built again when a lookup misses after the state gained entries (a document
 * apply created since, read back to check what the service holds).
 */
export function linkCodecFor(
  connection: Connection,
  environment: ResolvedEnvironment,
  state: SyncState,
): LinkCodec {
  let reverse: { identityById: Map<string, string>; keyById: Map<string, string>; size: number } | undefined;
  const build = () => ({
    identityById: new Map(
      Object.entries(state.attachments).map(([key, a]) => [a.id, key.slice(key.indexOf(':') + 1)]),
    ),
    keyById: new Map(Object.entries(state.documents).map(([key, d]) => [`${d.kind}:${d.id}`, key])),
    size: Object.keys(state.documents).length + Object.keys(state.attachments).length,
  });
  const lookup = <T>(find: (maps: NonNullable<typeof reverse>) => T | undefined): T | undefined => {
    reverse ??= build();
    const found = find(reverse);
    if (found !== undefined) return found;
    const size = Object.keys(state.documents).length + Object.keys(state.attachments).length;
    if (size === reverse.size) return undefined;
    reverse = build();
    return find(reverse);
  };
  return createLinkCodec(
    {
      baseUrl: connection.siteUrl,
      serviceId: connection.serviceId,
      attachmentUrl: environment.attachmentUrl,
      documentUrl: environment.documentUrl,
    },
    {
      attachmentId: (store, identity) => state.attachments[attachmentStateKey(store, identity)]?.id,
      attachmentIdentity: (id) => lookup((maps) => maps.identityById.get(id)),
      documentId: (key) => state.documents[key],
      documentKey: (kind, id) => lookup((maps) => maps.keyById.get(`${kind}:${id}`)),
    },
  );
}

export function basisOf(desired: DesiredState, state: SyncState, remote: RemoteState): PlanBasis {
  const remoteSummary = {
    lists: remote.lists,
    documents: Object.fromEntries(
      Object.entries(remote.documents).map(([kind, docs]) => [
        kind,
        [...docs.values()].map((d) => [d.id, d.updatedDt]),
      ]),
    ),
  };
  return {
    content: hashView({
      languages: desired.languages,
      documents: desired.documents.map((d) => [d.key, d.sourceHash, d.previously]),
      ...Object.fromEntries(
        listFields.map((entries) => [
          entries,
          desired[entries].map(({ file: _f, line: _l, ...rest }) => rest),
        ]),
      ),
      attachments: desired.attachments,
    }),
    state: hashView(stableJson(state)),
    remote: hashView(remoteSummary),
  };
}

/**
 * What apply refuses before its first write, known from the plan alone — so the plan (and the pull request that
 * shows it) says so, not the apply after the merge.
 */
export function applyRefusals(
  plan: Plan,
  rules: { maxDeletes: number; onDrift: string; overwriteDrift: boolean },
): Refusal[] {
  const refusals: Refusal[] = [];
  const holdsDrift = plan.changes.some((c) => c.hold === 'drift' || c.hold === 'conflict');
  if (holdsDrift && rules.onDrift === 'fail' && !rules.overwriteDrift) {
    refusals.push({
      message:
        'some documents changed on the service since the last apply, and sync.onDrift is fail; nothing was changed',
      hint: 'pull them, or apply with --overwrite-drift',
    });
  }
  const deletes = plan.changes.filter((c) => c.action === 'delete' && !c.hold && !c.remoteMissing).length;
  if (deletes > rules.maxDeletes) {
    refusals.push({
      message: `the plan deletes ${deletes} item(s), more than the limit of ${rules.maxDeletes}; nothing was changed`,
      hint: `check the plan; if it is right, run again with --max-deletes ${deletes}`,
    });
  }
  return refusals;
}

/**
 * The content files behind the attachment identities of the updates' views, for showing them by name; a file
 * content/ no longer attaches by the name the state recorded for its upload.
 */
function namedFiles(plan: Plan, desired: DesiredState, recorded: SyncState['attachments']): Plan['files'] {
  const wanted = new Set<string>();
  for (const change of plan.changes) {
    if (change.action !== 'update' && change.action !== 'move') continue;
    for (const view of [change.before, change.after])
      if (view && 'contents' in view)
        for (const content of Object.values(view.contents))
          for (const id of content.attachments) wanted.add(id);
  }
  const files: NonNullable<Plan['files']> = {};
  for (const attachment of desired.attachments)
    if (wanted.has(attachment.identity))
      files[attachment.identity] = { path: attachment.path, size: attachment.size };
  for (const [key, upload] of Object.entries(recorded)) {
    const identity = key.slice(key.indexOf(':') + 1);
    if (wanted.has(identity) && !files[identity])
      files[identity] = { path: upload.fileName, size: upload.size, removed: true };
  }
  return files;
}

export async function makePlan(options: PlanOptions): Promise<PlanRun> {
  const { connection, environment } = options;
  // The list pages do not depend on content/: they are fetched while it is read (reads only — nothing is written
  // to the service when content/ does not validate; the listing is then dropped).
  const listing = options.listing ?? fetchRemoteLists(connection.api);
  listing.catch(() => {});
  const serviceLanguages = readServiceLanguages(connection.api);
  const desired = options.content
    ? validDesiredState(options.content)
    : await readDesiredState(options.loaded, options.cwd);
  const stateFile = stateFilePath(options.projectRoot, environment.name);
  const state = options.state ?? (await loadState(stateFile, environment.name, connection.serviceId)).state;
  const { concurrency } = options.loaded.config.sync;
  const confirmed = await addUnlistedOwned(connection.api, await listing, state, { concurrency });
  const remote = await fetchDetails(connection.api, confirmed, detailNeeds(desired, state, confirmed), {
    concurrency,
    onProgress: options.onDetailProgress,
  });
  const links = linkCodecFor(connection, environment, state);
  const plan = planChanges({
    desired,
    remote,
    state,
    prune: options.prune,
    allowDuplicates: options.allowDuplicates,
    readHtml: links.read,
  });
  plan.files = namedFiles(plan, desired, state.attachments);
  const { config } = options.loaded;
  const overwriteDrift = options.overwriteDrift ?? config.sync.onDrift === 'overwrite';
  plan.uploads = plannedUploads({
    ...desired,
    changes: plan.changes,
    recorded: state.attachments,
    overwriteDrift,
  });
  plan.unusedUploads = unusedUploads(desired.attachments, state.attachments);
  const languages = checkLanguages(config.languages, await serviceLanguages, desired, connection.serviceId);
  plan.warnings.push(...languages.warnings);
  const translations = translationReport(desired, [], config.languages);
  if (translations.languages.length > 0)
    plan.translations = planTranslations(translations, config.translations);
  plan.refusals = [
    ...languages.refusals,
    ...translationRefusals(translations, config.translations),
    ...applyRefusals(plan, {
      maxDeletes: options.maxDeletes ?? config.sync.maxDeletes,
      onDrift: config.sync.onDrift,
      overwriteDrift,
    }),
  ];
  return { plan, desired, remote, state, stateFile, basis: basisOf(desired, state, remote), links };
}
