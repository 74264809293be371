import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyAcs3, verifyRpcV2 } from './auth/acs3.js';
import { AuthError } from './auth/errors.js';
import type { EmulatorContext } from './context.js';
import { ServiceError } from './errors.js';
import { enactFault, retryAfterHeaders, type FaultAnswers } from './faults.js';
import {
  header,
  nestingProblem,
  parseBody,
  readOrDrop,
  send,
  type BodyRefusal,
  type Incoming,
} from './http/incoming.js';
import type { FailureAnswer, RequestHandler } from './http/listener.js';
import { MalformedEncoding } from './http/encoding.js';
import { compilePathTemplate, type PathTemplate } from './http/path-template.js';
import type { Principal } from './ram.js';

/**
 * The request pipeline of the OpenAPI (POP) products — EAS, DLC, CloudMonitor, STS — as the
 * cloud runs it: route → injected fault → signature → RAM → handler, answering JSON errors
 * shaped like the cloud's ({RequestId, HostId, Code, Message, Recommend}) that openapi-core parses.
 */
export interface ApiCall {
  requestId: string;
  product: string;
  action: string;
  incoming: Incoming;
  /** Path parameters of an ROA route, decoded. */
  params: Record<string, string>;
  /** Query parameters, plus form fields for RPC calls. */
  input: Record<string, string>;
  /** Parsed JSON (or form) body. */
  body: unknown;
  /** Undefined only on anonymous routes. */
  principal: Principal | undefined;
  /** Emulator clock at arrival, ms. */
  now: number;
}

export interface ApiRoute {
  action: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** ROA path template like `/api/v2/services/{ClusterId}/{ServiceName}`; `/` for RPC. */
  path: string;
  /** Routes the signature itself cannot protect (AssumeRoleWithOIDC: the token is the proof). */
  anonymous?: boolean;
  /** RAM action; defaults to `<ramPrefix>:<action>`. */
  ramAction?: string;
  /** RAM resource ARN of the call; defaults to `*`. */
  resource?: (call: ApiCall) => string;
  handle: (call: ApiCall) => unknown;
}

export interface OpenApiProduct {
  product: string;
  version: string;
  style: 'ROA' | 'RPC';
  ramPrefix: string;
  /** The product's own Code for a RAM denial (STS answers `NoPermission`); default `Forbidden.RAM`. */
  accessDeniedCode?: string;
  routes: ApiRoute[];
}

interface CompiledRoute {
  route: ApiRoute;
  template: PathTemplate;
}

export function openApiHandler(spec: OpenApiProduct, ctx: EmulatorContext): RequestHandler {
  const compiled = spec.routes.map(compileRoute);
  return (req: IncomingMessage, res: ServerResponse) => serve(spec, compiled, ctx, req, res);
}

/** A POP product's answer to a request its handler failed on unexpectedly. */
export const popFailure: FailureAnswer = (res) => {
  send(res, json(500, { Code: 'InternalError', Message: UNKNOWN_ERROR_MESSAGE }, ''));
};

const UNKNOWN_ERROR_MESSAGE = 'The request processing has failed due to some unknown error.';

async function serve(
  spec: OpenApiProduct,
  routes: CompiledRoute[],
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const incoming = await readOrDrop(req, res, ctx.bodies);
  if (!incoming) return;
  const now = ctx.clock.now();
  const body = parseBody(incoming);
  const input = spec.style === 'RPC' ? rpcInput(incoming, body) : queryCopy(incoming.query);
  let action = header(incoming, 'x-acs-action') ?? input['Action'] ?? 'Unknown';
  let status = 200;
  let code: string | undefined;
  let accessKeyId: string | undefined;
  try {
    if (incoming.refused) throw refusedBody(incoming.refused, ctx);
    const nesting = nestingProblem(incoming);
    if (nesting) throw new ServiceError(400, 'InvalidParameter', nesting);
    const match = matchRoute(spec, routes, incoming, input);
    action = match?.route.action ?? action;
    if (!match)
      throw new ServiceError(
        404,
        'InvalidAction.NotFound',
        `Specified api is not found: ${incoming.method} ${incoming.rawPath}`,
      );
    const fault = ctx.faults.next(spec.product, action);
    if (fault && !fault.afterHandler && (await enactFault(fault, incoming, POP_FAULT_ANSWERS)) === 'dropped') {
      status = 0;
      code = 'ConnectionReset';
      return;
    }
    checkVersion(spec, incoming, input);
    const principal = match.route.anonymous ? undefined : authenticate(ctx, incoming, now);
    accessKeyId = principal?.accessKeyId;
    const call: ApiCall = {
      requestId: incoming.requestId,
      product: spec.product,
      action,
      incoming,
      params: match.params,
      input,
      body,
      principal,
      now,
    };
    if (principal) {
      const ramAction = match.route.ramAction ?? `${spec.ramPrefix}:${action}`;
      const resource = match.route.resource?.(call) ?? '*';
      ctx.ram.authorize(principal, ramAction, resource, 'pop', { deniedCode: spec.accessDeniedCode });
    }
    const result = (await match.route.handle(call)) ?? {};
    if (fault?.afterHandler && (await enactFault(fault, incoming, POP_FAULT_ANSWERS)) === 'dropped') {
      status = 0;
      code = 'ConnectionReset';
      return;
    }
    // Acknowledged = durable: whatever the call changed is on disk before the answer goes out.
    await ctx.store.committed();
    send(res, json(200, { RequestId: incoming.requestId, ...(result as object) }, incoming.requestId));
  } catch (error) {
    const failure = toServiceError(error);
    status = failure.status;
    code = failure.code;
    await ctx.store.committed().catch(() => undefined); // a failed call may have changed something first
    send(res, {
      ...json(
        failure.status,
        {
          RequestId: incoming.requestId,
          HostId: header(incoming, 'host') ?? '',
          Code: failure.code,
          Message: failure.message,
          Recommend: `https://api.alibabacloud.com/troubleshoot?q=${encodeURIComponent(failure.code)}`,
        },
        incoming.requestId,
      ),
      headers: { ...jsonHeaders(incoming.requestId), ...failure.headers },
    });
  } finally {
    {
      ctx.log.record({
        time: now,
        product: spec.product,
        action,
        method: incoming.method,
        path: incoming.rawPath,
        query: incoming.query,
        body,
        status,
        requestId: incoming.requestId,
        ...(code ? { code } : {}),
        ...(accessKeyId ? { accessKeyId } : {}),
      });
    }
  }
}

