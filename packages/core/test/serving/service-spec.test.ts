import { InputError } from '../../src/errors.js';
import {
  buildServiceSpec,
  deepMerge,
  parseServiceConfig,
  planScaling,
  type ScalingInput,
} from '../../src/serving/service-spec.js';

const base: ScalingInput = { environment: 'staging', instances: 1, scaleInCooldownSeconds: 300 };

function refusal(run: () => unknown): { input: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return { input: (error as InputError).input, message: (error as InputError).message };
  }
  throw new Error('expected an InputError');
}

describe('planScaling', () => {
  test('without autoscaling inputs: a fixed instance count and no autoscaler', () => {
    expect(planScaling({ ...base, instances: 3 })).toEqual({ instances: 3 });
  });

  test.each([
    ['development', undefined, 0],
    ['staging', undefined, 0],
    ['staging', false, 1],
    ['production', undefined, 1],
    ['production', false, 1],
  ] as const)('%s with scale-to-zero %s: min defaults to %i', (environment, scaleToZero, min) => {
    const scaling = planScaling({
      ...base,
      environment,
      autoscaleMax: 5,
      scaleOutQps: 40,
      ...(scaleToZero === undefined ? {} : { scaleToZero }),
    });
    expect(scaling.autoscaler).toEqual({
      min,
      max: 5,
      scaleStrategies: [{ metricName: 'qps', threshold: 40 }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    });
  });

  test('production defaults min to 1 with advice on sizing it; an explicit min gets none', () => {
    const defaulted = planScaling({ ...base, environment: 'production', autoscaleMax: 5, scaleOutQps: 40 });
    expect(defaulted.advice).toMatch(/minimum concurrent request rate/);
    const sized = planScaling({
      ...base,
      environment: 'production',
      autoscaleMin: 2,
      autoscaleMax: 5,
      scaleOutQps: 40,
      instances: 2,
    });
    expect(sized.advice).toBeUndefined();
  });

  test.each<[string, Partial<ScalingInput>, string, RegExp]>([
    [
      'production scale-to-zero',
      { environment: 'production', scaleToZero: true, autoscaleMax: 3, scaleOutQps: 5 },
      'scale-to-zero',
      /false when environment is production/,
    ],
    [
      'production min 0',
      { environment: 'production', autoscaleMin: 0, autoscaleMax: 3, scaleOutQps: 5 },
      'autoscale-min',
      /at least 1 when environment is production/,
    ],
    [
      'min 0 without scale-to-zero',
      { scaleToZero: false, autoscaleMin: 0, autoscaleMax: 3, scaleOutQps: 5 },
      'autoscale-min',
      /at least 1 when scale-to-zero is false/,
    ],
    ['scale-to-zero without an autoscaler', { scaleToZero: true }, 'scale-to-zero', /unless autoscale-max/],
    ['min without max', { autoscaleMin: 1, scaleOutQps: 5 }, 'autoscale-max', /is required/],
    ['max without qps', { autoscaleMax: 3 }, 'scale-out-qps', /is required/],
    [
      'max not above min',
      { autoscaleMin: 3, autoscaleMax: 3, scaleOutQps: 5, instances: 3 },
      'autoscale-max',
      /more than autoscale-min \(3\)/,
    ],
    [
      'instances outside the range',
      { autoscaleMin: 2, autoscaleMax: 4, scaleOutQps: 5, instances: 1 },
      'instances',
      /between autoscale-min \(2\) and autoscale-max \(4\)/,
    ],
  ])('refuses %s, naming the input', (_case, change, input, message) => {
    expect(refusal(() => planScaling({ ...base, ...change }))).toEqual({
      input,
      message: expect.stringMatching(message),
    });
  });
});

describe('buildServiceSpec', () => {
  const spec = {
    serviceName: 'scorer_abc1234',
    group: 'scorer',
    modelUri: 'oss://models/out/abc/model/',
    instances: 2,
  };

  test.each([
    ['tensorflow-savedmodel', undefined, 'tensorflow_cpu_2.7'],
    ['torchscript', undefined, 'pytorch_cpu_1.10'],
    ['torchscript', 'pytorch_gpu_1.10', 'pytorch_gpu_1.10'],
    ['onnx', 'onnx_runtime_x', 'onnx_runtime_x'],
  ] as const)('%s (processor-name %s) serves the model with processor %s', (processor, processorName, expected) => {
    expect(buildServiceSpec({ ...spec, processor, ...(processorName ? { processorName } : {}) })).toEqual({
      name: 'scorer_abc1234',
      model_path: 'oss://models/out/abc/model/',
      processor: expected,
      metadata: { instance: 2, group: 'scorer' },
    });
  });

  test('onnx without a processor name is refused', () => {
    expect(refusal(() => buildServiceSpec({ ...spec, processor: 'onnx' })).input).toBe('processor-name');
  });

  test('custom runs the image with the model mounted, and records instance type and resource group', () => {
    expect(
      buildServiceSpec({
        ...spec,
        processor: 'custom',
        container: { image: 'registry/serve:1', command: 'serve --port 8000', port: 8000 },
        instanceType: 'ecs.c7.large',
        resourceGroup: 'eas-r-abc',
      }),
    ).toEqual({
      name: 'scorer_abc1234',
      containers: [{ image: 'registry/serve:1', command: 'serve --port 8000', port: 8000 }],
      storage: [{ oss: { path: 'oss://models/out/abc/model/', readOnly: true }, mount_path: '/models' }],
      metadata: { instance: 2, group: 'scorer', instance_type: 'ecs.c7.large', resource: 'eas-r-abc' },
    });
  });

  test('service-config merges over the generated JSON, but never renames the service or moves it out of its group', () => {
    const built = buildServiceSpec({
      ...spec,
      processor: 'torchscript',
      overrides: {
        name: 'other',
        metadata: { group: 'elsewhere', memory: 4000, rpc: { keepalive: 5000 } },
        warm_up_data_path: 'oss://w/',
      },
    });
    expect(built).toEqual({
      name: 'scorer_abc1234',
      model_path: 'oss://models/out/abc/model/',
      processor: 'pytorch_cpu_1.10',
      metadata: { instance: 2, group: 'scorer', memory: 4000, rpc: { keepalive: 5000 } },
      warm_up_data_path: 'oss://w/',
    });
  });
});

test('deepMerge merges objects and replaces arrays and scalars', () => {
  expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: { e: 1 } })).toEqual({
    a: { b: 1, c: [3] },
    d: { e: 1 },
  });
});

test('parseServiceConfig wants one JSON object', () => {
  expect(parseServiceConfig('service-config', 'x.json', '{"metadata": {"cpu": 2}}')).toEqual({ metadata: { cpu: 2 } });
  expect(refusal(() => parseServiceConfig('service-config', 'x.json', '[1]')).message).toMatch(
    /Input "service-config" has invalid value "x.json"/,
  );
  expect(refusal(() => parseServiceConfig('service-config', 'x.json', '{oops')).input).toBe('service-config');
});
