import { ServiceError } from './errors.js';
import { newId, newSecret } from './ids.js';
import { nameTable } from './names.js';
import { evaluate, validatePolicy, type PolicyDocument } from './auth/policy.js';
import type { TrustPolicyDocument } from './auth/trust.js';
import type { StateStore } from './store.js';

/**
 * RAM: users, roles, access keys, policies and STS sessions of one emulated account.
 * Every signed call resolves its access key to a principal here and is authorised against
 * that principal's policies; AccessDenied names the action and the resource.
 */
export interface RamState {
  accountId: string;
  policies: Record<string, PolicyDocument>;
  users: Record<string, { policies: string[] }>;
  roles: Record<string, { trust: TrustPolicyDocument; policies: string[]; maxSessionDurationSeconds: number }>;
  accessKeys: Record<string, { secret: string; user: string; status: 'Active' | 'Inactive' }>;
  sessions: Record<string, StsSession>;
  oidcProviders: Record<string, { issuerUrl: string; clientIds: string[] }>;
}

export interface StsSession {
  secret: string;
  securityToken: string;
  role: string;
  sessionName: string;
  expiresAt: number;
  /** Set for sessions federated through OIDC: the token's subject. */
  subject?: string;
  /** AssumeRole's optional Policy: the session may do only what both it and the role's policies allow. */
  policy?: PolicyDocument;
}

export interface Principal {
  accountId: string;
  kind: 'user' | 'assumed-role';
  name: string;
  arn: string;
  accessKeyId: string;
  policies: PolicyDocument[];
  /** An STS session's own policy, which narrows `policies` (never widens them). */
  sessionPolicy?: PolicyDocument;
}

/** How a product spells authentication failures: OpenAPI (POP) JSON or OSS XML. */
export type ErrorDialect = 'pop' | 'oss';

export class Ram {
  readonly state: RamState;
  /** STS secrets issued since start, pruned sessions included (in memory, for secret scans). */
  readonly issued: string[] = [];

  constructor(
    private readonly store: StateStore,
    accountId: string,
  ) {
    this.state = store.slice<RamState>('ram', () => ({
      accountId,
      policies: {},
      users: {},
      roles: {},
      accessKeys: {},
      sessions: {},
      oidcProviders: {},
    }));
    const state = this.state;
    state.policies = nameTable(state.policies);
    state.users = nameTable(state.users);
    state.roles = nameTable(state.roles);
    state.accessKeys = nameTable(state.accessKeys);
    state.sessions = nameTable(state.sessions);
    state.oidcProviders = nameTable(state.oidcProviders);
  }

  get accountId(): string {
    return this.state.accountId;
  }

  /**
   * Stores a permission policy once it is one: every later request of a principal holding it is
   * evaluated against it, so a malformed document is refused here, naming each problem.
   */
  putPolicy(name: unknown, document: unknown): void {
    const policyName = checkName(name, 'policy name', 128);
    const checked = validatePolicy(document);
    if (!checked.valid)
      throw new Error(`policy "${policyName}" is not a valid RAM policy: ${checked.errors.join('; ')}`);
    this.state.policies[policyName] = checked.policy;
    this.store.changed('ram', 'policies', policyName);
  }

  /** A user holding existing policies by name. */
  putUser(name: unknown, policies: unknown): void {
    const userName = checkName(name, 'user name', 64);
    if (!Array.isArray(policies) || !policies.every((p) => typeof p === 'string'))
      throw new Error(`policies of user "${userName}" must be a list of policy names`);
    const missing = policies.filter((p) => !Object.hasOwn(this.state.policies, p));
    if (missing.length > 0) throw new Error(`policies of user "${userName}" do not exist: ${missing.join(', ')}`);
    this.state.users[userName] = { policies: [...(policies as string[])] };
    this.store.changed('ram', 'users', userName);
  }

  putRole(name: string, trust: TrustPolicyDocument, policies: string[], maxSessionDurationSeconds = 3600): void {
    this.state.roles[name] = { trust, policies, maxSessionDurationSeconds };
    this.store.changed('ram', 'roles', name);
  }

  putOidcProvider(name: string, issuerUrl: string, clientIds: string[]): void {
    this.state.oidcProviders[name] = { issuerUrl, clientIds };
    this.store.changed('ram', 'oidcProviders', name);
  }

  createAccessKey(user: string): { accessKeyId: string; accessKeySecret: string } {
    if (!this.state.users[user]) throw new Error(`RAM user ${user} does not exist`);
    const accessKeyId = newId('LTEMU', 19);
    const accessKeySecret = newSecret(22);
    this.state.accessKeys[accessKeyId] = { secret: accessKeySecret, user, status: 'Active' };
    this.store.changed('ram', 'accessKeys', accessKeyId);
    return { accessKeyId, accessKeySecret };
  }

  roleArn(role: string): string {
    return `acs:ram::${this.accountId}:role/${role.toLowerCase()}`;
  }

  /** Finds a role by its ARN (role names are case-insensitive in RAM ARNs). */
  roleByArn(arn: string): string | undefined {
    const match = /^acs:ram::(\d+):role\/(.+)$/.exec(arn);
    if (!match || match[1] !== this.accountId) return undefined;
    return Object.keys(this.state.roles).find((name) => name.toLowerCase() === match[2]!.toLowerCase());
  }

