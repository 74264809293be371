import { expect, test } from '@jest/globals';
import { pickVersions, type GroupMember } from '../../src/serving/shift-versions.js';

const member = (name: string, weight: number, status = 'Running', trafficState = 'grouping'): GroupMember => ({
  name,
  weight,
  status,
  trafficState,
});
const group = [member('demo_old1111', 100), member('demo_new2222', 0), member('demo_ancient', 0)];

test('the old version defaults to the one holding traffic', () => {
  expect(pickVersions('demo', group, { new: 'demo_new2222' })).toEqual({
    old: 'demo_old1111',
    new: 'demo_new2222',
    original: { old: 100, new: 0 },
  });
});

test('a named old version is used as named', () => {
  const members = [member('demo_old1111', 0), member('demo_new2222', 0), member('demo_ancient', 100)];
  expect(pickVersions('demo', members, { new: 'demo_new2222', old: 'demo_ancient' }).old).toBe('demo_ancient');
});

test('a named old version beside another holding traffic is refused: that traffic would stay where it is', () => {
  expect(() => pickVersions('demo', group, { new: 'demo_new2222', old: 'demo_ancient' })).toThrow(
    /traffic on versions other than "demo_ancient" and "demo_new2222": demo_old1111 \(weight 100\)/,
  );
});

test.each<[string, GroupMember[], { new: string; old?: string }, RegExp]>([
  [
    'a new version not in the group',
    group,
    { new: 'demo_missing' },
    /"demo_missing" \(input new\) is not in group "demo"; its versions: demo_old1111, demo_new2222, demo_ancient/,
  ],
  [
    'a new version not Running',
    [member('demo_old1111', 100), member('demo_new2222', 0, 'Failed')],
    { new: 'demo_new2222' },
    /"demo_new2222" is Failed, not Running/,
  ],
  [
    'no version holding traffic',
    [member('demo_new2222', 0), member('demo_x', 0)],
    { new: 'demo_new2222' },
    /No version of group "demo" other than "demo_new2222" holds traffic now/,
  ],
  ['old and new the same', group, { new: 'demo_new2222', old: 'demo_new2222' }, /both "demo_new2222"/],
  [
    'a third version taking traffic',
    [...group, member('demo_third', 5)],
    { new: 'demo_new2222' },
    /demo_third \(weight 5\)/,
  ],
])('refuses %s', (_name, members, wanted, message) => {
  expect(() => pickVersions('demo', members, wanted)).toThrow(message);
});

test('a standalone version with a weight takes no group traffic and is no obstacle', () => {
  const members = [...group, member('demo_solo', 50, 'Running', 'standalone')];
  expect(pickVersions('demo', members, { new: 'demo_new2222' }).old).toBe('demo_old1111');
});
