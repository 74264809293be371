/**
 * The one retry policy meeting real failures: faults injected through the emulator's admin API,
 * answered by its OpenAPI pipeline, seen by the real openapi-core client inside RoaClient. The
 * emulator's request log is the witness of how many attempts reached the server.
 */
import { AdminClient, Emulator, type FaultSpec } from '../../emulator/src/index.js';
import { failure, listenThings, thingsClientProduct, type Thing } from '../../emulator/test/support/things.js';
import { RoaClient, path } from '../src/clients/roa.js';
import type { PaiApiError } from '../src/errors.js';
import type { RetryInfo, RetryPolicy } from '../src/retry.js';

const POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 2_000 };

/** An emulator with the things product listening on its context (same RAM, clock, faults and log). */
async function startThings(seed?: number) {
  const emulator = await Emulator.start(seed === undefined ? {} : { seed });
  const listener = await listenThings(emulator, [{ ThingId: 'a1', Name: 'first' }]);
  const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  const retries: RetryInfo[] = [];
  const client = (options: { policy?: RetryPolicy; timeoutMs?: number } = {}) =>
    new RoaClient(thingsClientProduct(), {
      credentials: emulator.info.credentials,
      region: emulator.info.region,
      endpoint: listener.url,
      retryPolicy: options.policy ?? POLICY,
      timeoutMs: options.timeoutMs ?? 5_000,
      onRetry: (info) => retries.push(info),
    });
  return {
    emulator,
    admin,
    retries,
    client,
    url: listener.url,
    /** Everything the product logged after `mark` (a sequence number). */
    logSince: (mark: number) => emulator.context.log.list({ product: 'test', sinceSeq: mark }),
    stop: async () => {
      await listener.close();
      await emulator.stop();
    },
  };
}
type Things = Awaited<ReturnType<typeof startThings>>;

const getThing = (roa: RoaClient, id = 'a1') =>
  roa.call<{ RequestId: string; Thing: Thing }>({
    action: 'GetThing',
    method: 'GET',
    pathname: path`/api/v9/things/${id}`,
    idempotent: true,
  });

