/**
 * The OpenAPI (POP) request pipeline end to end: a tiny ROA product served by `openApiHandler`
 * on the context of a real emulator, called through core's RoaClient (the real openapi-core
 * ACS3 signing path). Signature, routing, version, RAM and STS failures must come back as the
 * cloud's error codes, and every request must land in the request log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoaClient, path } from '../../core/src/clients/roa.js';
import type { CloudCredentials } from '../../core/src/clients/types.js';
import { AdminClient, Emulator, ROLES } from '../src/index.js';
import type { Listener } from '../src/http/listener.js';
import { failure, listenThings, thingsClientProduct, THINGS_VERSION, type Thing } from './support/things.js';

const NO_RETRY = { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 50 };

describe('OpenAPI pipeline with the real openapi-core client', () => {
  let emulator: Emulator;
  let listener: Listener;
  let admin: AdminClient;

  const client = (credentials: CloudCredentials, version = THINGS_VERSION) =>
    new RoaClient(thingsClientProduct(version), {
      credentials,
      region: emulator.info.region,
      endpoint: listener.url,
      retryPolicy: NO_RETRY,
      timeoutMs: 5_000,
    });
  const getThing = (roa: RoaClient, id: string, query?: Record<string, string>) =>
    roa.call<{ RequestId: string; Thing: Thing; Echo: Record<string, string> }>({
      action: 'GetThing',
      method: 'GET',
      pathname: path`/api/v9/things/${id}`,
      ...(query ? { query } : {}),
      idempotent: true,
    });
  const createThing = (roa: RoaClient, thing: Thing) =>
    roa.call<{ RequestId: string; ThingId: string }>({
      action: 'CreateThing',
      method: 'POST',
      pathname: '/api/v9/things',
      body: thing,
      idempotent: false,
    });
  const lastLogged = () => emulator.context.log.list().at(-1)!;

  beforeAll(async () => {
    emulator = await Emulator.start();
    listener = await listenThings(emulator);
    admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
    const owner = client(emulator.info.credentials);
    for (const ThingId of ['a1', 'b1', 'a 2']) await createThing(owner, { ThingId, Name: ThingId, Tags: [] });
  });
  afterAll(async () => {
    await listener?.close();
    await emulator?.stop();
  });

  test('a signed GET succeeds and is logged with raw path, decoded query, status and key', async () => {
    const before = emulator.context.log.lastSeq;
    const query = { Filter: 'a*b~c!', Note: 'x y' };
    const reply = await getThing(client(emulator.info.credentials), 'a 2', query);

    expect(reply.Thing).toEqual({ ThingId: 'a 2', Name: 'a 2', Tags: [] });
    expect(reply.Echo).toEqual(query);
    expect(reply.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    const logged = emulator.context.log.list({ sinceSeq: before });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      product: 'test',
      action: 'GetThing',
      method: 'GET',
      path: '/api/v9/things/a%202',
      query,
      status: 200,
      requestId: reply.RequestId,
      accessKeyId: emulator.info.credentials.accessKeyId,
    });
    expect(logged[0]!.code).toBeUndefined();
  });

  test('a signed POST is logged with its parsed JSON body', async () => {
    const thing = { ThingId: 'a3', Name: 'third', Tags: ['x', 'y'] };
    const reply = await createThing(client(emulator.info.credentials), thing);

    expect(reply.ThingId).toBe('a3');
    expect(lastLogged()).toMatchObject({
      action: 'CreateThing',
      method: 'POST',
      path: '/api/v9/things',
      body: thing,
      status: 200,
      requestId: reply.RequestId,
    });
  });

  test('a wrong secret is refused with SignatureDoesNotMatch and the RequestId the emulator logged', async () => {
    const { accessKeyId } = emulator.info.credentials;
    const wrongSecret = 'not-the-secret-at-all-0123';
    const error = await failure(getThing(client({ accessKeyId, accessKeySecret: wrongSecret }), 'a1'));

    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.statusCode).toBe(400);
    const logged = lastLogged();
    expect(logged).toMatchObject({ action: 'GetThing', status: 400, code: 'SignatureDoesNotMatch' });
    expect(error.requestId).toBe(logged.requestId);
    expect(error.message).not.toContain(wrongSecret);
    expect(error.message).not.toContain(emulator.info.credentials.accessKeySecret);
  });

  test('an unknown access key is refused with InvalidAccessKeyId.NotFound', async () => {
    const error = await failure(
      getThing(client({ accessKeyId: 'LTEMUnobodyhasthiskey', accessKeySecret: 'whatever' }), 'a1'),
    );
    expect(error.code).toBe('InvalidAccessKeyId.NotFound');
    expect(error.statusCode).toBe(404);
    expect(error.requestId).toBe(lastLogged().requestId);
  });

  test('an unknown route answers 404 in the cloud JSON error shape', async () => {
    const error = await failure(
      client(emulator.info.credentials).call({
        action: 'ListWidgets',
        method: 'GET',
        pathname: '/api/v9/widgets',
        idempotent: true,
      }),
    );
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('InvalidAction.NotFound');
    expect(error.apiMessage).toContain('/api/v9/widgets');
    expect(lastLogged()).toMatchObject({ action: 'ListWidgets', status: 404, path: '/api/v9/widgets' });
  });

  test('a wrong x-acs-version answers InvalidVersion', async () => {
    const error = await failure(getThing(client(emulator.info.credentials, '2001-01-01'), 'a1'));
    expect(error.code).toBe('InvalidVersion');
    expect(error.statusCode).toBe(400);
    expect(error.apiMessage).toContain('2001-01-01');
  });

  test('RAM allows a user only on the resources its policy names, and the denial names action and resource', async () => {
    await admin.putPolicy('ThingsAOnly', {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['test:GetThing'], Resource: ['acs:test:*:*:thing/a*'] }],
    });
    const user = client(await admin.createUser('things-reader', ['ThingsAOnly']));

    await expect(getThing(user, 'a1')).resolves.toMatchObject({ Thing: { ThingId: 'a1' } });
    const denied = await failure(getThing(user, 'b1'));
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe('Forbidden.RAM');
    expect(denied.apiMessage).toContain('test:GetThing');
    expect(denied.apiMessage).toContain('acs:test:*:*:thing/b1');
    const creating = await failure(createThing(user, { ThingId: 'a9', Name: 'no', Tags: [] }));
    expect(creating.apiMessage).toContain('test:CreateThing');
  });

  test('STS credentials work with their security token and stop working once the emulated clock passes expiry', async () => {
    // Grant the seeded deployer role read access to things, keeping its own policies and trust.
    const ram = emulator.context.ram;
    const role = ram.state.roles[ROLES.deployer]!;
    ram.putPolicy('ThingsRead', {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['test:GetThing'], Resource: ['*'] }],
    });
    ram.putRole(ROLES.deployer, role.trust, [...role.policies, 'ThingsRead'], role.maxSessionDurationSeconds);
    const session = ram.createSession(ROLES.deployer, 'pipeline-test', 900, emulator.context.clock.now());
    const sts = client({
      accessKeyId: session.accessKeyId,
      accessKeySecret: session.secret,
      securityToken: session.securityToken,
    });

    await expect(getThing(sts, 'b1')).resolves.toMatchObject({ Thing: { ThingId: 'b1' } });
    expect(lastLogged()).toMatchObject({ status: 200, accessKeyId: session.accessKeyId });

    const withoutToken = await failure(
      getThing(client({ accessKeyId: session.accessKeyId, accessKeySecret: session.secret }), 'b1'),
    );
    expect(withoutToken.code).toBe('MissingSecurityToken');

    await admin.advanceClock(850_000);
    await expect(getThing(sts, 'b1')).resolves.toBeDefined();
    // Far past the 15-minute signature window too: freshness is judged by the wall clock the SDK signs with.
    await admin.advanceClock(2 * 3_600_000);
    const expired = await failure(getThing(sts, 'b1'));
    expect(expired.code).toBe('InvalidSecurityToken.Expired');
    expect(expired.statusCode).toBe(400);

    // The long-lived key still signs fine on the advanced clock: only the token expired.
    await expect(getThing(client(emulator.info.credentials), 'b1')).resolves.toBeDefined();
  });

  test('the admin request log filters by sinceSeq, product and action', async () => {
    const mark = emulator.context.log.lastSeq;
    const owner = client(emulator.info.credentials);
    await getThing(owner, 'a1');
    await createThing(owner, { ThingId: 'a4', Name: 'four', Tags: [] });
    await getThing(owner, 'b1');

    const since = await admin.requests({ sinceSeq: mark });
    expect(since.map((r) => [r.seq, r.action])).toEqual([
      [mark + 1, 'GetThing'],
      [mark + 2, 'CreateThing'],
      [mark + 3, 'GetThing'],
    ]);
    const gets = await admin.requests({ sinceSeq: mark, product: 'test', action: 'GetThing' });
    expect(gets.map((r) => r.seq)).toEqual([mark + 1, mark + 3]);
    expect(await admin.requests({ sinceSeq: mark + 3 })).toEqual([]);
    expect((await admin.requests()).length).toBeGreaterThan(since.length);
    await expect(admin.requests({ sinceSeq: 'soon' as unknown as number })).rejects.toThrow(/400.*sinceSeq/);
  });
});

describe('request log lifetime', () => {
  test('the log is in memory only: a restart from the same data dir keeps state but starts an empty log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pai-emulator-log-'));
    try {
      const first = await Emulator.start({ dataDir });
      const listener = await listenThings(first);
      try {
        await new RoaClient(thingsClientProduct(), {
          credentials: first.info.credentials,
          region: first.info.region,
          endpoint: listener.url,
          retryPolicy: NO_RETRY,
        }).call({
          action: 'CreateThing',
          method: 'POST',
          pathname: '/api/v9/things',
          body: { ThingId: 'a1' },
          idempotent: false,
        });
        expect(first.context.log.list({ product: 'test' })).toHaveLength(1);
      } finally {
        await listener.close();
        await first.stop();
      }

      const second = await Emulator.start({ dataDir });
      try {
        const admin = new AdminClient(second.info.endpoints['admin']!, second.info.adminToken);
        expect(second.info.credentials).toEqual(first.info.credentials);
        expect(await admin.requests({ product: 'test' })).toEqual([]);
        expect(second.context.log.lastSeq).toBe(0);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
