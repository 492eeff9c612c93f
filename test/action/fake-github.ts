import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The slice of the GitHub REST API the Action uses — issue comments: list (paged), create, update — served on
 * 127.0.0.1, seeded and inspected by the test. Anything else, or a request without the token, answers 404/401 and is
 * recorded in `unexpected`, so the test can fail on it.
 */

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  issue: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
}

export interface FakeGithub extends AsyncDisposable {
  url: string;
  repository: string;
  token: string;
  comments: FakeComment[];
  requests: FakeRequest[];
  unexpected: FakeRequest[];
  seedComment(issue: number, body: string, login?: string): FakeComment;
  /** Answer every request with this status from now on (e.g. 403, as for a fork's read-only token). */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

export async function startFakeGithub(
  options: { repository?: string; token?: string; pageSize?: number } = {},
): Promise<FakeGithub> {
  const repository = options.repository ?? 'docs-team/help-center';
  const token = options.token ?? 'ghs_fake_token_for_tests';
  const comments: FakeComment[] = [];
  const requests: FakeRequest[] = [];
  const unexpected: FakeRequest[] = [];
  let nextId = 1000;
  let failure: number | undefined;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const view = (c: FakeComment) => ({
    id: c.id,
    body: c.body,
    user: c.user,
    html_url: `https://github.com/${repository}/pull/${c.issue}#issuecomment-${c.id}`,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry: FakeRequest = {
      method: req.method ?? '',
      path: url.pathname + url.search,
      authorization: req.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(entry);
    if (failure) return send(res, failure, { message: 'Resource not accessible by integration' });
    if (req.headers.authorization !== `Bearer ${token}`) {
      unexpected.push(entry);
      return send(res, 401, { message: 'Bad credentials' });
    }
    const base = `/repos/${repository}/issues`;
    const list = new RegExp(`^${base}/(\\d+)/comments$`).exec(url.pathname);
    const one = new RegExp(`^${base}/comments/(\\d+)$`).exec(url.pathname);
    if (list && req.method === 'GET') {
      const issue = Number(list[1]);
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), options.pageSize ?? 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = comments.filter((c) => c.issue === issue);
      // GitHub's paging: a Link header with rel="next" while there is more.
      const more = page * perPage < all.length;
      const next = `<${address()}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      return send(
        res,
        200,
        all.slice((page - 1) * perPage, page * perPage).map(view),
        more ? { link: next } : {},
      );
    }
    if (list && req.method === 'POST') {
      const comment: FakeComment = {
        id: nextId++,
        body: String((entry.body as { body?: unknown })?.body ?? ''),
        user: { login: 'github-actions[bot]', type: 'Bot' },
        issue: Number(list[1]),
      };
      comments.push(comment);
      return send(res, 201, view(comment));
    }
    if (one && req.method === 'PATCH') {
      const comment = comments.find((c) => c.id === Number(one[1]));
      if (!comment) return send(res, 404, { message: 'Not Found' });
      comment.body = String((entry.body as { body?: unknown })?.body ?? '');
      return send(res, 200, view(comment));
    }
    unexpected.push(entry);
    return send(res, 404, { message: 'Not Found' });
  };

  const address = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    repository,
    token,
    comments,
    requests,
    unexpected,
    seedComment(issue, body, login = 'reviewer') {
      const comment: FakeComment = { id: nextId++, body, user: { login, type: 'User' }, issue };
      comments.push(comment);
      return comment;
    },
    failWith(status) {
      failure = status;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
