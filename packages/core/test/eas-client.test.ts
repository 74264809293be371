/**
 * EasClient's pure decisions: what a status means to a caller waiting for a deploy, and when a
 * service found after a failed create counts as that create's result. (Its wire format and its
 * behaviour against the emulated EAS are tested in test/conformance/eas-wire.test.ts and
 * packages/emulator/test/eas.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { carriesSpec, EAS_PRODUCT, EasClient, serviceStatusPhase } from '../src/clients/eas.js';
import { startScriptedServer, type ScriptedServer } from './support/scripted-server.js';

describe('serviceStatusPhase', () => {
  test('Running, Stopped and Failed settle; every other value, known or not, is still in progress', () => {
    expect(serviceStatusPhase('Running')).toBe('running');
    expect(serviceStatusPhase('Stopped')).toBe('stopped');
    expect(serviceStatusPhase('Failed')).toBe('failed');
    expect(serviceStatusPhase('DeleteFailed')).toBe('failed');
    for (const status of ['Creating', 'Waiting', 'Scaling', 'Updating', 'HotUpdate', 'SomethingNew', undefined]) {
      expect(serviceStatusPhase(status)).toBe('in-progress');
    }
  });
});

describe('carriesSpec', () => {
  const sent = { name: 'demo_v2', model_path: 'oss://b/m/', metadata: { instance: 2, group: 'demo' } };

  test('the stored JSON may add fields but must hold every value that was sent', () => {
    const stored = JSON.stringify({ ...sent, metadata: { ...sent.metadata, cpu: 1 }, processor: 'pmml' });
    expect(carriesSpec(stored, sent)).toBe(true);
  });

  test('another spec under the same name is not ours', () => {
    expect(carriesSpec(JSON.stringify({ ...sent, model_path: 'oss://b/other/' }), sent)).toBe(false);
    expect(carriesSpec(JSON.stringify({ ...sent, metadata: { instance: 1, group: 'demo' } }), sent)).toBe(false);
    expect(carriesSpec(undefined, sent)).toBe(false);
    expect(carriesSpec('not json', sent)).toBe(false);
  });

  test('arrays must match element by element', () => {
    const withContainers = { name: 'x', containers: [{ image: 'a', port: 8000 }] };
    expect(carriesSpec(JSON.stringify(withContainers), withContainers)).toBe(true);
    expect(carriesSpec(JSON.stringify({ name: 'x', containers: [{ image: 'b', port: 8000 }] }), withContainers)).toBe(
      false,
    );
  });
});

describe('EAS_PRODUCT', () => {
  test('EAS 2021-07-01 lives at pai-eas.<region>.aliyuncs.com', () => {
    expect(EAS_PRODUCT.version).toBe('2021-07-01');
    expect(EAS_PRODUCT.endpointHost('cn-hangzhou')).toBe('pai-eas.cn-hangzhou.aliyuncs.com');
  });
});

describe('deleteService after a lost answer', () => {
  let server: ScriptedServer;
  let eas: EasClient;
  const notFound = {
    status: 404,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ Code: 'InvalidService.NotFound', Message: 'service [demo_v1] not found', RequestId: 'R2' }),
  };

  beforeAll(async () => {
    server = await startScriptedServer();
    eas = new EasClient({
      credentials: { accessKeyId: 'test-ak', accessKeySecret: 'test-secret' },
      region: 'cn-shanghai',
      endpoint: `http://127.0.0.1:${server.port}`,
      retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      timeoutMs: 2_000,
    });
  });
  afterAll(() => server.close());

  test('a retry that finds the service gone reports the delete as done', async () => {
    server.play([{ status: 500, body: JSON.stringify({ Code: 'InternalError', RequestId: 'R1' }) }, notFound]);
    const before = server.requests.length;
    await expect(eas.deleteService('demo_v1')).resolves.toMatchObject({
      Message: expect.stringMatching(/earlier attempt/),
    });
    expect(server.requests.slice(before)).toEqual([
      'DELETE /api/v2/services/cn-shanghai/demo_v1',
      'DELETE /api/v2/services/cn-shanghai/demo_v1',
    ]);
  });

  test('without an earlier attempt, a missing service is still an error', async () => {
    server.play([notFound]);
    await expect(eas.deleteService('demo_v1')).rejects.toMatchObject({ code: 'InvalidService.NotFound' });
  });
});
