import { randomInt } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { adminFailure, adminHandler, coreAdminRoutes } from './admin.js';
import { NonceCache } from './auth/nonce-cache.js';
import { Clock, type ClockSnapshot } from './clock.js';
import { IssuedSecrets, type EmulatorContext } from './context.js';
import { FaultInjector } from './faults.js';
import { newSecret } from './ids.js';
import { BodyBudget, DEFAULT_BODY_LIMITS, type BodyLimits } from './http/body-budget.js';
import { listen, type Listener, type RequestHandler } from './http/listener.js';
import { InvocationRecorder } from './metrics.js';
import type { ProductModule } from './product.js';
import { createCms } from './products/cms/index.js';
import { createDlc } from './products/dlc/index.js';
import { createEas } from './products/eas/index.js';
import { createGitHubApi } from './products/github/index.js';
import { createOidcIssuer } from './products/oidc/index.js';
import { createOss } from './products/oss/index.js';
import { ObjectStorage } from './products/oss/storage.js';
import { createSts } from './products/sts/index.js';
import { Ram } from './ram.js';
import { RequestLog } from './request-log.js';
import { seedAccount } from './seed.js';
import { StateStore } from './store.js';

export interface EmulatorOptions {
  /** Persist state here and reload it on the next start; omitted = in memory. */
  dataDir?: string;
  /** Interface to bind; loopback unless told otherwise (the DLC runner executes commands). */
  host?: string;
  region?: string;
  /** Emulated seconds per real second. */
  speed?: number;
  /** Seed of the fault injector's random choices. */
  seed?: number;
  adminToken?: string;
  /** Fixed ports by product name (oss, sts, oidc, eas, gateway, dlc, cms, admin); default = free ports. */
  ports?: Partial<Record<string, number>>;
  /** Request body limits (per request, and all in flight together); default DEFAULT_BODY_LIMITS. */
  limits?: Partial<BodyLimits>;
}

export interface EmulatorInfo {
  region: string;
  accountId: string;
  endpoints: Record<string, string>;
  credentials: { accessKeyId: string; accessKeySecret: string };
  adminToken: string;
  [extra: string]: unknown;
}

interface SeedState {
  credentials?: { accessKeyId: string; accessKeySecret: string };
  adminToken?: string;
}

export class Emulator {
  private constructor(
    readonly context: EmulatorContext,
    readonly info: EmulatorInfo,
    private readonly products: ProductModule[],
    private readonly listeners: Listener[],
  ) {}

  static async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const host = options.host ?? '127.0.0.1';
    if (!isLoopback(host)) {
      console.error(
        `[pai-emulator] WARNING: listening on ${host}, not loopback. The DLC runner executes job commands; anyone who reaches this address with valid keys can run code here.`,
      );
    }
    const store = new StateStore(options.dataDir);
    const clockState = store.slice<ClockState>('clock', () => ({}));
    const clock = new Clock({ ...resumedClock(clockState), ...(options.speed ? { speed: options.speed } : {}) });
    clock.onChange(() => {
      Object.assign(clockState, clock.snapshot());
      store.changed('clock');
    });
    // Every batch records the time, so a restart after a crash resumes from the last write's moment.
    store.beforeCommit(() => {
      Object.assign(clockState, { nowMs: clock.now(), savedAtRealMs: Date.now() });
      store.changed('clock');
    });
    const region = options.region ?? 'cn-shanghai';
    const seedState = store.slice<SeedState>('seed', () => ({}));
    const ctx: EmulatorContext = {
      region,
      clock,
      store,
      ram: new Ram(store, newAccountId()),
      faults: new FaultInjector(options.seed ?? 1),
      log: new RequestLog(),
      nonces: new NonceCache(),
      bodies: new BodyBudget({ ...DEFAULT_BODY_LIMITS, ...options.limits }),
      invocations: new InvocationRecorder(),
      endpoints: {},
      secrets: new IssuedSecrets(),
    };
    ctx.secrets.addSource(() => [
      ...Object.values(ctx.ram.state.accessKeys).map((key) => key.secret),
      ...Object.values(ctx.ram.state.sessions).flatMap((session) => [session.secret, session.securityToken]),
      ...ctx.ram.issued,
      seedState.adminToken ?? '',
    ]);
    const storage = new ObjectStorage(store, () => clock.now());
    seedState.credentials ??= seedAccount(ctx.ram, storage);
    seedState.adminToken = options.adminToken ?? seedState.adminToken ?? newSecret(24);
    store.changed('seed');

