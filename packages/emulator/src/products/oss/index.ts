import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignatureError } from '../../auth/errors.js';
import { verifyOssV1 } from '../../auth/oss-v1.js';
import type { SignedIdentity } from '../../auth/signed-request.js';
import type { EmulatorContext } from '../../context.js';
import { enactFault, type FaultAnswers } from '../../faults.js';
import {
  header,
  parseBody,
  readOrDrop,
  send,
  type BodyRefusal,
  type Incoming,
  type Outgoing,
} from '../../http/incoming.js';
import type { ProductModule } from '../../product.js';
import { identifyAction, unservedReason } from './actions.js';
import { resolveAddresses, type OssAddress } from './address.js';
import {
  entityTooLarge,
  errorXml,
  internalError,
  methodNotAllowed,
  notImplemented,
  OssError,
  serviceBusy,
  toOssError,
} from './errors.js';
import { PLANNERS } from './operations.js';
import type { ObjectStorage } from './storage.js';

/**
 * The OSS XML API over the object storage, as ali-oss uses it. Each request runs the cloud's
 * pipeline: resolve bucket and key (path or virtual-host style) → name the operation → injected
 * fault → OSS V1 signature → RAM (the OSS RAM action on the bucket or object ARN) → operation,
 * answering errors as OSS's XML `<Error>` body with an `x-oss-request-id` header.
 */
export function createOss(ctx: EmulatorContext, storage: ObjectStorage): ProductModule {
  return {
    name: 'oss',
    handler: (req, res) => serve(ctx, storage, req, res),
    failure: (res) => {
      const xml = errorXml(internalError(), '', '');
      send(res, { status: 500, headers: { 'content-type': 'application/xml' }, body: xml });
    },
  };
}

async function serve(ctx: EmulatorContext, storage: ObjectStorage, req: IncomingMessage, res: ServerResponse) {
  const incoming = await readOrDrop(req, res, ctx.bodies);
  if (!incoming) return;
  const now = ctx.clock.now();
  const readings = resolveAddresses(incoming.pathname, header(incoming, 'host'));
  let address = readings[0]!;
  let action: string = actionOf(incoming, address) ?? 'Unknown';
  let status = 200;
  let code: string | undefined;
  let accessKeyId: string | undefined;
  try {
    if (incoming.refused) throw refusedBody(incoming.refused, ctx);
    const fault = ctx.faults.next('oss', action);
    if (fault && (await enactFault(fault, incoming, OSS_FAULT_ANSWERS)) === 'dropped') {
      status = 0;
      code = 'ConnectionReset';
      return;
    }
    const signed = authenticate(ctx, incoming, readings);
    accessKeyId = signed.identity.accessKeyId;
    address = signed.address;
    const known = actionOf(incoming, address);
    action = known ?? 'Unknown';
    const principal = ctx.ram.principalFor(accessKeyId, signed.identity.securityToken, now, 'oss');
    if (!known || !address.bucket) throw unserved(incoming, address);
    const call = {
      incoming,
      bucket: address.bucket,
      key: address.key,
      accountId: ctx.ram.accountId,
      region: ctx.region,
    };
    const plan = PLANNERS[known](call, storage);
    for (const grant of plan.grants) ctx.ram.authorize(principal, grant.action, grant.resource, 'oss');
    const reply = plan.run();
    // Acknowledged = durable: the object (blob and record) is on disk before the answer goes out.
    await ctx.store.committed();
    status = reply.status;
    send(res, withCommonHeaders(reply, incoming.requestId, now));
  } catch (error) {
    const failure = toOssError(error);
    status = failure.status;
    code = failure.code;
    await ctx.store.committed().catch(() => undefined); // a failed call may have changed something first
    send(res, withCommonHeaders(errorReply(failure, incoming), incoming.requestId, now));
  } finally {
    ctx.log.record({
      time: now,
      product: 'oss',
      action,
      method: incoming.method,
      path: incoming.rawPath,
      query: incoming.query,
      // Object bodies can be large or binary: log their size, not their content.
      body: action === 'PutObject' ? `<${incoming.body.length} bytes>` : parseBody(incoming),
      status,
      requestId: incoming.requestId,
      ...(code ? { code } : {}),
      ...(accessKeyId ? { accessKeyId } : {}),
    });
  }
}

