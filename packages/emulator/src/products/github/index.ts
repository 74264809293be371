/**
 * The slice of GitHub's REST API the actions call: PR comments (evaluate-gate upserts one, and
 * deletes the duplicate a race made),
 * deployments and their statuses (rollout.yml), and workflow dispatches (wait-and-resume hands a
 * long job to a later run). Not the cloud, but the other side every workflow talks to: with it
 * the demo and the workflow tests run with GITHUB_API_URL pointing here, and what the actions
 * sent can be read back from the admin API. Any bearer token is accepted; none is ever stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../../context.js';
import { enactFault } from '../../faults.js';
import { header, nestingProblem, readOrDrop, send } from '../../http/incoming.js';
import type { AdminRoute, ProductModule } from '../../product.js';
import { githubState, type GitHubState } from './state.js';

interface Route {
  method: string;
  pattern: RegExp;
  action: string;
  handle: (match: string[], body: Record<string, unknown>, query: Record<string, string>) => Answer;
}
interface Answer {
  status: number;
  payload: unknown;
  headers?: Record<string, string>;
}

const REPO = '([^/]+/[^/]+)';

export function createGitHubApi(ctx: EmulatorContext): ProductModule {
  const routes = apiRoutes(ctx);
  return {
    name: 'github',
    handler: (req, res) => serve(ctx, routes, req, res),
    failure: (res) =>
      send(res, {
        status: 500,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ message: 'Server Error' }),
      }),
    adminRoutes: adminRoutes(ctx),
  };
}

async function serve(ctx: EmulatorContext, routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const incoming = await readOrDrop(req, res, ctx.bodies, 1024 * 1024);
  if (!incoming) return;
  const found = routes
    .filter((route) => route.method === incoming.method)
    .map((route) => ({ route, match: route.pattern.exec(incoming.pathname) }))
    .find(({ match }) => match !== null);
  const action = found?.route.action ?? 'Unknown';
  const reply = (answer: Answer) => {
    ctx.log.record({
      time: ctx.clock.now(),
      product: 'github',
      action,
      method: incoming.method,
      path: incoming.rawPath,
      query: incoming.query,
      status: answer.status,
      requestId: incoming.requestId,
    });
    send(res, {
      status: answer.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...answer.headers },
      body: answer.status === 204 ? '' : JSON.stringify(answer.payload),
    });
  };
  const fault = ctx.faults.next('github', action);
  if (fault) {
    const outcome = await enactFault(fault, incoming, {
      throttle: () =>
        reply({ status: 403, payload: { message: 'API rate limit exceeded' }, headers: { 'retry-after': '1' } }),
      error: () => reply({ status: 502, payload: { message: 'Server Error' } }),
    });
    if (outcome !== 'proceed') return;
  }
  if (!/^(Bearer|token)\s+\S+/i.test(header(incoming, 'authorization') ?? '')) {
    return reply({ status: 401, payload: { message: 'Requires authentication' } });
  }
  if (incoming.refused === 'too-large') return reply({ status: 413, payload: { message: 'Payload Too Large' } });
  if (incoming.refused) return reply({ status: 503, payload: { message: 'Service Unavailable' } });
  if (!found) return reply({ status: 404, payload: { message: 'Not Found' } });
  if (nestingProblem(incoming)) return reply({ status: 400, payload: { message: 'Problems parsing JSON' } });
  let body: Record<string, unknown> = {};
  if (incoming.body.length > 0) {
    try {
      const parsed: unknown = JSON.parse(incoming.body.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
      else return reply({ status: 400, payload: { message: 'Body should be a JSON object' } });
    } catch {
      return reply({ status: 400, payload: { message: 'Problems parsing JSON' } });
    }
  }
  const answer = found.route.handle(found.match!.slice(1), body, incoming.query);
  if (incoming.method !== 'GET') {
    // Acknowledged = durable, as everywhere in the emulator: answer once the change is on disk.
    ctx.store.changed('github');
    await ctx.store.committed();
  }
  reply(answer);
}

function apiRoutes(ctx: EmulatorContext): Route[] {
  const state = () => githubState(ctx.store);
  const now = () => new Date(ctx.clock.now()).toISOString();
  const invalid = (message: string): Answer => ({ status: 422, payload: { message: `Validation Failed: ${message}` } });
  return [
    {
      method: 'GET',
      pattern: new RegExp(`^/repos/${REPO}/issues/(\\d+)/comments$`),
      action: 'ListIssueComments',
      handle: ([repo, issue], _body, query) => {
        const all = state().comments.filter((c) => c.repo === repo && c.issue === Number(issue));
        return paged(all, query, `/repos/${repo}/issues/${issue}/comments`);
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/repos/${REPO}/issues/(\\d+)/comments$`),
      action: 'CreateIssueComment',
      handle: ([repo, issue], body) => {
        if (typeof body['body'] !== 'string' || body['body'] === '') return invalid('body is required');
        const s = state();
        const comment = {
          id: ++s.lastId,
          repo: repo!,
          issue: Number(issue),
          body: body['body'],
          user: { login: 'github-actions[bot]' },
          created_at: now(),
          updated_at: now(),
        };
        s.comments.push(comment);
        return { status: 201, payload: comment };
      },
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^/repos/${REPO}/issues/comments/(\\d+)$`),
      action: 'UpdateIssueComment',
      handle: ([repo, id], body) => {
        const comment = state().comments.find((c) => c.repo === repo && c.id === Number(id));
        if (!comment) return { status: 404, payload: { message: 'Not Found' } };
        if (typeof body['body'] !== 'string' || body['body'] === '') return invalid('body is required');
        comment.body = body['body'];
        comment.updated_at = now();
        return { status: 200, payload: comment };
      },
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^/repos/${REPO}/issues/comments/(\\d+)$`),
      action: 'DeleteIssueComment',
      handle: ([repo, id]) => {
        const s = state();
        const index = s.comments.findIndex((c) => c.repo === repo && c.id === Number(id));
        if (index < 0) return { status: 404, payload: { message: 'Not Found' } };
        s.comments.splice(index, 1);
        return { status: 204, payload: null };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/repos/${REPO}/deployments$`),
      action: 'CreateDeployment',
      handle: ([repo], body) => {
        if (typeof body['ref'] !== 'string') return invalid('ref is required');
        const s = state();
        const deployment = {
          id: ++s.lastId,
          repo: repo!,
          ref: body['ref'],
          sha: typeof body['sha'] === 'string' ? body['sha'] : body['ref'],
          environment: typeof body['environment'] === 'string' ? body['environment'] : 'production',
          description: typeof body['description'] === 'string' ? body['description'] : null,
          payload: body['payload'] ?? {},
          created_at: now(),
          statuses: [] as { state: string; environment_url?: string; description?: string; created_at: string }[],
        };
        s.deployments.push(deployment);
        return { status: 201, payload: deployment };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/repos/${REPO}/deployments/(\\d+)/statuses$`),
      action: 'CreateDeploymentStatus',
      handle: ([repo, id], body) => {
        const deployment = state().deployments.find((d) => d.repo === repo && d.id === Number(id));
        if (!deployment) return { status: 404, payload: { message: 'Not Found' } };
        const allowed = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
        if (typeof body['state'] !== 'string' || !allowed.includes(body['state'])) {
          return invalid(`state must be one of ${allowed.join(', ')}`);
        }
        const status = {
          state: body['state'],
          created_at: now(),
          ...(typeof body['environment_url'] === 'string' ? { environment_url: body['environment_url'] } : {}),
          ...(typeof body['description'] === 'string' ? { description: body['description'] } : {}),
        };
        deployment.statuses.push(status);
        return { status: 201, payload: { id: ++state().lastId, ...status } };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/repos/${REPO}/actions/workflows/([^/]+)/dispatches$`),
      action: 'CreateWorkflowDispatch',
      handle: ([repo, workflow], body) => {
        if (typeof body['ref'] !== 'string') return invalid('ref is required');
        const inputs = body['inputs'] ?? {};
        if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs))
          return invalid('inputs must be an object');
        state().dispatches.push({
          repo: repo!,
          workflow: workflow!,
          ref: body['ref'],
          inputs: inputs as Record<string, unknown>,
          at: now(),
        });
        return { status: 204, payload: null };
      },
    },
  ];
}

/** GitHub's page/per_page pagination with a Link header naming the next page. */
function paged<T>(all: T[], query: Record<string, string>, path: string): Answer {
  const perPage = Math.min(100, Math.max(1, Number(query['per_page']) || 30));
  const page = Math.max(1, Number(query['page']) || 1);
  const items = all.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  if (page * perPage < all.length) headers['link'] = `<${path}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
  return { status: 200, payload: items, headers };
}

function adminRoutes(ctx: EmulatorContext): AdminRoute[] {
  return [{ method: 'GET', path: '/github', handle: (): GitHubState => githubState(ctx.store) }];
}