  /** Issues temporary credentials for a role; the caller has checked the trust policy. */
  createSession(
    role: string,
    sessionName: string,
    durationSeconds: number,
    now: number,
    subject?: string,
    policy?: PolicyDocument,
  ) {
    const accessKeyId = newId('STS.', 24);
    const session: StsSession = {
      secret: newSecret(22),
      securityToken: `CAIS${newSecret(96)}`,
      role,
      sessionName,
      expiresAt: now + durationSeconds * 1000,
      ...(subject ? { subject } : {}),
      ...(policy ? { policy } : {}),
    };
    this.pruneSessions(now);
    this.issued.push(session.secret, session.securityToken);
    this.state.sessions[accessKeyId] = session;
    this.store.changed('ram', 'sessions', accessKeyId);
    return { accessKeyId, ...session };
  }

  /** The signing secret of a key, for signature checks (undefined = unknown key). */
  secretFor(accessKeyId: string): string | undefined {
    const key = this.state.accessKeys[accessKeyId];
    if (key) return key.status === 'Active' ? key.secret : undefined;
    return this.state.sessions[accessKeyId]?.secret;
  }

  /** Resolves a verified access key (and STS token) to the principal that signed. */
  principalFor(accessKeyId: string, securityToken: string | undefined, now: number, dialect: ErrorDialect): Principal {
    const key = this.state.accessKeys[accessKeyId];
    if (key) {
      return {
        accountId: this.accountId,
        kind: 'user',
        name: key.user,
        arn: `acs:ram::${this.accountId}:user/${key.user}`,
        accessKeyId,
        policies: this.policiesOf(this.state.users[key.user]?.policies ?? []),
      };
    }
    const session = this.state.sessions[accessKeyId];
    if (!session) throw invalidKey(accessKeyId, dialect);
    if (!securityToken) throw tokenError(dialect, 'missing');
    if (securityToken !== session.securityToken) throw tokenError(dialect, 'mismatch');
    if (now >= session.expiresAt) throw tokenError(dialect, 'expired');
    const role = this.state.roles[session.role];
    return {
      accountId: this.accountId,
      kind: 'assumed-role',
      name: `${session.role}/${session.sessionName}`,
      arn: `acs:ram::${this.accountId}:assumed-role/${session.role.toLowerCase()}/${session.sessionName}`,
      accessKeyId,
      policies: this.policiesOf(role?.policies ?? []),
      ...(session.policy ? { sessionPolicy: session.policy } : {}),
    };
  }

  /** Throws AccessDenied (naming action and resource) unless the principal's policies allow it. */
  authorize(
    principal: Principal,
    action: string,
    resource: string,
    dialect: ErrorDialect,
    options: { context?: Record<string, string>; deniedCode?: string } = {},
  ) {
    const { context } = options;
    const verdict = evaluate(principal.policies, action, resource, context);
    const session = principal.sessionPolicy ? evaluate([principal.sessionPolicy], action, resource, context) : verdict;
    if (verdict.allowed && session.allowed) return;
    const why = !verdict.allowed
      ? verdict.reason === 'explicit-deny'
        ? 'an explicit deny in a policy'
        : 'no policy allows it'
      : 'the session policy does not allow it';
    const message = `You are not authorized to do action: ${action} on resource: ${resource} (principal ${principal.arn}; ${why}).`;
    throw new ServiceError(403, options.deniedCode ?? (dialect === 'oss' ? 'AccessDenied' : 'Forbidden.RAM'), message);
  }

  private policiesOf(names: string[]): PolicyDocument[] {
    return names.map((name) => this.state.policies[name]).filter((p): p is PolicyDocument => p !== undefined);
  }

  private pruneSessions(now: number): void {
    // Keep expired sessions a day so their use is answered "expired", not "unknown key".
    for (const [id, session] of Object.entries(this.state.sessions)) {
      if (session.expiresAt + 86_400_000 >= now) continue;
      delete this.state.sessions[id];
      this.store.changed('ram', 'sessions', id);
    }
  }
}

/** RAM names: letters, digits and `.`, `_`, `-`, `@`, within the cloud's length limit. */
function checkName(value: unknown, what: string, maxLength: number): string {
  if (typeof value !== 'string' || !new RegExp(`^[\\w.@-]{1,${maxLength}}$`).test(value))
    throw new Error(
      `${what} must be 1-${maxLength} letters, digits, ".", "_", "-" or "@"; got ${JSON.stringify(value)}`,
    );
  return value;
}

function invalidKey(accessKeyId: string, dialect: ErrorDialect): ServiceError {
  return dialect === 'oss'
    ? new ServiceError(403, 'InvalidAccessKeyId', `The OSS Access Key Id you provided does not exist in our records.`)
    : new ServiceError(404, 'InvalidAccessKeyId.NotFound', `Specified access key is not found: ${accessKeyId}`);
}

function tokenError(dialect: ErrorDialect, problem: 'missing' | 'mismatch' | 'expired'): ServiceError {
  if (dialect === 'oss') {
    return problem === 'expired'
      ? new ServiceError(403, 'SecurityTokenExpired', 'The security token you provided has expired.')
      : new ServiceError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.');
  }
  if (problem === 'expired')
    return new ServiceError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
  if (problem === 'missing')
    return new ServiceError(400, 'MissingSecurityToken', 'SecurityToken is mandatory for this action.');
  return new ServiceError(
    400,
    'InvalidSecurityToken.Mismatch',
    'Specified SecurityToken is mismatch with the AccessKey.',
  );
}
