/**
 * No request brings the emulator down or gets a 5xx it did not ask for: generated requests (nested and
 * oversized bodies, names that are JavaScript object properties, malformed percent-encoding, odd
 * headers), most of them correctly signed so they reach the products' handlers, go to every listener.
 * Each must be answered with the product's own 4xx shape (or a 2xx), and the emulator must still
 * serve the real clients afterwards.
 */
import fc from 'fast-check';
import OSS from 'ali-oss';
import { OSS_SIGNED_SUBRESOURCES } from '../src/auth/oss-v1.js';
import { parseQuery, splitRawUrl } from '../src/auth/signed-request.js';
import { AdminClient, DEMO_BUCKET, Emulator } from '../src/index.js';
import { sendRaw, signAcs3, signOssV1, type RawRequest, type RawResponse } from './support/raw-http.js';

/** Small limits, so oversized bodies cost little to send. */
const LIMITS = { requestBodyBytes: 64 * 1024, inFlightBodyBytes: 256 * 1024 };

/** Names every JavaScript object has through its prototype: each must be an ordinary name. */
const PROPERTY_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
  'prototype',
];
const BAD_ENCODINGS = ['%', '%2', '%zz', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF', '%00', '%25%'];

const name = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROPERTY_NAMES) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,10}$/) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'aZ09-_.~%/+ é'), maxLength: 12 }) },
);

/** One path segment as it travels: encoded, or with a malformed escape somewhere. */
const segment = fc.oneof(
  { weight: 4, arbitrary: name.map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_ENCODINGS, '..', '%2e%2e', '%2F', '') },
  {
    weight: 2,
    arbitrary: fc
      .tuple(name, fc.constantFrom(...BAD_ENCODINGS), fc.boolean())
      .map(([text, bad, before]) => (before ? bad + encodeURIComponent(text) : encodeURIComponent(text) + bad)),
  },
);

const queryPart = fc.oneof(
  fc.tuple(segment, segment).map(([key, value]) => `${key}=${value}`),
  segment,
  fc.constantFrom(
    'acl',
    'delete',
    'bucketInfo',
    'list-type=2',
    'continuation-token=%%',
    'continuation-token=_-_',
    'max-keys=0',
    'max-keys=1001',
    'max-keys=x',
    'encoding-type=url',
    'encoding-type=%ZZ',
    'prefix=%',
    'marker=%E0',
    'response-content-type=%',
    'sinceSeq=-1',
    'Version=%',
    'Action=%',
  ),
);
const query = fc.array(queryPart, { maxLength: 4 }).map((parts) => (parts.length ? `?${parts.join('&')}` : ''));

const headerText = fc.string({ unit: fc.constantFrom(...'aZ09 -_=;,/:%+"<>é'), maxLength: 40 });

/** A few odd headers per request: enough to reach every header-reading branch, few enough to get past the first check. */
const headerEntry = fc.oneof(
  fc
    .constantFrom(
      'application/json',
      'application/x-www-form-urlencoded',
      'application/xml',
      'text/plain',
      'application/octet-stream',
      'json;;',
    )
    .map((value) => ['content-type', value] as const),
  fc.oneof(headerText, fc.constant('1B2M2Y8AsgTpgAmY7PhCfg==')).map((value) => ['content-md5', value] as const),
  fc
    .oneof(
      segment.map((s) => `/${DEMO_BUCKET}/${s}`),
      fc.tuple(segment, segment).map(([b, k]) => `/${b}/${k}`),
      headerText,
    )
    .map((value) => ['x-oss-copy-source', value] as const),
  fc.constantFrom('COPY', 'REPLACE', 'copy', 'MOVE').map((value) => ['x-oss-metadata-directive', value] as const),
  fc
    .oneof(headerText, fc.constantFrom('bytes=0-', 'bytes=-1', 'bytes=5-2', 'bytes=0-1,3-4', 'bytes=x'))
    .map((value) => ['range', value] as const),
  fc.constantFrom('standard', 'x').map((value) => ['x-oss-range-behavior', value] as const),
  fc.tuple(name, headerText).map(([n, value]) => [`x-oss-meta-${n.replace(/[^\w-]/g, '')}`, value] as const),
  headerText.map((value) => ['x-acs-security-token', value] as const),
  fc.oneof(fc.constantFrom(...PROPERTY_NAMES), headerText).map((value) => ['x-acs-action', value] as const),
  fc.oneof(fc.constantFrom(...PROPERTY_NAMES), headerText).map((value) => ['x-acs-version', value] as const),
  headerText.map((value) => ['x-oss-security-token', value] as const),
  fc
    .oneof(
      name.map((n) => `${n}.oss-cn-shanghai.aliyuncs.com`),
      fc.constant(`${DEMO_BUCKET}.oss-cn-shanghai.aliyuncs.com`),
    )
    .map((value) => ['host', value] as const),
);
const headers = fc
  .array(headerEntry, { maxLength: 3 })
  .map((entries) => Object.fromEntries(entries.filter(([name]) => name !== 'x-oss-meta-')) as Record<string, string>);

