import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientError, ServerError, ThrottlingError } from '@alicloud/openapi-core';
import {
  InputError,
  PaiApiError,
  formatApiErrorMessage,
  parseRetryAfter,
  toPaiApiError,
  type PaiApiErrorDetails,
} from '../src/errors.js';
import { callRoa, ossClient } from './support/real-clients.js';
import { jsonAnswer, startScriptedServer, type ScriptedServer } from './support/scripted-server.js';

const context = { product: 'EAS', action: 'ListServices' };

describe('PaiApiError', () => {
  test.each<[string, PaiApiErrorDetails, string]>([
    [
      'everything known',
      { code: 'NoSuchKey', message: 'gone', statusCode: 404, requestId: 'R9', product: 'OSS', action: 'GetObject' },
      'OSS GetObject failed: NoSuchKey: gone (HTTP 404, RequestId R9)',
    ],
    [
      'no status',
      { code: 'ECONNRESET', message: 'socket hang up', product: 'EAS', action: 'X' },
      'EAS X failed: ECONNRESET: socket hang up',
    ],
    ['no request id', { code: 'Unknown', message: 'm', statusCode: 502 }, 'Unknown: m (HTTP 502)'],
    [
      'request id only',
      { code: 'C', message: 'm', requestId: 'R1', product: 'DLC' },
      'DLC failed: C: m (RequestId R1)',
    ],
  ])('message when %s', (_label, details, expected) => {
    const error = new PaiApiError(details);
    expect(error.message).toBe(expected);
    expect(formatApiErrorMessage(details)).toBe(expected);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PaiApiError');
    expect(error.code).toBe(details.code);
    expect(error.apiMessage).toBe(details.message);
  });

  test('details() round-trips through the constructor', () => {
    const cause = new Error('root');
    const original = new PaiApiError({ code: 'C', message: 'm', statusCode: 503, retryAfterMs: 7, cause });
    const copy = new PaiApiError(original.details());
    expect(copy.message).toBe(original.message);
    expect(copy.retryAfterMs).toBe(7);
    expect(copy.cause).toBe(cause);
  });
});