    const products: ProductModule[] = [
      createOss(ctx, storage),
      createOidcIssuer(ctx),
      createSts(ctx),
      ...createEas(ctx, { storage }),
      createDlc(ctx, { storage }),
      createCms(ctx),
      createGitHubApi(ctx),
    ];
    const adminRoutes = [...coreAdminRoutes(ctx), ...products.flatMap((p) => p.adminRoutes ?? [])];
    const listeners: Listener[] = [];
    try {
      for (const product of products) {
        const handler = withCloudDate(product.handler, clock);
        const failure = product.failure ? { onFailure: product.failure } : {};
        const listener = await listen(handler, { host, port: options.ports?.[product.name] ?? 0, ...failure });
        listeners.push(listener);
        ctx.endpoints[product.name] = listener.url;
        const tls = await product.tls;
        if (tls) {
          const secure = await listen(handler, {
            host,
            port: options.ports?.[`${product.name}Tls`] ?? 0,
            tls,
            ...failure,
          });
          listeners.push(secure);
          ctx.endpoints[`${product.name}Tls`] = secure.url;
        }
      }
      const admin = await listen(
        adminHandler(seedState.adminToken, adminRoutes, ctx.bodies, () => store.committed()),
        {
          host,
          port: options.ports?.['admin'] ?? 0,
          onFailure: adminFailure,
        },
      );
      listeners.push(admin);
      ctx.endpoints['admin'] = admin.url;
    } catch (error) {
      await Promise.all(listeners.map((l) => l.close()));
      await store.close();
      throw error;
    }
    for (const product of products) product.start?.();
    await store.flush();
    const info: EmulatorInfo = {
      region,
      accountId: ctx.ram.accountId,
      endpoints: { ...ctx.endpoints },
      credentials: seedState.credentials,
      adminToken: seedState.adminToken,
      ...Object.assign({}, ...products.map((p) => p.info?.() ?? {})),
    };
    return new Emulator(ctx, info, products, listeners);
  }

  async stop(): Promise<void> {
    for (const product of this.products) await product.stop?.();
    await Promise.all(this.listeners.map((l) => l.close()));
    await this.context.store.close();
  }
}

/**
 * Every answer's `Date` is the emulator's clock, as the cloud's answers carry the cloud's: actions
 * judge ages, retention and metric windows by it, so an advanced or sped-up clock reaches them
 * with no special case.
 */
function withCloudDate(handler: RequestHandler, clock: Clock): RequestHandler {
  return (req, res) => {
    res.setHeader('Date', new Date(clock.now()).toUTCString());
    return handler(req, res); // the listener's safety net needs the handler's promise
  };
}

interface ClockState extends Partial<ClockSnapshot> {
  /** Wall-clock time of the save, so the downtime can be added back on restart. */
  savedAtRealMs?: number;
}

/**
 * Emulated time never runs backwards across a restart: it resumes from the last save plus the
 * real time the emulator was down (the cloud's clock kept going), as an emulator that never
 * moved its clock resumes at the wall clock.
 */
function resumedClock(state: ClockState): Partial<ClockSnapshot> {
  if (state.nowMs === undefined) return state.speed === undefined ? {} : { speed: state.speed };
  const downMs = state.savedAtRealMs === undefined ? 0 : Math.max(0, Date.now() - state.savedAtRealMs);
  return { nowMs: state.nowMs + downMs, ...(state.speed === undefined ? {} : { speed: state.speed }) };
}

/** Only a loopback address or `localhost`: a name like `127.0.0.1.nip.io` can point anywhere. */
export function isLoopback(host: string): boolean {
  const address = host.replace(/^::ffff:/i, '');
  return host === 'localhost' || host === '::1' || (isIPv4(address) && address.startsWith('127.'));
}

/** A 16-digit account id, like the cloud's UIDs. */
function newAccountId(): string {
  return `1${String(randomInt(0, 2 ** 47)).padStart(15, '0')}`;
}