/** `[[[[…]]]]` or `{"a":{"a":…}}` nested deeper than any recursive walk survives. */
const nestedJson = fc
  .tuple(fc.integer({ min: 1, max: 12_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"Name":'.repeat(depth) + '1' + '}'.repeat(depth),
  );

/** JSON objects keyed by odd names, nested a little, with odd names as values too. */
const oddJson = fc
  .dictionary(
    fc.oneof(name, fc.constantFrom('name', 'Name', 'ServiceName', 'Statement', 'document', 'Envs')),
    fc.jsonValue({ maxDepth: 3 }),
    {
      maxKeys: 5,
    },
  )
  .map((value) => JSON.stringify(value));

/** Bodies the products accept, with an odd name in the place of a name. */
const namedJson = name.chain((n) =>
  fc.constantFrom(
    JSON.stringify({ name: n, metadata: { instance: 1 }, processor: 'python', model_path: `oss://${DEMO_BUCKET}/m/` }),
    JSON.stringify({
      name: n,
      document: { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    }),
    JSON.stringify({ name: n, document: { Statement: n } }),
    JSON.stringify({ name: n, document: n }),
    JSON.stringify({ name: n, policies: [n] }),
    JSON.stringify({ claims: { [n]: n, repository: n } }),
    JSON.stringify({ Labels: { [n]: n } }),
    JSON.stringify({ body: n, ref: n, sha: n, environment: n, state: 'success', inputs: { [n]: n } }),
    JSON.stringify({ [n]: 1, speed: n, advanceMs: n }),
    JSON.stringify({
      DisplayName: n,
      JobType: 'PyTorchJob',
      UserCommand: 'true',
      JobSpecs: [{ Type: 'Worker', PodCount: 1, Image: n, EcsSpec: 'ecs.gn6i-c4g1.xlarge' }],
      Envs: { PAI_EMULATOR_SIMULATE: 'true', [n]: n },
    }),
  ),
);

const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: nestedJson },
  { weight: 2, arbitrary: oddJson },
  { weight: 3, arbitrary: namedJson },
  { weight: 1, arbitrary: fc.array(queryPart, { maxLength: 5 }).map((parts) => parts.join('&')) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(segment, fc.constantFrom(...PROPERTY_NAMES)), { minLength: 1, maxLength: 3 })
      .map(
        (keys) =>
          `<?xml version="1.0"?><Delete><EncodingType>url</EncodingType>${keys
            .map((key) => `<Object><Key>${key}</Key></Object>`)
            .join('')}</Delete>`,
      ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 4096 }).map((extra) => 'x'.repeat(LIMITS.requestBodyBytes + extra)),
  },
);

const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE') },
  { weight: 1, arbitrary: fc.constantFrom('HEAD', 'PATCH', 'OPTIONS') },
);

type Target = 'oss' | 'sts' | 'stsTls' | 'oidc' | 'eas' | 'gateway' | 'dlc' | 'cms' | 'github' | 'admin';

