/**
 * The admin API validates what it stores: a policy that is not a RAM policy, a user holding unknown
 * policies, a clock setting or fault that would break later requests, each gets a 400 naming the
 * problem, and changes nothing.
 */
import { AdminClient, Emulator } from '../src/index.js';
import { sendRaw, signAcs3, type Keys } from './support/raw-http.js';

let emulator: Emulator;
let admin: AdminClient;
let watcher: Keys;

const READ_METRICS = {
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: 'cms:DescribeMetric*', Resource: '*' }],
};

beforeAll(async () => {
  emulator = await Emulator.start();
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  await admin.putPolicy('ReadMetrics', READ_METRICS);
  watcher = await admin.call<Keys>('POST', '/ram/users', { name: 'watcher', policies: ['ReadMetrics'] });
});

afterAll(async () => {
  await emulator?.stop();
});

/** POSTs to the admin API and returns status and error text. */
async function adminPost(path: string, body: unknown): Promise<{ status: number; error?: string }> {
  const answer = await sendRaw(emulator.info.endpoints['admin']!, {
    method: 'POST',
    path: `/admin${path}`,
    headers: { authorization: `Bearer ${emulator.info.adminToken}`, 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body)),
  });
  return { status: answer.status, ...(JSON.parse(answer.body) as { error?: string }) };
}

/** The watcher's CloudMonitor call: what its policy decides. */
async function watcherListsMetrics(): Promise<number> {
  const host = new URL(emulator.info.endpoints['cms']!).host;
  const request = signAcs3(
    {
      method: 'POST',
      path: '/?Namespace=acs_learn',
      headers: { 'x-acs-action': 'DescribeMetricMetaList', 'x-acs-version': '2019-01-01' },
      body: Buffer.alloc(0),
    },
    watcher,
    host,
  );
  return (await sendRaw(emulator.info.endpoints['cms']!, request)).status;
}

test.each([
  ['a string', 'allow everything', /must be a JSON object/],
  ['null', null, /must be a JSON object/],
  ['a Statement that is not a list', { Version: '1', Statement: 'Allow' }, /Statement: must be a non-empty array/],
  ['no Version', { Statement: READ_METRICS.Statement }, /Version: must be "1"/],
  [
    'an unknown Effect',
    { Version: '1', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] },
    /Statement\[0\]\.Effect/,
  ],
  [
    'an Action that is an object',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: { cms: '*' }, Resource: '*' }] },
    /Statement\[0\]\.Action/,
  ],
  [
    'an unknown condition operator',
    {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { constructor: { 'acs:SourceIp': 'x' } } }],
    },
    /Condition\.constructor: is not a condition operator/,
  ],
])(
  'a policy document with %s is refused with 400, and the stored one still rules',
  async (_what, document, problem) => {
    expect(await watcherListsMetrics()).toBe(200);
    const answer = await adminPost('/ram/policies', { name: 'ReadMetrics', document });
    expect(answer.status).toBe(400);
    expect(answer.error).toMatch(/policy "ReadMetrics" is not a valid RAM policy/);
    expect(answer.error).toMatch(problem);
    expect(await watcherListsMetrics()).toBe(200);
  },
);

test.each([
  [
    'a policy name that is not a name',
    '/ram/policies',
    { name: { not: 'a name' }, document: READ_METRICS },
    /policy name/,
  ],
  [
    'a user holding a policy that does not exist',
    '/ram/users',
    { name: 'ghost', policies: ['NoSuch'] },
    /do not exist: NoSuch/,
  ],
  [
    'a user whose policies are not a list',
    '/ram/users',
    { name: 'ghost', policies: 'ReadMetrics' },
    /list of policy names/,
  ],
  ['a clock advanced past what dates can hold', '/clock', { advanceMs: 1e300 }, /advanceMs must be a number/],
  ['a clock speed that is not a number', '/clock', { speed: 'fast' }, /speed must be a number/],
  ['a fault answering a success status', '/faults', { product: 'oss', kind: 'error', status: 200 }, /fault status/],
  ['a fault delaying for days', '/faults', { product: 'oss', kind: 'delay', delayMs: 1e12 }, /fault delayMs/],
  ['a fault seed that is not a number', '/faults/seed', { seed: 'x' }, /seed must be a number/],
])('%s is refused with 400 naming the field', async (_what, path, body, problem) => {
  const clock = await admin.call<{ nowMs: number; speed: number }>('GET', '/clock');
  const answer = await adminPost(path, body);
  expect(answer.status).toBe(400);
  expect(answer.error).toMatch(problem);
  // Nothing changed: no user, no fault, the clock where it was.
  expect((await admin.call<{ faults: unknown[] }>('GET', '/faults')).faults).toEqual([]);
  expect(Object.hasOwn(emulator.context.ram.state.users, 'ghost')).toBe(false);
  const after = await admin.call<{ nowMs: number; speed: number }>('GET', '/clock');
  expect(after.speed).toBe(clock.speed);
  expect(after.nowMs - clock.nowMs).toBeLessThan(60_000);
});

test('an EAS timing named like an object property is unknown, not stored', async () => {
  const answer = await sendRaw(emulator.info.endpoints['admin']!, {
    method: 'PUT',
    path: '/admin/eas/timings',
    headers: { authorization: `Bearer ${emulator.info.adminToken}`, 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ constructor: 5, createMs: -1 })),
  });
  expect(answer.status).toBe(400);
  expect(answer.body).toMatch(/unknown timing \\"constructor\\"/);
});
