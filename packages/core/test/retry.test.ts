import { ServerError, ThrottlingError } from '@alicloud/openapi-core';
import { PaiApiError } from '../src/errors.js';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  classifyFailure,
  isRetryable,
  withRetry,
  type FailureKind,
  type RetryInfo,
  type RetryOptions,
  type RetryPolicy,
} from '../src/retry.js';
import { callRoa, ossClient } from './support/real-clients.js';
import { jsonAnswer, startScriptedServer, type ScriptedServer } from './support/scripted-server.js';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

const throttling = (retryAfter?: number) =>
  new ThrottlingError({
    statusCode: 429,
    code: 'Throttling.User',
    data: { Code: 'Throttling.User', Message: 'flow control', RequestId: 'T1' },
    requestId: 'T1',
    retryAfter,
  });
const serverError = (requestId: string) =>
  new ServerError({ statusCode: 500, code: 'InternalError', data: { Message: 'boom' }, requestId });
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });

/** An operation that plays `outcomes` in order: an Error is thrown, anything else returned. */
function scripted<T>(...outcomes: (T | Error)[]) {
  const state = { calls: 0 };
  const operation = async (): Promise<T> => {
    const outcome = outcomes[Math.min(state.calls, outcomes.length - 1)] as T | Error;
    state.calls++;
    if (outcome instanceof Error) {
      throw outcome;
    }
    return outcome;
  };
  return { operation, state };
}

/** withRetry options that record sleeps and retries instead of waiting. */
function recording<T>(overrides: Partial<RetryOptions<T>> = {}) {
  const sleeps: number[] = [];
  const retries: RetryInfo[] = [];
  const options: RetryOptions<T> = {
    product: 'EAS',
    action: 'CreateService',
    idempotent: true,
    policy,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onRetry: (info) => retries.push(info),
    ...overrides,
  };
  return { options, sleeps, retries };
}

async function rejectionOf(promise: Promise<unknown>): Promise<PaiApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PaiApiError);
    return error as PaiApiError;
  }
  throw new Error('expected a rejection');
}

describe('classifyFailure and isRetryable', () => {
  test.each<[string, number | undefined, FailureKind, boolean, boolean]>([
    ['Throttling.User', 429, 'throttled', true, true],
    ['Throttling', 400, 'throttled', true, true],
    ['Throttling.Api', 503, 'throttled', true, true],
    ['ServiceUnavailable', 503, 'ambiguous', true, false],
    ['SlowDown', 503, 'throttled', true, true],
    ['TotalQpsLimitExceeded', 503, 'throttled', true, true],
    ['QpsLimitExceeded', 429, 'throttled', true, true],
    ['RequestLimitExceeded', 400, 'throttled', true, true],
    ['Unknown', 429, 'throttled', true, true],
    ['ECONNREFUSED', undefined, 'not-sent', true, true],
    ['EAI_AGAIN', undefined, 'not-sent', true, true],
    ['InternalError', 500, 'ambiguous', true, false],
    ['Unknown', 502, 'ambiguous', true, false],
    ['ECONNRESET', undefined, 'ambiguous', true, false],
    ['ETIMEDOUT', undefined, 'ambiguous', true, false],
    ['EPIPE', undefined, 'ambiguous', true, false],
    ['NetworkError', undefined, 'ambiguous', true, false],
    ['InvalidResponse', undefined, 'ambiguous', true, false],
    ['NoSuchKey', 404, 'permanent', false, false],
    ['SignatureDoesNotMatch', 400, 'permanent', false, false],
    ['Forbidden.RAM', 403, 'permanent', false, false],
    ['Unknown', undefined, 'permanent', false, false],
  ])(
    '%s (HTTP %p) is %s; retryable when idempotent: %p, when not: %p',
    (code, status, kind, whenIdempotent, whenNot) => {
      const error = new PaiApiError({ code, message: 'm', statusCode: status });
      expect(classifyFailure(error)).toBe(kind);
      expect(isRetryable(error, true)).toBe(whenIdempotent);
      expect(isRetryable(error, false)).toBe(whenNot);
    },
  );
});