/** Paths of each listener, built from its real routes with generated segments in the names' places. */
const paths: Record<Target, fc.Arbitrary<string>> = {
  oss: fc.oneof(
    fc.tuple(segment, fc.array(segment, { maxLength: 3 })).map(([bucket, key]) => `/${[bucket, ...key].join('/')}`),
    fc.array(segment, { minLength: 1, maxLength: 3 }).map((key) => `/${DEMO_BUCKET}/${key.join('/')}`),
    fc.constant('/'),
  ),
  sts: fc.constant('/'),
  stsTls: fc.constant('/'),
  oidc: fc.oneof(
    fc.constantFrom('/.well-known/openid-configuration', '/.well-known/jwks', '/token', '/%', '/%ZZ'),
    segment.map((s) => `/${s}`),
  ),
  eas: fc.oneof(
    fc
      .tuple(
        segment,
        fc.constantFrom(
          '',
          '/version',
          '/versions',
          '/start',
          '/stop',
          '/label',
          '/autoscaler',
          '/instances',
          '/endpoints',
          '/release',
        ),
      )
      .map(([s, suffix]) => `/api/v2/services/cn-shanghai/${s}${suffix}`),
    fc
      .tuple(segment, fc.constantFrom('', '/endpoints'))
      .map(([s, suffix]) => `/api/v2/groups/cn-shanghai/${s}${suffix}`),
    fc.constantFrom('/api/v2/services', '/api/v2/groups'),
    segment.map((s) => `/api/v2/services/${s}/x`),
  ),
  gateway: fc.oneof(
    segment.map((s) => `/api/predict/${s}`),
    fc.constant('/api/predict/demo'),
    segment.map((s) => `/${s}`),
  ),
  dlc: fc.oneof(
    fc.constant('/api/v1/jobs'),
    fc
      .tuple(segment, fc.constantFrom('', '/stop', '/events', '/metrics'))
      .map(([s, suffix]) => `/api/v1/jobs/${s}${suffix}`),
    fc.tuple(segment, segment).map(([job, pod]) => `/api/v1/jobs/${job}/pods/${pod}/logs`),
  ),
  cms: fc.constant('/'),
  github: fc
    .tuple(
      segment,
      segment,
      fc.constantFrom('/issues/1/comments', '/issues/comments/1', '/deployments', '/deployments/1/statuses'),
    )
    .chain(([owner, repo, suffix]) =>
      fc.oneof(
        fc.constant(`/repos/${owner}/${repo}${suffix}`),
        segment.map((workflow) => `/repos/${owner}/${repo}/actions/workflows/${workflow}/dispatches`),
      ),
    ),
  admin: fc.oneof(
    fc.constantFrom(
      '/admin/ram/policies',
      '/admin/ram/users',
      '/admin/ram/roles',
      '/admin/ram/oidc-providers',
      '/admin/oidc/request-tokens',
      '/admin/clock',
      '/admin/requests',
      '/admin/faults/seed',
      '/admin/dlc/config',
      '/admin/eas/timings',
      '/admin/state/flush',
    ),
    segment.map((s) => `/admin/eas/services/${s}/behaviour`),
    segment.map((s) => `/admin/dlc/jobs/${s}/preempt`),
  ),
};

/** RPC parameters of the RPC products: an action of the product, parameters with odd values. */
const rpcValue = fc.oneof(
  segment,
  fc.constantFrom('acs_learn', 'QPS', '60', '2026-01-01T00:00:00Z', String(Date.now())),
  name.map((n) => encodeURIComponent(`acs:ram::1:role/${n}`)),
  name.map((n) => encodeURIComponent(JSON.stringify([{ serviceName: n }]))),
  fc.integer({ min: 1, max: 2_000 }).map((depth) => '%5B'.repeat(depth) + '%5D'.repeat(depth)),
);
const rpcQuery = (actions: string[], params: string[]) =>
  fc
    .tuple(fc.constantFrom(...actions), fc.array(fc.tuple(fc.constantFrom(...params), rpcValue), { maxLength: 4 }))
    .map(([action, pairs]) => ({ action, query: pairs.map(([k, v]) => `${k}=${v}`).join('&') }));
const RPC: Partial<Record<Target, fc.Arbitrary<{ action: string; query: string }>>> = {
  sts: rpcQuery(
    ['AssumeRole', 'AssumeRoleWithOIDC', 'GetCallerIdentity'],
    ['RoleArn', 'RoleSessionName', 'Policy', 'DurationSeconds', 'OIDCToken', 'OIDCProviderArn'],
  ),
  cms: rpcQuery(
    ['DescribeMetricList', 'DescribeMetricLast', 'DescribeMetricMetaList'],
    ['Namespace', 'MetricName', 'Dimensions', 'Period', 'StartTime', 'EndTime', 'Length', 'NextToken'],
  ),
};
RPC.stsTls = RPC.sts;

interface Generated {
  target: Target;
  signed: boolean;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  rpc: { action: string; query: string };
}

const generated: fc.Arbitrary<Generated> = fc
  .constantFrom<Target>('oss', 'sts', 'stsTls', 'oidc', 'eas', 'gateway', 'dlc', 'cms', 'github', 'admin')
  .chain((target) =>
    fc.record({
      target: fc.constant(target),
      signed: fc.oneof(
        { weight: 6, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(target === 'admin') },
      ),
      method,
      path: fc.tuple(paths[target], query).map(([p, q]) => p + q),
      headers,
      body,
      rpc: RPC[target] ?? fc.constant({ action: '', query: '' }),
    }),
  );

const VERSIONS: Partial<Record<Target, string>> = {
  sts: '2015-04-01',
  stsTls: '2015-04-01',
  eas: '2021-07-01',
  dlc: '2020-12-03',
  cms: '2019-01-01',
};

let emulator: Emulator;
let admin: AdminClient;

beforeAll(async () => {
  emulator = await Emulator.start({ limits: LIMITS });
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
});

