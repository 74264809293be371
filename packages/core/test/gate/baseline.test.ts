import type { Service } from '../../src/clients/eas-types.js';
import { parseBaseline, servingVersion } from '../../src/gate/baseline.js';

test.each([
  ['none', { kind: 'none' }],
  ['service:fraud_model', { kind: 'service', service: 'fraud_model' }],
  ['oss://models/out/abc/lineage.json', { kind: 'uri', uri: 'oss://models/out/abc/lineage.json' }],
  ['oss://models/eval/metrics.json', { kind: 'uri', uri: 'oss://models/eval/metrics.json' }],
])('baseline %j', (value, spec) => {
  expect(parseBaseline('baseline', value)).toEqual(spec);
});

test.each([
  ['service:Fraud-Model', 'service name "Fraud-Model" must be'],
  ['service:', 'service name "" must be'],
  ['oss://models/out/abc/', 'must name a .json object'],
  ['oss://Bad_Bucket/x.json', 'bucket "Bad_Bucket"'],
  ['latest', 'expected none, service:<name>'],
  ['None', 'expected none, service:<name>'],
])('baseline %j is refused by name', (value, reason) => {
  expect(() => parseBaseline('baseline', value)).toThrow(/^Input "baseline" has invalid value/);
  expect(() => parseBaseline('baseline', value)).toThrow(reason);
});

const version = (name: string, fields: Partial<Service> = {}): Service => ({
  ServiceName: name,
  Status: 'Running',
  TrafficState: 'grouping',
  Weight: 100,
  CreateTime: '2026-12-01T00:00:00Z',
  ...fields,
});

test.each([
  ['the only running version', [version('a')], 'a'],
  ['the heavier of two mid-shift', [version('old', { Weight: 90 }), version('new', { Weight: 10 })], 'old'],
  ['the newer on equal weights', [version('old'), version('new', { CreateTime: '2026-12-02T00:00:00Z' })], 'new'],
  ['not a weight-0 standby', [version('live', { Weight: 0 }), version('cold', { Status: 'Stopped' })], undefined],
  ['not a standalone version', [version('solo', { TrafficState: 'standalone' }), version('grp', { Weight: 5 })], 'grp'],
  ['not one still creating', [version('creating', { Status: 'Creating', Weight: 100 })], undefined],
  ['none of none', [], undefined],
])('serving version: %s', (_, versions, expected) => {
  expect(servingVersion(versions)?.ServiceName).toBe(expected);
});