describe('backoffDelay', () => {
  const cappedPolicy: RetryPolicy = { maxAttempts: 20, baseDelayMs: 200, maxDelayMs: 20_000 };

  test.each<[number, number, number]>([
    [0, 0.5, 100],
    [1, 0.5, 200],
    [3, 0.5, 800],
    [0, 0.999, 199],
    [6, 0.999, 12_787],
    [7, 0.999, 19_980],
    [30, 0.999, 19_980],
    [2000, 0.999, 19_980],
    [5, 0, 0],
  ])('retry %i with random %p waits %i ms', (retryIndex, randomValue, expected) => {
    expect(backoffDelay(retryIndex, cappedPolicy, () => randomValue)).toBe(expected);
  });

  test('full jitter spreads over [0, ceiling) and never exceeds the cap', () => {
    const samples = Array.from({ length: 200 }, (_, i) => backoffDelay(10, cappedPolicy, () => i / 200));
    expect(Math.min(...samples)).toBe(0);
    expect(Math.max(...samples)).toBeLessThan(cappedPolicy.maxDelayMs);
    expect(new Set(samples).size).toBe(200);
  });

  test.each<[number, number, number]>([
    [1500, 0, 1500],
    [50, 0.5, 100],
    [60_000, 0, 20_000],
  ])('Retry-After %i ms with random %p waits %i ms', (retryAfterMs, randomValue, expected) => {
    expect(backoffDelay(0, cappedPolicy, () => randomValue, retryAfterMs)).toBe(expected);
  });
});

