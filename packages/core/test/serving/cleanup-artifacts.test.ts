import { planArtifactCleanup, type RemainingReference } from '../../src/serving/cleanup-artifacts.js';

const serving = (service: string, model: string, lineage = model.replace(/model\/?$/, 'lineage.json')) =>
  ({ service, modelUris: [model], lineageUris: [lineage] }) satisfies RemainingReference;

const decide = (uri: string, remaining: RemainingReference[]) => {
  const [decision] = planArtifactCleanup([uri], remaining);
  return { action: decision!.action, reason: decision!.reason };
};

describe('which models cleanup may delete', () => {
  test.each<[string, string, RemainingReference[], string, RegExp]>([
    [
      'unreferenced: deleted',
      'oss://bkt/runs/1/model/',
      [serving('s_2', 'oss://bkt/runs/2/model/')],
      'delete',
      /no remaining/,
    ],
    [
      'still used (with or without the slash)',
      'oss://bkt/runs/1/model',
      [serving('s_1', 'oss://bkt/runs/1/model/')],
      'keep',
      /still used by s_1/,
    ],
    [
      'a prefix holding a remaining model',
      'oss://bkt/runs/',
      [serving('s_1', 'oss://bkt/runs/1/model/')],
      'keep',
      /holds the model of s_1/,
    ],
    [
      'inside a remaining model',
      'oss://bkt/runs/1/model/v2/',
      [serving('s_1', 'oss://bkt/runs/1/model/')],
      'keep',
      /lies inside the model of s_1/,
    ],
    [
      'a prefix holding a remaining lineage.json',
      'oss://bkt/lineage/',
      [serving('s_1', 'oss://bkt/models/1/', 'oss://bkt/lineage/1/lineage.json')],
      'keep',
      /holds the lineage of s_1/,
    ],
    [
      'a sibling whose name only starts the same',
      'oss://bkt/runs/1',
      [serving('s_1', 'oss://bkt/runs/10/model/')],
      'delete',
      /no remaining/,
    ],
    ['a whole bucket', 'oss://bkt/', [], 'keep', /whole bucket/],
    ['not an OSS URI', 'https://example.com/model', [], 'keep', /not an oss:\/\/bucket\/key URI/],
  ])('%s', (_name, uri, remaining, action, reason) => {
    const decision = decide(uri, remaining);
    expect(decision.action).toBe(action);
    expect(decision.reason).toMatch(reason);
  });

  test('the same model from two deleted versions is decided once; a delete carries its location', () => {
    const plan = planArtifactCleanup(['oss://bkt/runs/1/model/', 'oss://bkt/runs/1/model/'], []);
    expect(plan).toEqual([
      {
        uri: 'oss://bkt/runs/1/model/',
        action: 'delete',
        reason: 'no remaining service uses it',
        location: { bucket: 'bkt', prefix: 'runs/1/model' },
      },
    ]);
  });
});
