/**
 * One sticky pull-request comment per environment, through the GitHub REST API: the comment that carries the
 * hidden marker is edited in place, so a pull request gets one plan comment however many times it is pushed to.
 * Only the status and GitHub's message reach errors; the token never does.
 */

export interface GithubApi {
  /** `GITHUB_API_URL`, e.g. `https://api.github.com`. */
  apiUrl: string;
  /** `owner/name`. */
  repository: string;
  token: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export interface StickyComment {
  action: 'created' | 'updated';
  id: number;
  url?: string;
}

export class GithubApiError extends Error {
  override name = 'GithubApiError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The hidden line that identifies the plan comment of one environment. */
export function planCommentMarker(environment: string): string {
  return `<!-- oc-sync-plan:${environment.replace(/-->/g, '')} -->`;
}

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
}

const PAGE_SIZE = 100;

export async function upsertStickyComment(
  api: GithubApi,
  issueNumber: number,
  marker: string,
  body: string,
): Promise<StickyComment> {
  const text = body.includes(marker) ? body : `${marker}\n${body}`;
  const existing = await findComment(api, issueNumber, marker);
  if (existing) {
    const { data: updated } = await call<IssueComment>(
      api,
      'PATCH',
      `/repos/${api.repository}/issues/comments/${existing.id}`,
      { body: text },
    );
    return { action: 'updated', id: updated.id, url: updated.html_url };
  }
  const { data: created } = await call<IssueComment>(
    api,
    'POST',
    `/repos/${api.repository}/issues/${issueNumber}/comments`,
    {
      body: text,
    },
  );
  return { action: 'created', id: created.id, url: created.html_url };
}

/** The oldest comment with the marker, following GitHub's paging (`Link: <…>; rel="next"`) to the last page. */
async function findComment(
  api: GithubApi,
  issueNumber: number,
  marker: string,
): Promise<IssueComment | undefined> {
  let next: string | undefined =
    `/repos/${api.repository}/issues/${issueNumber}/comments?per_page=${PAGE_SIZE}`;
  for (let page = 0; next && page < 100; page++) {
    const { data: comments, link } = await call<IssueComment[]>(api, 'GET', next);
    if (!Array.isArray(comments))
      throw new GithubApiError('GitHub answered the comment list with something else');
    const found = comments.find(
      (comment) => typeof comment.body === 'string' && comment.body.includes(marker),
    );
    if (found) return found;
    next = nextPage(link, api.apiUrl);
  }
  return undefined;
}

/** The `rel="next"` target of a Link header, as a path on the API. */
export function nextPage(link: string | null, apiUrl: string): string | undefined {
  const match = link
    ?.split(',')
    .map((part) => /<([^>]+)>\s*;\s*rel="?next"?/.exec(part))
    .find(Boolean);
  if (!match) return undefined;
  const url = new URL(match[1] as string);
  const base = new URL(apiUrl);
  // Only ever follow a link to the same API (the token goes with the request).
  if (url.origin !== base.origin) return undefined;
  const prefix = base.pathname.replace(/\/+$/, '');
  return url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) + url.search : undefined;
}

async function call<T>(
  api: GithubApi,
  method: string,
  pathAndQuery: string,
  body?: unknown,
): Promise<{ data: T; link: string | null }> {
  const url = `${api.apiUrl.replace(/\/+$/, '')}${pathAndQuery}`;
  const what = `${method} ${pathAndQuery.split('?')[0]}`;
  let response: Response;
  try {
    response = await (api.fetch ?? globalThis.fetch)(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${api.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'oc-sync-action',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(api.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new GithubApiError(`${what}: no answer from GitHub (${(error as Error).message})`);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = '';
    try {
      message = String((JSON.parse(text) as { message?: unknown }).message ?? '');
    } catch {
      // Not JSON: the status says enough.
    }
    const hint =
      response.status === 403 || response.status === 404
        ? ' (the workflow needs `permissions: pull-requests: write`; pull requests from forks get a read-only token)'
        : '';
    throw new GithubApiError(
      `${what} answered ${response.status}${message ? `: ${message}` : ''}${hint}`,
      response.status,
    );
  }
  try {
    return { data: JSON.parse(text) as T, link: response.headers.get('link') };
  } catch {
    throw new GithubApiError(`${what}: GitHub's answer is not JSON`, response.status);
  }
}
