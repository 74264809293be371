import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT } from 'jose';
import type { EmulatorContext } from '../../context.js';
import { enactFault, type FaultAnswers } from '../../faults.js';
import { header, readOrDrop, send, type Incoming } from '../../http/incoming.js';
import { newSecret } from '../../ids.js';
import type { AdminRoute, ProductModule } from '../../product.js';
import { GITHUB_ISSUER } from '../../seed.js';
import { completeRunClaims, defaultAudience } from './claims.js';
import { issuerState, signingKey } from './keys.js';

export { completeRunClaims, githubSubject, type RunClaims } from './claims.js';
export { keysForIssuer } from './keys.js';

/** GitHub's ID tokens live five minutes. */
export const ID_TOKEN_LIFETIME_SECONDS = 300;
const TOKEN_PATH = '/idtoken';

/**
 * GitHub Actions' OIDC issuer, as a job sees it: a token request URL and bearer token (what the
 * runner puts in ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN) that @actions/core `getIDToken(audience)`
 * calls with `GET <url>&audience=<aud>` and reads `{ value }` from, plus discovery and JWKS.
 * Request tokens stand for run contexts registered through the admin API.
 */
export function createOidcIssuer(ctx: EmulatorContext): ProductModule {
  signingKey(ctx.store);
  return {
    name: 'oidc',
    handler: (req, res) => serve(ctx, req, res),
    failure: (res) =>
      send(res, {
        status: 500,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ message: 'The issuer failed unexpectedly.' }),
      }),
    adminRoutes: adminRoutes(ctx),
  };
}

function adminRoutes(ctx: EmulatorContext): AdminRoute[] {
  return [
    {
      method: 'POST',
      path: '/oidc/request-tokens',
      handle: ({ body }) => {
        const given = body['claims'] ?? {};
        if (typeof given !== 'object' || Array.isArray(given) || given === null)
          throw new Error('"claims" must be an object of strings');
        const claims = completeRunClaims(given as Record<string, unknown>);
        const requestToken = newSecret(32);
        issuerState(ctx.store).requestTokens[requestToken] = claims;
        ctx.store.changed('oidc', 'requestTokens', requestToken);
        // The runner's URL already carries a query (api-version), and getIDToken appends `&audience=`.
        return { requestToken, requestUrl: `${ctx.endpoints['oidc']}${TOKEN_PATH}?api-version=2.0`, claims };
      },
    },
  ];
}

async function serve(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const incoming = await readOrDrop(req, res, ctx.bodies, 64 * 1024);
  if (!incoming) return;
  const action = actionOf(incoming);
  const reply = (status: number, payload: unknown) => {
    ctx.log.record({
      time: ctx.clock.now(),
      product: 'oidc',
      action,
      method: incoming.method,
      path: incoming.rawPath,
      query: incoming.query,
      status,
      requestId: incoming.requestId,
    });
    send(res, {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(payload),
    });
  };
  if (incoming.refused === 'too-large') return reply(413, { message: 'The request body is larger than 64 KiB.' });
  if (incoming.refused) return reply(503, { message: 'The issuer is busy; retry later.' });
  const fault = ctx.faults.next('oidc', action);
  if (fault && (await enactFault(fault, incoming, faultAnswers(reply))) !== 'proceed') return;

  if (incoming.method !== 'GET') return reply(405, { message: `${incoming.method} is not supported here` });
  switch (action) {
    case 'GetOpenIdConfiguration':
      return reply(200, discovery(ctx));
    case 'GetJwks':
      return replyOnceSaved(ctx, reply, signingKey(ctx.store).jwks);
    case 'GetIDToken': {
      const bearer = /^Bearer\s+(.+)$/i.exec(header(incoming, 'authorization') ?? '')?.[1];
      const claims = bearer === undefined ? undefined : issuerState(ctx.store).requestTokens[bearer];
      if (!claims) return reply(401, { message: 'The request token is missing, unknown or revoked.' });
      const audience = incoming.query['audience'] || defaultAudience(claims);
      const token = await issueIdToken(ctx, claims, audience);
      ctx.secrets.add(token);
      return replyOnceSaved(ctx, reply, { value: token });
    }
    default:
      return reply(404, { message: `no route ${incoming.method} ${incoming.rawPath}` });
  }
}

/** The signing key is made on first use: a token or key set goes out only once the key is on disk. */
async function replyOnceSaved(
  ctx: EmulatorContext,
  reply: (status: number, payload: unknown) => void,
  payload: unknown,
): Promise<void> {
  try {
    await ctx.store.committed();
  } catch {
    return reply(500, { message: 'The issuer could not save its state.' });
  }
  reply(200, payload);
}

function actionOf(incoming: Incoming): string {
  switch (incoming.pathname) {
    case '/.well-known/openid-configuration':
      return 'GetOpenIdConfiguration';
    case '/.well-known/jwks':
      return 'GetJwks';
    case TOKEN_PATH:
      return 'GetIDToken';
    default:
      return 'Unknown';
  }
}

async function issueIdToken(ctx: EmulatorContext, claims: Record<string, string>, audience: string): Promise<string> {
  const { privateKey, kid } = signingKey(ctx.store);
  const issuedAt = Math.floor(ctx.clock.now() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(GITHUB_ISSUER)
    .setAudience(audience)
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ID_TOKEN_LIFETIME_SECONDS)
    .sign(privateKey);
}

/** GitHub's discovery document, with the key set served locally (the issuer string stays GitHub's). */
function discovery(ctx: EmulatorContext): Record<string, unknown> {
  return {
    issuer: GITHUB_ISSUER,
    jwks_uri: `${ctx.endpoints['oidc']}/.well-known/jwks`,
    subject_types_supported: ['public', 'pairwise'],
    response_types_supported: ['id_token'],
    claims_supported: [
      'sub',
      'aud',
      'exp',
      'iat',
      'iss',
      'jti',
      'nbf',
      'ref',
      'repository',
      'repository_owner',
      'run_id',
      'run_attempt',
      'actor',
      'workflow',
      'event_name',
      'sha',
      'job_workflow_ref',
    ],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid'],
  };
}

/** Injected faults, answered in the issuer's own JSON `{ message }`. */
function faultAnswers(reply: (status: number, payload: unknown) => void): FaultAnswers {
  return {
    throttle: (fault) => reply(fault.status ?? 429, { message: 'Too many requests.' }),
    error: (fault) => reply(fault.status ?? 503, { message: 'The service is temporarily unavailable.' }),
  };
}