describe('withRetry', () => {
  test('throttled, then success: retried even when not idempotent', async () => {
    const { operation, state } = scripted<string>(throttling(), 'created');
    const { options, sleeps, retries } = recording<string>({ idempotent: false });
    await expect(withRetry(operation, options)).resolves.toBe('created');
    expect(state.calls).toBe(2);
    expect(sleeps).toEqual([50]);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, delayMs: 50 });
    expect(retries[0]!.error.code).toBe('Throttling.User');
  });

  test('5xx beyond the attempts: the last response is thrown as a PaiApiError', async () => {
    const { operation, state } = scripted<string>(
      serverError('R1'),
      serverError('R2'),
      serverError('R3'),
      serverError('R4'),
    );
    const { options, sleeps } = recording<string>({ random: () => 1 });
    const error = await rejectionOf(withRetry(operation, options));
    expect(state.calls).toBe(4);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(error.requestId).toBe('R4');
    expect(error.message).toBe('EAS CreateService failed: InternalError: boom (HTTP 500, RequestId R4)');
  });

  test('non-idempotent 5xx is thrown at once', async () => {
    const { operation, state } = scripted<string>(serverError('R1'), 'second');
    const { options, sleeps } = recording<string>({ idempotent: false });
    const error = await rejectionOf(withRetry(operation, options));
    expect(error.requestId).toBe('R1');
    expect(state.calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test('connection reset: retried when idempotent, thrown when not', async () => {
    const idempotent = scripted<string>(reset(), 'listed');
    await expect(withRetry(idempotent.operation, recording<string>().options)).resolves.toBe('listed');
    expect(idempotent.state.calls).toBe(2);

    const create = scripted<string>(reset(), 'created');
    const error = await rejectionOf(withRetry(create.operation, recording<string>({ idempotent: false }).options));
    expect(error.code).toBe('ECONNRESET');
    expect(create.state.calls).toBe(1);
  });

  test('connection refused is retried even when not idempotent: nothing was sent', async () => {
    const { operation, state } = scripted<string>(refused(), 'created');
    await expect(withRetry(operation, recording<string>({ idempotent: false }).options)).resolves.toBe('created');
    expect(state.calls).toBe(2);
  });

  test('a permanent error is thrown at once', async () => {
    const notFound = Object.assign(new Error('gone'), { code: 'NoSuchKey', status: 404, requestId: 'O1' });
    const { operation, state } = scripted<string>(notFound, 'never');
    const { options, sleeps } = recording<string>();
    const error = await rejectionOf(withRetry(operation, options));
    expect(error).toMatchObject({ code: 'NoSuchKey', statusCode: 404, requestId: 'O1' });
    expect(state.calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test('Retry-After is a lower bound on the wait', async () => {
    const { operation } = scripted<string>(throttling(700), 'ok');
    const { options, sleeps } = recording<string>({ random: () => 0 });
    await withRetry(operation, options);
    expect(sleeps).toEqual([700]);
  });

  test('Retry-After beyond the cap waits the cap', async () => {
    const { operation } = scripted<string>(throttling(60_000), 'ok');
    const { options, sleeps } = recording<string>();
    await withRetry(operation, options);
    expect(sleeps).toEqual([policy.maxDelayMs]);
  });

  test('jittered waits stay under the cap across many attempts', async () => {
    const { operation, state } = scripted<string>(reset());
    const { options, sleeps } = recording<string>({
      policy: { maxAttempts: 10, baseDelayMs: 200, maxDelayMs: 5000 },
      random: () => 0.999,
    });
    await rejectionOf(withRetry(operation, options));
    expect(state.calls).toBe(10);
    expect(sleeps).toEqual([199, 399, 799, 1598, 3196, 4995, 4995, 4995, 4995]);
  });

  test('uses DEFAULT_RETRY_POLICY when none is given', async () => {
    const { operation, state } = scripted<string>(reset());
    const { options } = recording<string>({ policy: undefined });
    await rejectionOf(withRetry(operation, options));
    expect(state.calls).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
  });

  test('the real sleep waits', async () => {
    const { operation } = scripted<string>(throttling(), 'ok');
    const started = Date.now();
    await withRetry(operation, {
      product: 'EAS',
      action: 'ListServices',
      idempotent: true,
      policy: { maxAttempts: 2, baseDelayMs: 40, maxDelayMs: 40 },
      random: () => 1,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  test.each([0, 1.5, Number.NaN])('rejects maxAttempts %p', async (maxAttempts) => {
    const { operation } = scripted<string>('ok');
    const { options } = recording<string>({ policy: { ...policy, maxAttempts } });
    await expect(withRetry(operation, options)).rejects.toThrow(RangeError);
  });

  describe('non-idempotent with alreadyApplied', () => {
    test('a create that went through resolves with what the look-up found', async () => {
      const { operation, state } = scripted<string>(serverError('R1'), 'duplicate');
      const lookups: number[] = [];
      const { options, sleeps } = recording<string>({
        idempotent: false,
        alreadyApplied: async () => {
          lookups.push(sleeps.length);
          return 'job-1';
        },
      });
      await expect(withRetry(operation, options)).resolves.toBe('job-1');
      expect(state.calls).toBe(1);
      // The look-up runs after the backoff wait, not before.
      expect(lookups).toEqual([1]);
    });

    test('nothing applied: tries again', async () => {
      const { operation, state } = scripted<string>(reset(), 'job-2');
      let lookups = 0;
      const { options } = recording<string>({
        idempotent: false,
        alreadyApplied: async () => {
          lookups++;
          return undefined;
        },
      });
      await expect(withRetry(operation, options)).resolves.toBe('job-2');
      expect(state.calls).toBe(2);
      expect(lookups).toBe(1);
    });

    test('the last attempt is checked too before failing', async () => {
      const { operation, state } = scripted<string>(serverError('R1'));
      const answers: (string | undefined)[] = [undefined, 'job-3'];
      const { options, retries } = recording<string>({
        idempotent: false,
        policy: { ...policy, maxAttempts: 2 },
        alreadyApplied: async () => answers.shift(),
      });
      await expect(withRetry(operation, options)).resolves.toBe('job-3');
      expect(state.calls).toBe(2);
      expect(retries).toHaveLength(1);
    });

    test('never applied: the last error is thrown', async () => {
      const { operation, state } = scripted<string>(serverError('R1'), serverError('R2'));
      const { options } = recording<string>({
        idempotent: false,
        policy: { ...policy, maxAttempts: 2 },
        alreadyApplied: async () => undefined,
      });
      const error = await rejectionOf(withRetry(operation, options));
      expect(error.requestId).toBe('R2');
      expect(state.calls).toBe(2);
    });

    test('a failing look-up stops with the original error and says why', async () => {
      const { operation, state } = scripted<string>(serverError('R1'), 'duplicate');
      const { options } = recording<string>({
        idempotent: false,
        alreadyApplied: async () => {
          throw new Error('lookup down');
        },
      });
      const error = await rejectionOf(withRetry(operation, options));
      expect(state.calls).toBe(1);
      expect(error).toMatchObject({ code: 'InternalError', requestId: 'R1' });
      expect(error.message).toBe(
        'EAS CreateService failed: InternalError: boom; could not check whether it was applied: lookup down (HTTP 500, RequestId R1)',
      );
    });

    test.each([
      ['throttling', throttling()],
      ['a refused connection', refused()],
    ])('not consulted after %s: nothing was applied', async (_label, failure) => {
      const { operation } = scripted<string>(failure, 'created');
      let lookups = 0;
      const { options } = recording<string>({
        idempotent: false,
        alreadyApplied: async () => {
          lookups++;
          return 'never';
        },
      });
      await expect(withRetry(operation, options)).resolves.toBe('created');
      expect(lookups).toBe(0);
    });

    test('not consulted after a permanent error', async () => {
      const { operation } = scripted<string>(
        Object.assign(new Error('bad'), { code: 'InvalidParameter', status: 400 }),
      );
      let lookups = 0;
      const { options } = recording<string>({
        idempotent: false,
        alreadyApplied: async () => {
          lookups++;
          return 'never';
        },
      });
      expect((await rejectionOf(withRetry(operation, options))).code).toBe('InvalidParameter');
      expect(lookups).toBe(0);
    });
  });
});

describe('withRetry around the real clients', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  test('openapi-core: 429 Throttling.User, then 200', async () => {
    server.play([
      jsonAnswer(
        429,
        { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.', RequestId: 'R1' },
        {
          'x-acs-retry-after': '30',
        },
      ),
      jsonAnswer(200, { RequestId: 'R2', Services: [{ ServiceName: 'demo' }] }),
    ]);
    const retries: RetryInfo[] = [];
    const body = await withRetry(() => callRoa({ port: server.port }), {
      product: 'EAS',
      action: 'ListServices',
      idempotent: true,
      random: () => 0,
      onRetry: (info) => retries.push(info),
    });
    expect(body).toEqual({ RequestId: 'R2', Services: [{ ServiceName: 'demo' }] });
    expect(server.requests).toEqual(['GET /api/v2/services', 'GET /api/v2/services']);
    expect(retries.map((r) => [r.attempt, r.delayMs, r.error.code, r.error.requestId])).toEqual([
      [1, 30, 'Throttling.User', 'R1'],
    ]);
  });

  test('openapi-core: 5xx on every attempt ends with the last RequestId', async () => {
    server.play([
      jsonAnswer(503, { Code: 'InternalError', Message: 'a', RequestId: 'R1' }),
      jsonAnswer(503, { Code: 'InternalError', Message: 'b', RequestId: 'R2' }),
      jsonAnswer(503, { Code: 'InternalError', Message: 'c', RequestId: 'R3' }),
    ]);
    const error = await rejectionOf(
      withRetry(() => callRoa({ port: server.port }), {
        product: 'EAS',
        action: 'ListServices',
        idempotent: true,
        policy: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 },
      }),
    );
    expect(server.requests).toHaveLength(3);
    expect(error.message).toBe('EAS ListServices failed: InternalError: c (HTTP 503, RequestId R3)');
  });

  test('ali-oss: SlowDown, then the object', async () => {
    server.play([
      {
        status: 503,
        headers: { 'content-type': 'application/xml', 'x-oss-request-id': 'O1' },
        body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Reduce your rate.</Message><RequestId>O1</RequestId></Error>',
      },
      {
        status: 200,
        headers: { 'content-type': 'application/octet-stream', 'x-oss-request-id': 'O2' },
        body: 'weights',
      },
    ]);
    const retries: RetryInfo[] = [];
    const result = await withRetry(() => ossClient(server.port).get('models/m.bin'), {
      product: 'OSS',
      action: 'GetObject',
      idempotent: true,
      policy: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      onRetry: (info) => retries.push(info),
    });
    expect(String(result.content)).toBe('weights');
    expect(retries.map((r) => r.error.code)).toEqual(['SlowDown']);
    expect(server.requests).toEqual(['GET /models/m.bin', 'GET /models/m.bin']);
  });
});