afterAll(async () => {
  await emulator?.stop();
});

/** The request as it goes out: signed like the product's clients sign, unless it is one of the unsigned ones. */
function build(g: Generated): RawRequest {
  const { credentials, adminToken, endpoints } = emulator.info;
  const host = new URL(endpoints[g.target]!).host;
  const isRpc = g.target === 'sts' || g.target === 'stsTls' || g.target === 'cms';
  const path = isRpc ? `/?${g.rpc.query}` : g.path;
  const headers = { ...g.headers };
  if (VERSIONS[g.target] && !('x-acs-version' in g.headers)) headers['x-acs-version'] = VERSIONS[g.target]!;
  if (isRpc && !('x-acs-action' in g.headers)) headers['x-acs-action'] = g.rpc.action;
  const raw: RawRequest = { method: g.method, path, headers, body: Buffer.from(g.body, 'latin1') };
  if (!g.signed) return raw;
  switch (g.target) {
    case 'oss':
      return signOssV1(raw, credentials, g.headers['host'] ?? host);
    case 'admin':
      return { ...raw, headers: { ...headers, authorization: `Bearer ${adminToken}` } };
    case 'gateway':
    case 'oidc':
      return { ...raw, headers: { ...headers, authorization: `Bearer ${g.path.split('/').pop() ?? ''}` } };
    case 'github':
      return { ...raw, headers: { ...headers, authorization: 'Bearer ghs_any-token-is-accepted' } };
    default:
      return signAcs3(raw, credentials, host);
  }
}

/** The product's error shape: POP JSON with Code, OSS XML <Error> (or x-oss-err on HEAD), the others' JSON. */
function hasProductShape(target: Target, method: string, response: RawResponse): boolean {
  if (response.status < 400) return true;
  // node's HTTP parser answers a request head over 16 KiB itself, before any product sees it.
  if (response.status === 431) return true;
  if (method === 'HEAD') return target !== 'oss' || typeof response.headers['x-oss-err'] === 'string';
  if (target === 'oss') return /^<\?xml[^>]*>\s*<Error><Code>\w+<\/Code>/.test(response.body);
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    return false;
  }
  switch (target) {
    case 'admin':
    case 'gateway':
      return typeof payload['error'] === 'string';
    case 'oidc':
    case 'github':
      return typeof payload['message'] === 'string';
    default:
      return typeof payload['Code'] === 'string';
  }
}

/**
 * The one 5xx a request may get: OSS operations the emulator does not emulate (a signed sub-resource
 * such as `?acl`, or ListBuckets) answer 501 NotImplemented, as the README says.
 */
function notEmulated(g: Generated, raw: RawRequest, response: RawResponse): boolean {
  if (g.target !== 'oss' || response.status !== 501) return false;
  const { path, query } = splitRawUrl(raw.path);
  const named = parseQuery(query).some(([name]) => OSS_SIGNED_SUBRESOURCES.has(name));
  return (named || path === '/') && (raw.method === 'HEAD' || response.body.includes('<Code>NotImplemented</Code>'));
}

test('every listener answers generated requests with a 2xx or its own 4xx, and keeps serving', async () => {
  await fc.assert(
    fc.asyncProperty(generated, async (g) => {
      const raw = build(g);
      // 30 s: a generous bound for a large generated body on a machine busy with the rest of the suite.
      const response = await sendRaw(emulator.info.endpoints[g.target]!, raw, 30_000);
      const what = `${raw.method} ${g.target}${raw.path} → ${response.status} ${response.body.slice(0, 300)}`;
      expect({ what, status: response.status < 500 || notEmulated(g, raw, response) }).toEqual({ what, status: true });
      expect({ what, shape: hasProductShape(g.target, raw.method, response) }).toEqual({ what, shape: true });
    }),
    // FC_SEED replays a failure fast-check reported (its seed and path).
    {
      numRuns: 800,
      endOnFailure: true,
      ...(process.env['FC_SEED'] ? { seed: Number(process.env['FC_SEED']), path: process.env['FC_PATH'] } : {}),
    },
  );

  // Still serving the real clients, with its state intact.
  const oss = new OSS({
    ...emulator.info.credentials,
    bucket: DEMO_BUCKET,
    endpoint: `http://localhost:${new URL(emulator.info.endpoints['oss']!).port}`,
    sldEnable: true,
    timeout: 10_000,
  } as OSS.Options);
  await oss.put('robustness/after.txt', Buffer.from('still here'));
  expect((await oss.get('robustness/after.txt')).content.toString()).toBe('still here');
  expect((await admin.requests({ product: 'oss' })).at(-1)).toMatchObject({ action: 'GetObject', status: 200 });
}, 120_000);
