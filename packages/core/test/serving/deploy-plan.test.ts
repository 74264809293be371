import { decideVersion, primaryServing, takesTraffic, type Member } from '../../src/serving/deploy-plan.js';

const member = (name: string, change: Partial<Member> = {}, labels: Record<string, string> = {}): Member => ({
  name,
  status: 'Running',
  weight: 100,
  trafficState: 'grouping',
  labels: { 'managed-by': 'pai-actions', ...labels },
  ...change,
});

describe('takesTraffic', () => {
  test.each([
    ['running, weighted, customized', member('a'), 'customized', true],
    ['weight 0 under customized', member('a', { weight: 0 }), 'customized', false],
    ['weight 0 under auto (instance count decides)', member('a', { weight: 0 }), 'auto', true],
    ['standalone', member('a', { trafficState: 'standalone' }), 'customized', false],
    ['not running', member('a', { status: 'Creating' }), 'customized', false],
  ])('%s', (_case, candidate, mode, expected) => {
    expect(takesTraffic(candidate, mode)).toBe(expected);
  });
});

describe('primaryServing', () => {
  test('the heaviest weight under customized traffic', () => {
    expect(
      primaryServing(
        [member('a', { weight: 10 }), member('b', { weight: 90 }), member('c', { weight: 0 })],
        'customized',
      )?.name,
    ).toBe('b');
  });
  test('the newest deployed under auto traffic', () => {
    const older = member('a', {}, { 'deployed-at': '2026-01-01T00:00:00Z' });
    const newer = member('b', {}, { 'deployed-at': '2026-02-01T00:00:00Z' });
    expect(primaryServing([older, newer], 'auto')?.name).toBe('b');
  });
  test('nothing when no member takes traffic', () => {
    expect(primaryServing([member('a', { status: 'Stopped' })], 'customized')).toBeUndefined();
  });
});

describe('decideVersion', () => {
  const sha = 'a'.repeat(40);
  test('no service: create', () => {
    expect(decideVersion(undefined, sha, 'blue-green')).toEqual({ kind: 'create' });
  });
  test('the same commit: reuse, whatever the strategy', () => {
    const found = member('g_aaaaaaa', {}, { 'git-sha': sha });
    expect(decideVersion(found, sha, 'blue-green')).toEqual({ kind: 'reuse', member: found });
    expect(decideVersion(found, sha, 'in-place')).toEqual({ kind: 'reuse', member: found });
  });
  test('another commit: in-place updates a managed service, blue-green refuses the collision', () => {
    const found = member('g_aaaaaaa', {}, { 'git-sha': 'a'.repeat(7) + 'b'.repeat(33) });
    expect(decideVersion(found, sha, 'in-place')).toEqual({ kind: 'update', member: found });
    expect(decideVersion(found, sha, 'blue-green')).toMatchObject({
      kind: 'conflict',
      reason: expect.stringContaining('it runs commit aaaaaaab'),
    });
  });
  test('a service pai-actions did not make is never taken over', () => {
    const foreign = { ...member('g_aaaaaaa'), labels: {} };
    expect(decideVersion(foreign, sha, 'in-place')).toMatchObject({
      kind: 'conflict',
      reason: expect.stringContaining('without a git-sha label'),
    });
  });
});
