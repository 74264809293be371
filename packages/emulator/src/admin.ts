import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { EmulatorContext } from './context.js';
import type { FaultSpec } from './faults.js';
import { header, parseBody, readOrDrop, send } from './http/incoming.js';
import type { RequestHandler } from './http/listener.js';
import { compilePathTemplate } from './http/path-template.js';
import type { AdminRequest, AdminRoute } from './product.js';
import type { PolicyDocument } from './auth/policy.js';

/**
 * The emulator's own control API under /admin, guarded by a bearer token of its own (it can
 * bend time and inject faults, so it must not be open to whoever reaches the port).
 */
export function coreAdminRoutes(ctx: EmulatorContext): AdminRoute[] {
  return [
    { method: 'GET', path: '/faults', handle: () => ({ faults: ctx.faults.list() }) },
    {
      method: 'POST',
      path: '/faults',
      handle: ({ body }) => ({ fault: ctx.faults.add(body as unknown as FaultSpec) }),
    },
    {
      method: 'DELETE',
      path: '/faults',
      handle: () => {
        ctx.faults.clear();
        return {};
      },
    },
    {
      method: 'POST',
      path: '/faults/seed',
      handle: ({ body }) => {
        ctx.faults.reseed(Number(body['seed']));
        return {};
      },
    },
    { method: 'GET', path: '/clock', handle: () => ctx.clock.snapshot() },
    {
      method: 'POST',
      path: '/clock',
      handle: ({ body }) => {
        if (body['speed'] !== undefined) ctx.clock.setSpeed(Number(body['speed']));
        if (body['advanceMs'] !== undefined) ctx.clock.advance(Number(body['advanceMs']));
        return ctx.clock.snapshot();
      },
    },
    // Every secret handed out so far: what a secret scan of a step's output looks for.
    { method: 'GET', path: '/secrets', handle: () => ({ secrets: ctx.secrets.list() }) },
    {
      method: 'GET',
      path: '/requests',
      handle: ({ query }) => ({
        requests: ctx.log.list({
          ...(query['product'] ? { product: query['product'] } : {}),
          ...(query['action'] ? { action: query['action'] } : {}),
          ...(query['sinceSeq'] ? { sinceSeq: sequenceNumber(query['sinceSeq']) } : {}),
        }),
      }),
    },
    {
      method: 'POST',
      path: '/ram/policies',
      handle: ({ body }) => {
        ctx.ram.putPolicy(String(body['name']), body['document'] as PolicyDocument);
        return {};
      },
    },
    {
      method: 'POST',
      path: '/ram/users',
      handle: ({ body }) => {
        const name = String(body['name']);
        ctx.ram.putUser(name, (body['policies'] as string[] | undefined) ?? []);
        return ctx.ram.createAccessKey(name);
      },
    },
    {
      method: 'POST',
      path: '/state/flush',
      handle: async () => {
        await ctx.store.flush();
        return {};
      },
    },
  ];
}

// A mistyped filter must fail loudly: NaN would silently match every entry.
function sequenceNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`sinceSeq must be a non-negative integer, got "${value}"`);
  return Number(value);
}

/** `committed` resolves once every change so far is on disk: admin changes are acknowledged only then. */
export function adminHandler(token: string, routes: AdminRoute[], committed: () => Promise<void>): RequestHandler {
  const compiled = routes.map((route) => ({ route, template: compilePathTemplate(`/admin${route.path}`) }));
  return (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const reply = (status: number, payload: unknown) =>
        send(res, { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      // Before the body is read: a caller without the token gets nothing buffered for it.
      if (!isAuthorized(header(req, 'authorization'), token)) {
        reply(401, { error: 'admin API needs "Authorization: Bearer <adminToken>" (printed at start-up)' });
        return;
      }
      const incoming = await readOrDrop(req, res);
      if (!incoming) return;
      for (const { route, template } of compiled) {
        if (route.method !== incoming.method) continue;
        const params = template.match(incoming.rawPath);
        if (!params) continue;
        const parsed = parseBody(incoming);
        const request: AdminRequest = {
          query: incoming.query,
          params,
          body: parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {},
        };
        let result: unknown;
        try {
          result = (await route.handle(request)) ?? {};
        } catch (error) {
          await committed().catch(() => undefined); // a refused change may have changed something first
          reply(400, { error: error instanceof Error ? error.message : String(error) });
          return;
        }
        try {
          await committed();
        } catch {
          reply(500, { error: 'the change could not be saved to the data dir; see the emulator log' });
          return;
        }
        reply(200, result);
        return;
      }
      reply(404, { error: `no admin route ${incoming.method} ${incoming.rawPath}` });
    })().catch(() => res.destroy());
  };
}

function isAuthorized(authorization: string | undefined, token: string): boolean {
  const presented = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