function unserved(incoming: Incoming, address: OssAddress): OssError {
  const request = { method: incoming.method, address, query: incoming.query, headers: incoming.headers };
  return unservedReason(request) === 'not-emulated'
    ? notImplemented(`${incoming.method} ${incoming.rawUrl}`)
    : methodNotAllowed(incoming.method);
}

function refusedBody(refusal: BodyRefusal, ctx: EmulatorContext): OssError {
  return refusal === 'too-large' ? entityTooLarge(ctx.bodies.limits.requestBodyBytes) : serviceBusy();
}

function actionOf(incoming: Incoming, address: OssAddress) {
  return identifyAction({ method: incoming.method, address, query: incoming.query, headers: incoming.headers });
}

/**
 * Verifies the signature against each reading of the request in turn: the signed resource
 * (`/<bucket>/<key>`) is what tells path style from virtual-host style when both fit.
 */
function authenticate(
  ctx: EmulatorContext,
  incoming: Incoming,
  readings: OssAddress[],
): { identity: SignedIdentity; address: OssAddress } {
  const signed = { method: incoming.method, rawUrl: incoming.rawUrl, headers: incoming.headers, body: incoming.body };
  // Clients stamp x-oss-date with the host's wall clock, which knows nothing of an advanced or
  // sped-up emulator clock: freshness is judged by the wall clock (session expiry by emulated time).
  const wallClock = new Date();
  let mismatch: unknown;
  for (const address of readings) {
    try {
      const identity = verifyOssV1(signed, address.bucket, address.key, (id) => ctx.ram.secretFor(id), wallClock);
      return { identity, address };
    } catch (error) {
      if (!(error instanceof SignatureError && error.code === 'SignatureDoesNotMatch')) throw error;
      mismatch ??= error;
    }
  }
  throw mismatch;
}

/**
 * Injected faults, worded as OSS words them; thrown, so they answer as any other error. Throttling:
 * OSS answers 503 TotalQpsLimitExceeded "Max total qps limit is exceeded" when an account's QPS limit
 * is hit (OSS "HTTP status code 503" reference); it also documents 429 QpsLimitExceeded, which a
 * fault can ask for with status/code.
 */
const OSS_FAULT_ANSWERS: FaultAnswers = {
  throttle(fault) {
    throw new OssError(
      fault.status ?? 503,
      fault.code ?? 'TotalQpsLimitExceeded',
      'Max total qps limit is exceeded',
      {},
      fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
    );
  },
  error(fault) {
    const status = fault.status ?? 503;
    throw status === 503
      ? new OssError(status, fault.code ?? 'ServiceUnavailable', 'Thread pool is almost full, please retry later')
      : new OssError(status, fault.code ?? 'InternalError', 'We encountered an internal error. Please try again.');
  },
};

/**
 * The XML `<Error>` body; a HEAD answer has no body, so OSS carries the same XML base64-encoded in
 * `x-oss-err` (ali-oss reads it from there).
 */
function errorReply(error: OssError, incoming: Incoming): Outgoing {
  const xml = errorXml(error, incoming.requestId, header(incoming, 'host') ?? '');
  const headers = { 'content-type': 'application/xml', ...error.headers };
  if (incoming.method === 'HEAD') {
    return { status: error.status, headers: { ...headers, 'x-oss-err': Buffer.from(xml).toString('base64') } };
  }
  return { status: error.status, headers, body: xml };
}

function withCommonHeaders(reply: Outgoing, requestId: string, now: number): Outgoing {
  return {
    ...reply,
    headers: {
      server: 'AliyunOSS',
      date: new Date(now).toUTCString(),
      'x-oss-request-id': requestId,
      ...reply.headers,
    },
  };
}
