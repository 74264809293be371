import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { EmulatorContext } from './context.js';
import type { FaultSpec } from './faults.js';
import type { BodyBudget } from './http/body-budget.js';
import { header, nestingProblem, parseBody, readOrDrop, send, type Outgoing } from './http/incoming.js';
import type { FailureAnswer, RequestHandler } from './http/listener.js';
import { compilePathTemplate } from './http/path-template.js';
import type { AdminRequest, AdminRoute } from './product.js';

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
        ctx.faults.reseed(integer(body['seed'], 'seed', 0, 2 ** 32 - 1));
        return {};
      },
    },
    { method: 'GET', path: '/clock', handle: () => ctx.clock.snapshot() },
    {
      method: 'POST',
      path: '/clock',
      handle: ({ body }) => {
        // Checked before either applies, so a bad request changes nothing.
        const speed = body['speed'] === undefined ? undefined : number(body['speed'], 'speed', 1e-6, 1e6);
        const advanceMs =
          body['advanceMs'] === undefined ? undefined : number(body['advanceMs'], 'advanceMs', 0, MAX_ADVANCE_MS);
        if (speed !== undefined) ctx.clock.setSpeed(speed);
        if (advanceMs !== undefined) ctx.clock.advance(advanceMs);
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
        ctx.ram.putPolicy(body['name'], body['document']);
        return {};
      },
    },
    {
      method: 'POST',
      path: '/ram/users',
      handle: ({ body }) => {
        ctx.ram.putUser(body['name'], body['policies'] ?? []);
        return ctx.ram.createAccessKey(body['name'] as string);
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

/** A century: emulated dates must stay within what Date and ISO strings can represent. */
const MAX_ADVANCE_MS = 100 * 365 * 24 * 3600 * 1000;

function number(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new Error(`${name} must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return value;
}

function integer(value: unknown, name: string, min: number, max: number): number {
  const checked = number(value, name, min, max);
  if (!Number.isInteger(checked)) throw new Error(`${name} must be an integer, got ${checked}`);
  return checked;
}

// A mistyped filter must fail loudly: NaN would silently match every entry.
function sequenceNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`sinceSeq must be a non-negative integer, got "${value}"`);
  return Number(value);
}

/** Admin request bodies are small documents (policies, claims, settings). */
const MAX_ADMIN_BODY_BYTES = 1024 * 1024;

/** `committed` resolves once every change so far is on disk: admin changes are acknowledged only then. */
export function adminHandler(
  token: string,
  routes: AdminRoute[],
  bodies: BodyBudget,
  committed: () => Promise<void>,
): RequestHandler {
  const compiled = routes.map((route) => ({ route, template: compilePathTemplate(`/admin${route.path}`) }));
  return async (req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, payload: unknown) => send(res, jsonReply(status, payload));
    // Before the body is read: a caller without the token gets nothing buffered for it.
    if (!isAuthorized(header(req, 'authorization'), token)) {
      reply(401, { error: 'admin API needs "Authorization: Bearer <adminToken>" (printed at start-up)' });
      return;
    }
    const incoming = await readOrDrop(req, res, bodies, MAX_ADMIN_BODY_BYTES);
    if (!incoming) return;
    if (incoming.refused === 'too-large')
      return reply(413, { error: `the body exceeds ${MAX_ADMIN_BODY_BYTES} bytes` });
    if (incoming.refused) return reply(503, { error: 'the emulator is busy with other request bodies; retry' });
    try {
      const nesting = nestingProblem(incoming);
      if (nesting) throw new Error(nesting);
      for (const { route, template } of compiled) {
        if (route.method !== incoming.method) continue;
        const params = template.match(incoming.rawPath);
        if (!params) continue;
        const parsed = parseBody(incoming);
        if (incoming.body.length > 0 && !isPlainObject(parsed)) throw new Error('the body must be a JSON object');
        const request: AdminRequest = {
          query: incoming.query,
          params,
          body: (parsed as Record<string, unknown>) ?? {},
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
    } catch (error) {
      reply(400, { error: error instanceof Error ? error.message : String(error) });
      return;
    }
    reply(404, { error: `no admin route ${incoming.method} ${incoming.rawPath}` });
  };
}

/** The admin API's answer when a route fails unexpectedly. */
export const adminFailure: FailureAnswer = (res) =>
  send(res, jsonReply(500, { error: 'the admin route failed unexpectedly; see the emulator stderr' }));

function jsonReply(status: number, payload: unknown): Outgoing {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAuthorized(authorization: string | undefined, token: string): boolean {
  const presented = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
