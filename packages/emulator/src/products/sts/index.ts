import { createHash, randomBytes } from 'node:crypto';
import type { PolicyDocument } from '../../auth/policy.js';
import {
  evaluateOidcTrust,
  evaluateRamTrust,
  validateTrustPolicy,
  type TrustPolicyDocument,
} from '../../auth/trust.js';
import type { EmulatorContext } from '../../context.js';
import { openApiHandler, popFailure, type ApiCall, type OpenApiProduct } from '../../openapi.js';
import type { AdminRoute, ProductModule } from '../../product.js';
import type { Principal } from '../../ram.js';
import { localTls } from '../../tls.js';
import { keysForIssuer } from '../oidc/keys.js';
import { notTrusted, oidcNotTrusted, roleNotFound, unknownProvider } from './errors.js';
import { verifyOidcToken } from './oidc-token.js';
import {
  checkRoleSessionName,
  durationSeconds,
  parseOidcProviderArn,
  parseRoleArn,
  required,
  sessionPolicy,
  stsTime,
} from './params.js';

/**
 * STS: AssumeRole (signed; the caller's policies must allow sts:AssumeRole on the role and the role's
 * trust policy must trust the caller) and AssumeRoleWithOIDC (anonymous; the GitHub ID token is the proof).
 * Served over http and, because @alicloud/credentials only speaks https to STS, over TLS with a local CA.
 */
export function createSts(ctx: EmulatorContext): ProductModule {
  const spec: OpenApiProduct = {
    product: 'sts',
    version: '2015-04-01',
    style: 'RPC',
    ramPrefix: 'sts',
    accessDeniedCode: 'NoPermission',
    routes: [
      {
        action: 'AssumeRole',
        method: 'POST',
        path: '/',
        resource: (call) => call.input['RoleArn'] ?? '*',
        handle: (call) => assumeRole(ctx, call),
      },
      {
        action: 'AssumeRoleWithOIDC',
        method: 'POST',
        path: '/',
        anonymous: true,
        handle: (call) => assumeRoleWithOidc(ctx, call),
      },
    ],
  };
  let caCertPath: string | undefined;
  let releaseTls = () => {};
  const tls = localTls(ctx.store).then(({ key, cert, caCertPath: path, release }) => {
    caCertPath = path;
    releaseTls = release;
    return { key, cert };
  });
  tls.catch(() => undefined); // awaited by the emulator's start; this only keeps an early failure from being "unhandled"
  return {
    name: 'sts',
    handler: openApiHandler(spec, ctx),
    failure: popFailure,
    tls,
    info: () => (caCertPath ? { caCertPath } : {}),
    adminRoutes: adminRoutes(ctx),
    stop: () => releaseTls(),
  };
}

interface RoleTarget {
  name: string;
  arn: string;
  trust: TrustPolicyDocument;
  maxSessionDurationSeconds: number;
}

function findRole(ctx: EmulatorContext, roleArn: string): RoleTarget {
  parseRoleArn(roleArn);
  const name = ctx.ram.roleByArn(roleArn);
  const role = name === undefined ? undefined : ctx.ram.state.roles[name];
  if (name === undefined || !role) throw roleNotFound(roleArn);
  return {
    name,
    arn: ctx.ram.roleArn(name),
    trust: role.trust,
    maxSessionDurationSeconds: role.maxSessionDurationSeconds,
  };
}

function assumeRole(ctx: EmulatorContext, call: ApiCall) {
  const caller = call.principal!;
  const role = findRole(ctx, required(call.input, 'RoleArn'));
  const sessionName = checkRoleSessionName(required(call.input, 'RoleSessionName'));
  const callerArn = trustIdentity(ctx, caller);
  if (!evaluateRamTrust(role.trust, { accountId: ctx.ram.accountId, arn: callerArn }).allowed) {
    throw notTrusted(role.arn, callerArn);
  }
  const seconds = durationSeconds(call.input['DurationSeconds'], role.maxSessionDurationSeconds);
  const policy = sessionPolicy(call.input['Policy']);
  return issue(ctx, call, role, sessionName, seconds, policy);
}

