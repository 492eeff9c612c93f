import path from 'node:path';
import type { LoadedConfig, ResolvedEnvironment } from '../config/load.js';
import { hashView, stableJson } from '../content/document-view.js';
import type { DesiredState } from '../content/model.js';
import { readContent } from '../content/read-content.js';
import type { Connection } from '../remote/connect.js';
import { UserInputError } from '../report/diagnostic.js';
import { createLinkCodec, type LinkCodec } from './links.js';
import { detailNeeds, type Plan, planChanges } from './plan.js';
import { addUnlistedOwned, fetchDetails, fetchRemoteLists, type RemoteState } from './remote-state.js';
import { type SyncState, stateFilePath } from './state-file.js';
import { loadState } from './state-store.js';

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
  /** The state to plan from, when the caller has it open already (apply). */
  state?: SyncState;
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
 * are built when first needed.
 */
export function linkCodecFor(
  connection: Connection,
  environment: ResolvedEnvironment,
  state: SyncState,
): LinkCodec {
  let reverse: { md5ById: Map<string, string>; keyById: Map<string, string> } | undefined;
  const reverseMaps = () => {
    reverse ??= {
      md5ById: new Map(
        Object.entries(state.attachments).map(([key, a]) => [a.id, key.slice(key.indexOf(':') + 1)]),
      ),
      keyById: new Map(Object.entries(state.documents).map(([key, d]) => [`${d.kind}:${d.id}`, key])),
    };
    return reverse;
  };
  return createLinkCodec(
    {
      baseUrl: connection.baseUrl,
      serviceId: connection.serviceId,
      attachmentUrl: environment.attachmentUrl,
      documentUrl: environment.documentUrl,
    },
    {
      attachmentId: (store, md5) => state.attachments[`${store}:${md5}`]?.id,
      attachmentMd5: (id) => reverseMaps().md5ById.get(id),
      documentId: (key) => state.documents[key],
      documentKey: (kind, id) => reverseMaps().keyById.get(`${kind}:${id}`),
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
      categories: desired.categories.map(({ file: _f, line: _l, ...rest }) => rest),
      headings: desired.headings.map(({ file: _f, line: _l, ...rest }) => rest),
      tags: desired.tags.map(({ file: _f, line: _l, ...rest }) => rest),
      attachments: desired.attachments,
    }),
    state: hashView(stableJson(state)),
    remote: hashView(remoteSummary),
  };
}

export async function makePlan(options: PlanOptions): Promise<PlanRun> {
  const { connection, environment } = options;
  // The list pages do not depend on content/: they are fetched while it is read (reads only — nothing is written
  // to the service when content/ does not validate; the listing is then dropped).
  const listing = fetchRemoteLists(connection.api);
  listing.catch(() => {});
  const desired = await readDesiredState(options.loaded, options.cwd);
  const stateFile = stateFilePath(options.projectRoot, environment.name);
  const state = options.state ?? (await loadState(stateFile, environment.name, connection.serviceId)).state;
  const { concurrency } = options.loaded.config.sync;
  const confirmed = await addUnlistedOwned(connection.api, await listing, state, { concurrency });
  const remote = await fetchDetails(connection.api, confirmed, detailNeeds(desired, state), { concurrency });
  const links = linkCodecFor(connection, environment, state);
  const plan = planChanges({ desired, remote, state, prune: options.prune, readHtml: links.read });
  return { plan, desired, remote, state, stateFile, basis: basisOf(desired, state, remote), links };
}
