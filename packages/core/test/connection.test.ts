import { readConnection } from '../src/action/connection.js';
import { CloudClients } from '../src/action/clients.js';
import { InputReader } from '../src/inputs.js';

const reader = (inputs: Record<string, string>) => new InputReader((name) => inputs[name] ?? '');

test('an endpoint input wins over the env override; products not asked for are not read', () => {
  const connection = readConnection(
    reader({ 'eas-endpoint': 'http://127.0.0.1:9001', region: 'cn-beijing' }),
    ['eas', 'oss'],
    {
      ALIBABA_CLOUD_EAS_ENDPOINT: 'http://127.0.0.1:1',
      ALIBABA_CLOUD_OSS_ENDPOINT: 'http://127.0.0.1:2',
      ALIBABA_CLOUD_DLC_ENDPOINT: 'http://127.0.0.1:3',
      ALIBABA_CLOUD_STS_ENDPOINT: 'http://127.0.0.1:4',
    },
  );
  expect(connection).toEqual({
    region: 'cn-beijing',
    endpoints: { eas: 'http://127.0.0.1:9001', oss: 'http://127.0.0.1:2' },
    credentials: expect.objectContaining({ region: 'cn-beijing', stsEndpoint: 'http://127.0.0.1:4' }),
  });
});

test.each([
  [{ region: 'Hangzhou' }, {}, /Input "region" has invalid value "Hangzhou"/],
  [{ 'oss-endpoint': 'oss://x' }, {}, /Input "oss-endpoint"/],
  [{}, { ALIBABA_CLOUD_OSS_ENDPOINT: 'http://h/p' }, /"env ALIBABA_CLOUD_OSS_ENDPOINT" has invalid value/],
  [{}, { ALIBABA_CLOUD_REGION_ID: 'x y' }, /env ALIBABA_CLOUD_REGION_ID/],
])('bad %p / env %p is refused by name', (inputs, env, message) => {
  expect(() => readConnection(reader(inputs), ['oss'], env)).toThrow(message);
});

test('region defaults to the env, then cn-hangzhou', () => {
  expect(readConnection(reader({}), [], { ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1' }).region).toBe('ap-southeast-1');
  expect(readConnection(reader({}), [], {}).region).toBe('cn-hangzhou');
});

test('request-timeout is a duration from 1s to 10m, and CloudClients hands it to every client', async () => {
  const connection = readConnection(reader({ 'request-timeout': '20s' }), ['eas'], {});
  expect(connection.requestTimeoutMs).toBe(20_000);
  expect(readConnection(reader({}), [], {})).not.toHaveProperty('requestTimeoutMs');
  for (const bad of ['20', '0s', '11m', 'soon']) {
    expect(() => readConnection(reader({ 'request-timeout': bad }), [], {})).toThrow(/Input "request-timeout"/);
  }
  const saved = { ...process.env };
  Object.assign(process.env, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'TESTKEYID', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'test' });
  try {
    const options = await new CloudClients(connection).client('eas', async (made) => made);
    expect(options.timeoutMs).toBe(20_000);
  } finally {
    process.env = saved;
  }
});

test.each(['127.0.0.1:65536', 'http://127.0.0.1:0', 'https://a b.example.com', 'http://host\u0001:80'])(
  'an endpoint no socket can reach (%j) is refused by name',
  (endpoint) => {
    expect(() => readConnection(reader({ 'oss-endpoint': endpoint }), ['oss'], {})).toThrow(/Input "oss-endpoint"/);
  },
);

test.each([
  '127.0.0.1:65535',
  'http://[::1]:8080',
  'https://oss-cn-hangzhou.aliyuncs.com',
  'oss-cn-hangzhou-internal.aliyuncs.com',
])('the endpoint %j is accepted', (endpoint) => {
  expect(readConnection(reader({ 'oss-endpoint': endpoint }), ['oss'], {}).endpoints.oss).toBe(endpoint);
});
