/** For the start bench: the fewest valid inputs that take each action to its first API request. */
export const START_INPUTS: Record<string, Record<string, string>> = {
  'eas-rollback': { 'service-name': 'bench_service' },
  'cleanup-versions': { 'service-name': 'bench_service' },
  'submit-dlc-job': {
    image: 'registry/train:1',
    command: 'python train.py',
    'instance-type': 'ecs.gn6i-c4g1.xlarge',
    'output-uri': 'oss://bench-bucket/models/',
  },
  'wait-and-resume': { 'job-id': 'dlc-bench-job' },
  'evaluate-gate': {
    metrics: '{"accuracy": 0.95}',
    thresholds: 'accuracy >= 0.9',
    baseline: 'service:bench_service',
    comment: 'false',
  },
  'eas-deploy': {
    'service-name': 'bench_service',
    'model-uri': 'oss://bench-bucket/models/m/',
    processor: 'torchscript',
    environment: 'staging',
  },
  'eas-traffic-shift': { 'service-name': 'bench_service', new: 'bench_service_abcdef0', 'bake-time': '1m' },
};
