/**
 * EasClient's pure decisions: what a status means to a caller waiting for a deploy, and when a
 * service found after a failed create counts as that create's result. (Its wire format and its
 * behaviour against the emulated EAS are tested in test/conformance/eas-wire.test.ts and
 * packages/emulator/test/eas.test.ts.)
 */
import { describe, expect, test } from '@jest/globals';
import { carriesSpec, EAS_PRODUCT, serviceStatusPhase } from '../src/clients/eas.js';

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