async function eventually<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('core retry policy against emulator faults', () => {
  let things: Things;
  let mark: number;

  beforeAll(async () => {
    things = await startThings();
  });
  afterAll(async () => {
    await things?.stop();
  });
  beforeEach(async () => {
    await things.admin.clearFaults();
    things.retries.length = 0;
    mark = things.emulator.context.log.lastSeq;
  });

  const inject = (spec: Omit<FaultSpec, 'product'>) => things.admin.injectFault({ product: 'test', ...spec });

  test('a throttle answer tells when to come back in the headers clients read', async () => {
    await inject({ action: 'GetThing', kind: 'throttle', count: 1, retryAfterSeconds: 2 });
    // Unsigned on purpose: the fault fires before authentication, like the gateway's flow control.
    const response = await fetch(`${things.url}/api/v9/things/a1`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('x-acs-retry-after')).toBe('2000');
    expect(response.headers.get('x-ratelimit-user-api')).toMatch(/(^|,)TimeLeft:2000(,|$)/);
    expect(await response.json()).toMatchObject({ Code: 'Throttling.User', RequestId: expect.any(String) });
  });

  test('throttled twice, then served: three requests, and the waits honour Retry-After', async () => {
    await inject({ action: 'GetThing', kind: 'throttle', count: 2, retryAfterSeconds: 1 });
    const started = Date.now();
    const reply = await getThing(things.client());
    const elapsed = Date.now() - started;

    expect(reply.Thing.ThingId).toBe('a1');
    const logged = things.logSince(mark);
    expect(logged.map((r) => [r.status, r.code])).toEqual([
      [429, 'Throttling.User'],
      [429, 'Throttling.User'],
      [200, undefined],
    ]);
    expect(logged.at(-1)!.requestId).toBe(reply.RequestId);
    expect(things.retries.map((r) => r.error.code)).toEqual(['Throttling.User', 'Throttling.User']);
    for (const retry of things.retries) {
      expect(retry.error.retryAfterMs).toBe(1_000);
      expect(retry.delayMs).toBeGreaterThanOrEqual(1_000);
      expect(retry.delayMs).toBeLessThanOrEqual(POLICY.maxDelayMs);
    }
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(logged[2]!.time - logged[0]!.time).toBeGreaterThanOrEqual(2_000);
  });

  test.each([
    [503, 'ServiceUnavailable'],
    [500, 'InternalError'],
  ])(
    'HTTP %i beyond max attempts on a GET fails with %s and the RequestId of the last answer',
    async (status, code) => {
      await inject({ action: 'GetThing', kind: 'error', status });
      const error = await failure(getThing(things.client()));

      const logged = things.logSince(mark);
      expect(logged).toHaveLength(POLICY.maxAttempts);
      expect(logged.every((r) => r.status === status && r.code === code)).toBe(true);
      expect(new Set(logged.map((r) => r.requestId)).size).toBe(POLICY.maxAttempts);
      expect(error.code).toBe(code);
      expect(error.statusCode).toBe(status);
      expect(error.requestId).toBe(logged.at(-1)!.requestId);
      expect(error.message).toContain(logged.at(-1)!.requestId);
      expect(things.retries).toHaveLength(POLICY.maxAttempts - 1);
    },
  );

  test('a 5xx on a create is not repeated blindly: one request, the error as it came', async () => {
    await inject({ action: 'CreateThing', kind: 'error', status: 500, count: 1 });
    const error = await failure(
      things.client().call({
        action: 'CreateThing',
        method: 'POST',
        pathname: '/api/v9/things',
        body: { Name: 'once' },
        idempotent: false,
      }),
    );

    expect(error.code).toBe('InternalError');
    expect(error.statusCode).toBe(500);
    expect(things.logSince(mark).map((r) => [r.action, r.status])).toEqual([['CreateThing', 500]]);
    expect(things.retries).toEqual([]);
  });

  test('a 5xx on a create is retried once the idempotency look-up shows nothing was applied', async () => {
    await inject({ action: 'CreateThing', kind: 'error', status: 500, count: 1 });
    const roa = things.client();
    const findByName = async () => {
      const { Things } = await roa.call<{ Things: Thing[] }>({
        action: 'ListThings',
        method: 'GET',
        pathname: '/api/v9/things',
        query: { Name: 'checked' },
        idempotent: true,
      });
      return Things[0] ? { ThingId: Things[0].ThingId } : undefined;
    };
    const created = await roa.call<{ ThingId: string }>({
      action: 'CreateThing',
      method: 'POST',
      pathname: '/api/v9/things',
      body: { Name: 'checked' },
      idempotent: false,
      alreadyApplied: findByName,
    });

    expect(created.ThingId).toMatch(/^t\d+$/);
    expect(things.logSince(mark).map((r) => [r.action, r.status])).toEqual([
      ['CreateThing', 500],
      ['ListThings', 200],
      ['CreateThing', 200],
    ]);
    expect(await findByName()).toEqual({ ThingId: created.ThingId });
  });

  test('a connection reset on a GET is retried and succeeds', async () => {
    await inject({ action: 'GetThing', kind: 'reset', count: 1 });
    const reply = await getThing(things.client());

    expect(reply.Thing.ThingId).toBe('a1');
    expect(things.retries.map((r) => r.error.code)).toEqual(['ECONNRESET']);
    expect(things.logSince(mark).map((r) => [r.status, r.code])).toEqual([
      [0, 'ConnectionReset'],
      [200, undefined],
    ]);
  });

  test('an answer slower than the client timeout is ETIMEDOUT, and the retry succeeds', async () => {
    await inject({ action: 'GetThing', kind: 'delay', delayMs: 1_200, count: 1 });
    const reply = await getThing(things.client({ timeoutMs: 400 }));

    expect(reply.Thing.ThingId).toBe('a1');
    expect(things.retries.map((r) => r.error.code)).toEqual(['ETIMEDOUT']);
    // The slow attempt is logged once the server finishes it, after the retry that overtook it.
    const logged = await eventually(
      () => things.logSince(mark),
      (entries) => entries.length >= 2,
    );
    expect(logged.map((r) => r.status)).toEqual([200, 200]);
    expect(logged.map((r) => r.requestId)).toContain(reply.RequestId);
  });

  test('the timeout holds for a call right after others (a kept-alive socket would carry a stale read timer)', async () => {
    const roa = things.client({ timeoutMs: 400 });
    // Earlier answers on the same client: their read timers run out while the slow call waits.
    await getThing(roa);
    await getThing(roa);
    await inject({ action: 'GetThing', kind: 'delay', delayMs: 1_500, count: 1 });
    const reply = await getThing(roa);

    expect(reply.Thing.ThingId).toBe('a1');
    expect(things.retries.map((r) => r.error.code)).toEqual(['ETIMEDOUT']);
  });
});

describe('seeded probability faults', () => {
  /** Outcome of each of `calls` single-attempt GETs against a fresh emulator started with `seed`. */
  async function outcomes(seed: number, calls = 24): Promise<string[]> {
    const things = await startThings(seed);
    try {
      await things.admin.injectFault({ product: 'test', action: 'GetThing', kind: 'error', probability: 0.4 });
      const roa = things.client({ policy: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 5 } });
      const seen: string[] = [];
      for (let i = 0; i < calls; i++) {
        seen.push(
          await getThing(roa).then(
            () => 'ok',
            (error: unknown) => (error as PaiApiError).code,
          ),
        );
      }
      expect(things.logSince(0).map((r) => r.code ?? 'ok')).toEqual(seen);
      return seen;
    } finally {
      await things.stop();
    }
  }

  test('the same seed replays the same faults on another emulator instance', async () => {
    const first = await outcomes(42);
    expect(first).toContain('ok');
    expect(first).toContain('ServiceUnavailable');
    expect(await outcomes(42)).toEqual(first);
    expect(await outcomes(43)).not.toEqual(first);
  });
});
