import { InputError } from '../../src/errors.js';
import { InputReader } from '../../src/inputs.js';
import { readDeployInputs } from '../../src/serving/deploy-inputs.js';

const valid = {
  'service-name': 'fraud_scorer',
  'model-uri': 'oss://pai-demo/out/abc/model/',
  processor: 'torchscript',
  environment: 'staging',
};
const files: Record<string, string> = {
  'config.json': '{"metadata": {"memory": 4000}}',
  'list.json': '[1, 2]',
};
const readFile = (path: string) => {
  if (!(path in files)) throw new Error(`ENOENT: no such file, open '${path}'`);
  return files[path]!;
};
const read = (inputs: Record<string, string>) =>
  readDeployInputs(new InputReader((name) => inputs[name] ?? ''), readFile);

test('valid inputs give the deploy request, with defaults', () => {
  expect(read({ ...valid, 'service-config': 'config.json', 'smoke-request': '{"instances": [[1]]}' })).toEqual({
    group: 'fraud_scorer',
    environment: 'staging',
    strategy: 'blue-green',
    spec: {
      modelUri: 'oss://pai-demo/out/abc/model/',
      processor: 'torchscript',
      overrides: { metadata: { memory: 4000 } },
    },
    scaling: { instances: 1 },
    lineageUri: 'oss://pai-demo/out/abc/lineage.json',
    smokeBody: '{"instances": [[1]]}',
    waitTimeoutMs: 900_000,
    outputToken: false,
  });
});

test('a custom image with autoscaling in production', () => {
  const inputs = read({
    ...valid,
    processor: 'custom',
    image: 'registry.example.com/serve:1',
    command: 'python serve.py',
    port: '8000',
    environment: 'production',
    'autoscale-min': '2',
    'autoscale-max': '6',
    'scale-out-qps': '30',
    instances: '2',
    'scale-in-cooldown': '10m',
  });
  expect(inputs.spec.container).toEqual({
    image: 'registry.example.com/serve:1',
    command: 'python serve.py',
    port: 8000,
  });
  expect(inputs.scaling.autoscaler).toMatchObject({
    min: 2,
    max: 6,
    behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
  });
});

// Every input with a bad value: an InputError naming it (main reads all inputs before any client exists).
test.each<[string, Record<string, string>]>([
  ['service-name', { 'service-name': 'Fraud-Scorer' }],
  ['service-name', { 'service-name': '' }],
  ['model-uri', { 'model-uri': 's3://bucket/model' }],
  ['processor', { processor: 'sklearn' }],
  ['processor-name', { processor: 'onnx' }],
  ['processor-name', { 'processor-name': 'Bad Name' }],
  [
    'processor-name',
    { processor: 'custom', image: 'r/s:1', command: 'serve', port: '80', 'processor-name': 'pytorch_cpu_1.10' },
  ],
  ['image', { image: 'registry/serve:1' }],
  ['image', { processor: 'custom', command: 'serve', port: '8000' }],
  ['command', { processor: 'custom', image: 'registry/serve:1', port: '8000' }],
  ['port', { processor: 'custom', image: 'registry/serve:1', command: 'serve', port: '70000' }],
  ['port', { port: '8000' }],
  ['instance-type', { 'instance-type': 'big one' }],
  ['instances', { instances: '0' }],
  ['resource-group', { 'resource-group': 'EAS R!' }],
  ['environment', { environment: 'prod' }],
  ['strategy', { strategy: 'canary' }],
  ['autoscale-min', { 'autoscale-min': '-1' }],
  ['autoscale-max', { 'autoscale-min': '2', 'scale-out-qps': '10' }],
  ['scale-out-qps', { 'autoscale-max': '3', 'scale-out-qps': '1.5' }],
  ['scale-in-cooldown', { 'scale-in-cooldown': '300' }],
  ['scale-to-zero', { 'scale-to-zero': 'yes' }],
  ['scale-to-zero', { environment: 'production', 'autoscale-max': '3', 'scale-out-qps': '5', 'scale-to-zero': 'true' }],
  ['service-config', { 'service-config': 'missing.json' }],
  ['service-config', { 'service-config': 'list.json' }],
  ['smoke-request', { 'smoke-request': '{"instances": [' }],
  ['wait-timeout', { 'wait-timeout': 'soon' }],
  ['output-token', { 'output-token': 'maybe' }],
])('%s: %j is refused by name', (input, change) => {
  let thrown: unknown;
  try {
    read({ ...valid, ...change });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InputError);
  expect((thrown as InputError).input).toBe(input);
  expect((thrown as InputError).message).toMatch(new RegExp(`^Input "${input}" (is required|has invalid value)`));
});