describe('InputError', () => {
  test('names the input, the value and what is allowed', () => {
    const error = new InputError('traffic-steps', '10,5,100', 'comma-separated percentages');
    expect(error.message).toBe(
      'Input "traffic-steps" has invalid value "10,5,100": expected comma-separated percentages',
    );
    expect(error).toMatchObject({ name: 'InputError', input: 'traffic-steps', value: '10,5,100' });
  });

  test('an empty value reads as a missing required input', () => {
    expect(new InputError('region', '', 'a region id').message).toBe(
      'Input "region" is required: expected a region id',
    );
  });

  test('a reason follows in parentheses, and a multi-line value stays on one line', () => {
    const error = new InputError('envs', 'A\nB', 'KEY=VALUE lines', 'line 2 has no "="');
    expect(error.message).toBe('Input "envs" has invalid value "A\\nB": expected KEY=VALUE lines (line 2 has no "=")');
  });

  test('long values are shortened in the message but kept whole on the error', () => {
    const value = 'x'.repeat(500);
    const error = new InputError('name', value, 'something short');
    expect(error.value).toBe(value);
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test.each<[string, number | undefined]>([
    ['0', 0],
    ['3', 3000],
    [' 120 ', 120_000],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('toPaiApiError on error objects', () => {
  test('openapi-core ThrottlingError: code, status, RequestId, Message from the body, retryAfter in ms', () => {
    const thrown = new ThrottlingError({
      statusCode: 429,
      code: 'Throttling.User',
      message: 'code: 429, Slow down request id: R1',
      data: { Code: 'Throttling.User', Message: 'Slow down', RequestId: 'R1' },
      requestId: 'R1',
      retryAfter: 1500,
    });
    const error = toPaiApiError(thrown, context);
    expect(error).toMatchObject({ code: 'Throttling.User', statusCode: 429, requestId: 'R1', retryAfterMs: 1500 });
    expect(error.message).toBe('EAS ListServices failed: Throttling.User: Slow down (HTTP 429, RequestId R1)');
    expect(error.cause).toBe(thrown);
  });

  test('openapi-core ClientError and ServerError keep their Code', () => {
    const client = new ClientError({ statusCode: 400, code: 'SignatureDoesNotMatch', data: { Message: 'bad sig' } });
    const server = new ServerError({ statusCode: 503, code: 'ServiceUnavailable', requestId: 'R5', data: {} });
    expect(toPaiApiError(client, context)).toMatchObject({ code: 'SignatureDoesNotMatch', apiMessage: 'bad sig' });
    expect(toPaiApiError(server, context)).toMatchObject({
      code: 'ServiceUnavailable',
      statusCode: 503,
      requestId: 'R5',
    });
  });

  test.each<[string, string, unknown]>([
    ['Node ECONNRESET', 'ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['socket hang up without a code', 'ECONNRESET', new Error('socket hang up')],
    ['EPIPE', 'EPIPE', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })],
    ['ESOCKETTIMEDOUT', 'ETIMEDOUT', Object.assign(new Error('t'), { code: 'ESOCKETTIMEDOUT' })],
    ['fetch failure with a cause', 'ECONNREFUSED', new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })],
    ['AbortSignal timeout', 'ETIMEDOUT', Object.assign(new Error('aborted'), { name: 'TimeoutError' })],
    [
      'ali-oss network failure',
      'NetworkError',
      Object.assign(new Error('oops'), { name: 'RequestError', code: 'RequestError', status: -1 }),
    ],
    ['ali-oss timeout status', 'ETIMEDOUT', Object.assign(new Error('late'), { code: 'X', status: -2 })],
    ['unparsable error body', 'InvalidResponse', new SyntaxError('Unexpected token < in JSON')],
    ['plain error', 'Unknown', new Error('weird')],
    [
      'error with a non-network code',
      'ERR_INVALID_ARG_TYPE',
      Object.assign(new Error('no'), { code: 'ERR_INVALID_ARG_TYPE' }),
    ],
    ['a thrown string', 'Unknown', 'just text'],
    ['null', 'Unknown', null],
  ])('%s → %s', (_label, code, thrown) => {
    const error = toPaiApiError(thrown, context);
    expect(error).toBeInstanceOf(PaiApiError);
    expect(error.code).toBe(code);
    expect(error.statusCode).toBeUndefined();
    expect(error.message.startsWith(`EAS ListServices failed: ${code}: `)).toBe(true);
  });

  test('a status without a Code keeps the status and says Unknown', () => {
    const error = toPaiApiError({ statusCode: 502, code: 'undefined', requestId: 'undefined', data: {} }, context);
    expect(error).toMatchObject({ code: 'Unknown', statusCode: 502, requestId: undefined });
    expect(error.message).toBe('EAS ListServices failed: Unknown: the error response carried no Message (HTTP 502)');
  });

  test('Retry-After header on a response-carrying error, in seconds or as an HTTP date', () => {
    const inSeconds = toPaiApiError({ status: 503, code: 'SlowDown', headers: { 'retry-after': '3' } }, context);
    expect(inSeconds.retryAfterMs).toBe(3000);
    const future = new Date(Date.now() + 60_000).toUTCString();
    const asDate = toPaiApiError({ status: 503, res: { headers: { 'retry-after': future } } }, context);
    expect(asDate.retryAfterMs).toBeGreaterThan(55_000);
    expect(asDate.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  test('a PaiApiError passes through; one without context gets it', () => {
    const complete = new PaiApiError({ code: 'C', message: 'm', product: 'OSS', action: 'PutObject' });
    expect(toPaiApiError(complete, context)).toBe(complete);
    const bare = new PaiApiError({ code: 'C', message: 'm', requestId: 'R' });
    expect(toPaiApiError(bare, context).message).toBe('EAS ListServices failed: C: m (RequestId R)');
  });
});

describe('toPaiApiError on errors thrown by the real clients', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function failureOf(call: () => Promise<unknown>, errorContext = context): Promise<PaiApiError> {
    try {
      await call();
    } catch (thrown) {
      return toPaiApiError(thrown, errorContext);
    }
    throw new Error('the call was expected to fail');
  }

  describe('openapi-core', () => {
    test('429 Throttling.User with x-acs-retry-after', async () => {
      server.play([
        jsonAnswer(
          429,
          { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.', RequestId: 'R1' },
          { 'x-acs-retry-after': '1500' },
        ),
      ]);
      const error = await failureOf(() => callRoa({ port: server.port }));
      expect(error.cause).toBeInstanceOf(ThrottlingError);
      expect(error).toMatchObject({ code: 'Throttling.User', statusCode: 429, requestId: 'R1', retryAfterMs: 1500 });
      expect(error.message).toBe(
        'EAS ListServices failed: Throttling.User: Request was denied due to user flow control. (HTTP 429, RequestId R1)',
      );
    });

    test('5xx with Code and RequestId', async () => {
      server.play([jsonAnswer(500, { Code: 'InternalError', Message: 'boom', RequestId: 'R2', HostId: 'h' })]);
      const error = await failureOf(() => callRoa({ port: server.port }));
      expect(error.cause).toBeInstanceOf(ServerError);
      expect(error.message).toBe('EAS ListServices failed: InternalError: boom (HTTP 500, RequestId R2)');
    });

    test('4xx becomes a ClientError with its Code', async () => {
      server.play([jsonAnswer(400, { Code: 'SignatureDoesNotMatch', Message: 'sig', RequestId: 'R3' })]);
      const error = await failureOf(() => callRoa({ port: server.port }));
      expect(error.cause).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400, requestId: 'R3' });
    });

    test('5xx with an empty JSON body', async () => {
      server.play([jsonAnswer(502, {})]);
      const error = await failureOf(() => callRoa({ port: server.port }));
      expect(error).toMatchObject({ code: 'Unknown', statusCode: 502, requestId: undefined });
    });

    test('a proxy HTML page instead of JSON', async () => {
      server.play([{ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' }]);
      const error = await failureOf(() => callRoa({ port: server.port }));
      expect(error.code).toBe('InvalidResponse');
    });

    test('connection reset', async () => {
      server.play(['reset']);
      const error = await failureOf(() => callRoa({ port: server.port }));
      expect(error.code).toBe('ECONNRESET');
    });

    test('read timeout', async () => {
      server.play(['hang']);
      const error = await failureOf(() => callRoa({ port: server.port, readTimeoutMs: 200 }));
      expect(error.code).toBe('ETIMEDOUT');
      server.play([jsonAnswer(200, {})]);
    });

    test('connection refused', async () => {
      const closedPort = await unusedPort();
      const error = await failureOf(() => callRoa({ port: closedPort }));
      expect(error.code).toBe('ECONNREFUSED');
    });
  });

  describe('ali-oss', () => {
    const ossContext = { product: 'OSS', action: 'GetObject' };
    const xmlError = (status: number, code: string, message: string, requestId: string) => ({
      status,
      headers: { 'content-type': 'application/xml', 'x-oss-request-id': requestId },
      body:
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
        `<RequestId>${requestId}</RequestId><HostId>my-bucket.localhost</HostId></Error>`,
    });

    test('XML NoSuchKey', async () => {
      server.play([xmlError(404, 'NoSuchKey', 'The specified key does not exist.', 'OSS-R1')]);
      const error = await failureOf(() => ossClient(server.port).get('models/a.bin'), ossContext);
      expect(error.cause).toMatchObject({ name: 'NoSuchKeyError' });
      expect(error.message).toBe(
        'OSS GetObject failed: NoSuchKey: The specified key does not exist. (HTTP 404, RequestId OSS-R1)',
      );
      expect(server.requests.at(-1)).toBe('GET /models/a.bin');
    });

    test('XML SlowDown', async () => {
      server.play([xmlError(503, 'SlowDown', 'Please reduce your request rate.', 'OSS-R2')]);
      const error = await failureOf(() => ossClient(server.port).get('k'), ossContext);
      expect(error).toMatchObject({ code: 'SlowDown', statusCode: 503, requestId: 'OSS-R2' });
    });

    test('HEAD 404 without a body takes the RequestId from the header', async () => {
      server.play([{ status: 404, headers: { 'x-oss-request-id': 'OSS-R3' } }]);
      const error = await failureOf(() => ossClient(server.port).head('k'), { product: 'OSS', action: 'HeadObject' });
      expect(error).toMatchObject({ code: 'NoSuchKey', statusCode: 404, requestId: 'OSS-R3' });
    });

    test('connection reset', async () => {
      server.play(['reset']);
      const error = await failureOf(() => ossClient(server.port).get('k'), ossContext);
      expect(error.code).toBe('ECONNRESET');
      expect(error.message).not.toContain('agent status');
    });

    test('response timeout', async () => {
      server.play(['hang']);
      const error = await failureOf(() => ossClient(server.port, 200).get('k'), ossContext);
      expect(error.code).toBe('ETIMEDOUT');
      server.play([jsonAnswer(200, {})]);
    });

    test('connection refused', async () => {
      const closedPort = await unusedPort();
      const error = await failureOf(() => ossClient(closedPort).get('k'), ossContext);
      expect(error.code).toBe('ECONNREFUSED');
    });
  });
});

/** A loopback port nobody listens on: bind one, then let it go. */
async function unusedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
