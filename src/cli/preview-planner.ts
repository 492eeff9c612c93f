import { statSync } from 'node:fs';
import path from 'node:path';
import type { ContentResult } from '../content/read-content.js';
import type { PreviewPlan } from '../preview/site-plan.js';
import type { RemoteState } from '../sync/remote-state.js';
import { stateFilePath } from '../sync/state-file.js';
import { type GlobalOptions, loadProject, openEnvironment } from './project.js';

/**
 * `oc-sync preview --env`: the environment opened once, and the plan made with `makePlan` — the code `oc-sync plan`
 * runs, reads only — each time the preview asks (after every rebuild; the config read again, so an edit of it
 * counts), from the content the preview has just read. The preview gets the plan as data: src/preview/ never talks
 * to the service. A failure is the plan's `error`, shown on the pages; the preview goes on.
 *
 * The list pages (a hundred requests at 10,000 documents) are kept between plans for `LISTING_MAX_AGE_MS` and
 * while the state file is unchanged (an apply elsewhere changes it), so a save costs the details of what changed:
 * the pages say how old the service state is (`PreviewPlan.listedAt`). An older listing is fetched again by the
 * next plan.
 */

export interface Planner extends AsyncDisposable {
  plan(content: Pick<ContentResult, 'state' | 'diagnostics'>): Promise<PreviewPlan>;
}

export const LISTING_MAX_AGE_MS = 60_000;

interface KeptListing {
  listing: Promise<RemoteState>;
  at: Date;
  /** The state file's size and mtime when it was fetched. */
  stateStamp: string;
}

export async function openPlanner(
  globals: GlobalOptions,
  env: string | true | undefined,
): Promise<Planner | undefined> {
  if (env === undefined) return undefined;
  const loaded = await loadProject(globals);
  const { environment, connection } = await openEnvironment(loaded, globals, env === true ? undefined : env);
  const [{ makePlan }, { fetchRemoteLists }] = await Promise.all([
    import('../sync/make-plan.js'),
    import('../sync/remote-state.js'),
  ]);
  let kept: KeptListing | undefined;
  const plan = async (content: Pick<ContentResult, 'state' | 'diagnostics'>): Promise<PreviewPlan> => {
    try {
      const current = await loadProject(globals);
      const stateStamp = stampOf(stateFilePath(current.root, environment.name));
      if (!kept || kept.stateStamp !== stateStamp || Date.now() - kept.at.getTime() > LISTING_MAX_AGE_MS)
        kept = { listing: fetchRemoteLists(connection.api), at: new Date(), stateStamp };
      const { listing, at } = kept;
      const run = await makePlan({
        loaded: current,
        environment,
        connection,
        projectRoot: current.root,
        cwd: path.resolve(globals.cwd),
        prune: current.config.sync.prune,
        content,
        listing: listing.then(copyOf),
      });
      return { environment: environment.name, plan: run.plan, listedAt: at };
    } catch (error) {
      // A listing that failed is not kept: the next plan asks again.
      kept = undefined;
      return { environment: environment.name, error: (error as Error).message };
    }
  };
  return { plan, [Symbol.asyncDispose]: () => connection[Symbol.asyncDispose]() };
}

function stampOf(file: string): string {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'none';
}

/** A listing the plan may add to (owned documents the list missed) without changing the kept one. */
function copyOf(listing: RemoteState): RemoteState {
  const documents = Object.fromEntries(
    Object.entries(listing.documents).map(([kind, found]) => [kind, new Map(found)]),
  ) as RemoteState['documents'];
  return { lists: listing.lists, documents };
}