async function assumeRoleWithOidc(ctx: EmulatorContext, call: ApiCall) {
  const providerArn = required(call.input, 'OIDCProviderArn');
  const token = required(call.input, 'OIDCToken');
  const roleArn = required(call.input, 'RoleArn');
  // Guess: the reference marks RoleSessionName optional; the cloud then names the session itself.
  const sessionName = checkRoleSessionName(call.input['RoleSessionName'] || `oidc-${randomBytes(6).toString('hex')}`);

  const { accountId, providerName } = parseOidcProviderArn(providerArn);
  const provider = accountId === ctx.ram.accountId ? ctx.ram.state.oidcProviders[providerName] : undefined;
  if (!provider) throw unknownProvider();
  const verified = await verifyOidcToken(token, provider, (issuer) => keysForIssuer(ctx.store, issuer), call.now);

  const role = findRole(ctx, roleArn);
  const claims = { iss: verified.iss, aud: verified.aud, sub: verified.sub };
  if (!evaluateOidcTrust(role.trust, providerArn, claims).allowed) throw oidcNotTrusted(role.arn, verified.sub);
  const seconds = durationSeconds(call.input['DurationSeconds'], role.maxSessionDurationSeconds);
  const policy = sessionPolicy(call.input['Policy']);
  return {
    ...issue(ctx, call, role, sessionName, seconds, policy, verified.sub),
    OIDCTokenInfo: {
      Subject: verified.sub,
      Issuer: verified.iss,
      ClientIds: verified.aud.join(','),
      IssuanceTime: stsTime(verified.iat * 1000),
      ExpirationTime: stsTime(verified.exp * 1000),
    },
  };
}

function issue(
  ctx: EmulatorContext,
  call: ApiCall,
  role: RoleTarget,
  sessionName: string,
  seconds: number,
  policy: PolicyDocument | undefined,
  subject?: string,
) {
  const session = ctx.ram.createSession(role.name, sessionName, seconds, call.now, subject, policy);
  return {
    AssumedRoleUser: {
      Arn: `${role.arn}/${sessionName}`,
      AssumedRoleId: `${roleId(ctx.ram.accountId, role.name)}:${sessionName}`,
    },
    Credentials: {
      AccessKeyId: session.accessKeyId,
      AccessKeySecret: session.secret,
      SecurityToken: session.securityToken,
      Expiration: stsTime(session.expiresAt),
    },
  };
}

/** The ARN a trust policy names the caller by: the user, or for a session (role chaining) its role. */
function trustIdentity(ctx: EmulatorContext, principal: Principal): string {
  if (principal.kind === 'assumed-role') return ctx.ram.roleArn(principal.name.split('/')[0]!);
  return principal.arn;
}

/** RAM role IDs are long numbers; derive a stable one so replies look like the cloud's. */
function roleId(accountId: string, role: string): string {
  const digest = createHash('sha256').update(`${accountId}:${role.toLowerCase()}`).digest();
  return (digest.readBigUInt64BE(0) % 10n ** 17n).toString().padStart(17, '3');
}

/** RAM set-up the tests and the demo need beyond the seed: roles with their trust, OIDC providers. */
function adminRoutes(ctx: EmulatorContext): AdminRoute[] {
  return [
    {
      method: 'POST',
      path: '/ram/roles',
      handle: ({ body }) => {
        const name = String(body['name'] ?? '');
        if (!/^[\w.-]{1,64}$/.test(name))
          throw new Error(`role name must be 1-64 letters, digits, . - _; got "${name}"`);
        const trust = validateTrustPolicy(body['trust']);
        if (!trust.valid) throw new Error(`trust policy: ${trust.errors.join('; ')}`);
        const policies = (body['policies'] as string[] | undefined) ?? [];
        const maxSeconds = Number(body['maxSessionDurationSeconds'] ?? 3600);
        if (!Number.isInteger(maxSeconds) || maxSeconds < 3600 || maxSeconds > 43200) {
          throw new Error(
            `maxSessionDurationSeconds must be 3600..43200, got ${String(body['maxSessionDurationSeconds'])}`,
          );
        }
        ctx.ram.putRole(name, trust.policy, policies, maxSeconds);
        return { arn: ctx.ram.roleArn(name) };
      },
    },
    {
      method: 'POST',
      path: '/ram/oidc-providers',
      handle: ({ body }) => {
        const name = String(body['name'] ?? '');
        const issuerUrl = String(body['issuerUrl'] ?? '');
        const clientIds = body['clientIds'];
        if (!/^[\w.-]{1,128}$/.test(name))
          throw new Error(`provider name must be letters, digits, . - _; got "${name}"`);
        if (!/^https:\/\//.test(issuerUrl)) throw new Error(`issuerUrl must be an https URL, got "${issuerUrl}"`);
        if (!Array.isArray(clientIds) || clientIds.length === 0 || !clientIds.every((id) => typeof id === 'string')) {
          throw new Error('clientIds must be a non-empty list of strings');
        }
        ctx.ram.putOidcProvider(name, issuerUrl, clientIds as string[]);
        return { arn: `acs:ram::${ctx.ram.accountId}:oidc-provider/${name}` };
      },
    },
  ];
}
