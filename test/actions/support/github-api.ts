/**
 * GitHub's REST API for actions run as processes: nock cannot reach into the bundle's process,
 * so a loopback server stands in for the issue-comment endpoints an action calls (list with
 * paging and a Link header, create, update) and records every request, so a test can assert
 * the exact calls. Anything else answers 404 and is recorded too.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubCall {
  method: string;
  /** Path and query as sent. */
  url: string;
  authorization: string | undefined;
  body?: unknown;
}

export interface StoredComment {
  id: number;
  issue: number;
  body: string;
}

export class FakeGitHubApi {
  readonly calls: GitHubCall[] = [];
  readonly comments: StoredComment[] = [];
  private nextId = 1000;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    /** Comments per page, small so tests reach a second page. */
    readonly pageSize: number,
  ) {}

  static async start(options: { pageSize?: number } = {}): Promise<FakeGitHubApi> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const api = new FakeGitHubApi(server, `http://127.0.0.1:${port}`, options.pageSize ?? 100);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void api.handle(request).then(({ status, body, headers }) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      });
    });
    return api;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Pre-existing comments, e.g. other people's. */
  addComment(issue: number, body: string): StoredComment {
    const comment = { id: this.nextId++, issue, body };
    this.comments.push(comment);
    return comment;
  }

  private async handle(
    request: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const text = await readBody(request);
    const body = text === '' ? undefined : (JSON.parse(text) as { body?: string });
    this.calls.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
      ...(body === undefined ? {} : { body }),
    });
    const url = new URL(request.url ?? '/', this.url);
    const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const single = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (list && request.method === 'GET') {
      const issue = Number(list[1]);
      const page = Number(url.searchParams.get('page') ?? '1');
      const all = this.comments.filter((comment) => comment.issue === issue);
      const items = all.slice((page - 1) * this.pageSize, page * this.pageSize).map((c) => this.render(c));
      const more = page * this.pageSize < all.length;
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      return { status: 200, body: items, headers: more ? { link: `<${next.href}>; rel="next"` } : {} };
    }
    if (list && request.method === 'POST' && typeof body?.body === 'string') {
      return { status: 201, body: this.render(this.addComment(Number(list[1]), body.body)) };
    }
    const existing = single && this.comments.find((comment) => comment.id === Number(single[1]));
    if (existing && request.method === 'PATCH' && typeof body?.body === 'string') {
      existing.body = body.body;
      return { status: 200, body: this.render(existing) };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  private render(comment: StoredComment) {
    return {
      id: comment.id,
      body: comment.body,
      html_url: `https://github.com/octo-org/models/pull/${comment.issue}#issuecomment-${comment.id}`,
    };
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += (chunk as Buffer).toString();
  return text;
}
