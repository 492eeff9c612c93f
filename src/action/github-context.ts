import { readFile } from 'node:fs/promises';

/**
 * What a GitHub runner tells a step about the run, from its environment variables and the event payload file
 * (`GITHUB_EVENT_PATH`). Everything is optional: run outside GitHub, the Action still validates, plans and applies.
 */

export interface GithubContext {
  /** `GITHUB_WORKSPACE`: annotation paths are relative to it. */
  workspace?: string;
  summaryFile?: string;
  apiUrl: string;
  repository?: string;
  eventName?: string;
  pullRequest?: { number: number; headSha?: string };
  /** A link to this workflow run, for the comment footer. */
  runUrl?: string;
  sha?: string;
  /**
   * `OC_SYNC_PREVIEW_ARTIFACT`: the name of the artifact the plan workflow uploads the static preview as
   * (`oc-sync preview --env … --out`), for a line of the PR comment that links the run's artifacts.
   */
  previewArtifact?: string;
}

export async function readGithubContext(env: NodeJS.ProcessEnv): Promise<GithubContext> {
  const set = (value: string | undefined) => (value ? value : undefined);
  const serverUrl = set(env.GITHUB_SERVER_URL) ?? 'https://github.com';
  const repository = set(env.GITHUB_REPOSITORY);
  const runId = set(env.GITHUB_RUN_ID);
  const pullRequest = env.GITHUB_EVENT_PATH ? await pullRequestOf(env.GITHUB_EVENT_PATH) : undefined;
  return {
    workspace: set(env.GITHUB_WORKSPACE),
    summaryFile: set(env.GITHUB_STEP_SUMMARY),
    apiUrl: set(env.GITHUB_API_URL) ?? 'https://api.github.com',
    repository,
    eventName: set(env.GITHUB_EVENT_NAME),
    ...(pullRequest ? { pullRequest } : {}),
    ...(repository && runId ? { runUrl: `${serverUrl}/${repository}/actions/runs/${runId}` } : {}),
    sha: set(env.GITHUB_SHA),
    ...(set(env.OC_SYNC_PREVIEW_ARTIFACT) ? { previewArtifact: env.OC_SYNC_PREVIEW_ARTIFACT } : {}),
  };
}

/** The pull request of a `pull_request` / `pull_request_target` event (its number and head commit), if any. */
export async function pullRequestOf(
  eventPath: string,
): Promise<{ number: number; headSha?: string } | undefined> {
  let event: unknown;
  try {
    event = JSON.parse(await readFile(eventPath, 'utf8'));
  } catch {
    return undefined;
  }
  const pr = (event as { pull_request?: { number?: unknown; head?: { sha?: unknown } } } | null)
    ?.pull_request;
  if (!pr || typeof pr.number !== 'number' || !Number.isInteger(pr.number)) return undefined;
  return {
    number: pr.number,
    ...(typeof pr.head?.sha === 'string' ? { headSha: pr.head.sha } : {}),
  };
}