function compileRoute(route: ApiRoute): CompiledRoute {
  return { route, template: compilePathTemplate(route.path) };
}

function matchRoute(
  spec: OpenApiProduct,
  routes: CompiledRoute[],
  incoming: Incoming,
  input: Record<string, string>,
): { route: ApiRoute; params: Record<string, string> } | undefined {
  if (spec.style === 'RPC') {
    const action = header(incoming, 'x-acs-action') ?? input['Action'];
    const found = routes.find((r) => r.route.action === action);
    return found ? { route: found.route, params: {} } : undefined;
  }
  for (const { route, template } of routes) {
    if (route.method !== incoming.method) continue;
    const params = template.match(incoming.rawPath);
    if (params) return { route, params };
  }
  return undefined;
}

/** Without a prototype: parameters are looked up by name, and `constructor` must not resolve. */
function queryCopy(...sources: Record<string, string>[]): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, ...sources);
}

function rpcInput(incoming: Incoming, body: unknown): Record<string, string> {
  const form = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, string>) : {};
  return queryCopy(incoming.query, form);
}

/**
 * A body the emulator would not read. Guess: the POP gateway's code for an oversized body is not
 * documented; 413 says what happened. Too many bytes in flight is the service being busy (503).
 */
function refusedBody(refusal: BodyRefusal, ctx: EmulatorContext): ServiceError {
  const { requestBodyBytes } = ctx.bodies.limits;
  return refusal === 'too-large'
    ? new ServiceError(413, 'RequestEntityTooLarge', `The request body exceeds ${requestBodyBytes} bytes.`)
    : new ServiceError(503, 'ServiceUnavailable', 'The service is busy with other requests; retry later.');
}

function checkVersion(spec: OpenApiProduct, incoming: Incoming, input: Record<string, string>): void {
  const version = header(incoming, 'x-acs-version') ?? input['Version'];
  if (version !== spec.version) {
    throw new ServiceError(
      400,
      'InvalidVersion',
      `Specified parameter Version "${version ?? ''}" is not valid for ${spec.product}; expected ${spec.version}.`,
    );
  }
}

function authenticate(ctx: EmulatorContext, incoming: Incoming, now: number): Principal {
  const signed = { method: incoming.method, rawUrl: incoming.rawUrl, headers: incoming.headers, body: incoming.body };
  const secretFor = (id: string) => ctx.ram.secretFor(id);
  const authorization = header(incoming, 'authorization') ?? '';
  // Clients stamp requests with the host's wall clock, which knows nothing of an advanced or sped-up
  // emulator clock: judge freshness by the wall clock, everything else (session expiry) by emulated time.
  const wallClock = new Date();
  const verified = authorization.startsWith('ACS3-')
    ? verifyAcs3(signed, secretFor, wallClock, { nonces: ctx.nonces })
    : verifyRpcV2(signed, secretFor, wallClock, { nonces: ctx.nonces });
  return ctx.ram.principalFor(verified.accessKeyId, verified.securityToken, now, 'pop');
}

/** Injected faults, worded as the POP gateway words them; thrown, so they answer as any other error. */
const POP_FAULT_ANSWERS: FaultAnswers = {
  throttle(fault) {
    throw new ServiceError(
      fault.status ?? 429,
      fault.code ?? 'Throttling.User',
      'Request was denied due to user flow control.',
      fault.retryAfterSeconds !== undefined ? retryAfterHeaders(fault.retryAfterSeconds) : {},
    );
  },
  error(fault) {
    throw new ServiceError(
      fault.status ?? 503,
      fault.code ?? ((fault.status ?? 503) === 503 ? 'ServiceUnavailable' : 'InternalError'),
      'The request has failed due to a temporary failure of the server.',
    );
  },
};

function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof AuthError) return new ServiceError(error.status, error.code, error.message);
  if (error instanceof MalformedEncoding) return new ServiceError(400, 'InvalidParameter', error.message);
  console.error('[emulator] unexpected error:', error);
  return new ServiceError(500, 'InternalError', UNKNOWN_ERROR_MESSAGE);
}

function jsonHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId };
}

function json(status: number, payload: unknown, requestId: string) {
  return { status, headers: jsonHeaders(requestId), body: JSON.stringify(payload) };
}
