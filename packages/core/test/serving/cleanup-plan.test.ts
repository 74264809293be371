import { parseServerTime, planCleanup, type CleanupPolicy, type VersionFacts } from '../../src/serving/cleanup-plan.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-10T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const policy = (change: Partial<CleanupPolicy> = {}): CleanupPolicy => ({
  now: NOW,
  retentionMs: 72 * HOUR,
  keepNewest: 0,
  ...change,
});

/** A managed, retired version of group `demo`, deployed `deployedHoursAgo` and out of traffic for `endedHoursAgo`. */
function version(
  service: string,
  change: { deployedHoursAgo?: number; endedHoursAgo?: number | null; weight?: number | undefined } & Partial<
    Omit<VersionFacts, 'weight'>
  > & { extraLabels?: Record<string, string> } = {},
): VersionFacts {
  const { deployedHoursAgo = 200, endedHoursAgo = 100, extraLabels = {}, ...rest } = change;
  return {
    service,
    group: 'demo',
    weight: 'weight' in change ? change.weight : 0,
    status: 'Running',
    createTime: iso(NOW - deployedHoursAgo * HOUR),
    labels: {
      'managed-by': 'pai-actions',
      'deployed-at': iso(NOW - deployedHoursAgo * HOUR),
      ...(endedHoursAgo === null ? {} : { 'traffic-ended-at': iso(NOW - endedHoursAgo * HOUR) }),
      ...extraLabels,
    },
    ...rest,
  };
}

const decisionOf = (versions: VersionFacts[], service: string, change: Partial<CleanupPolicy> = {}) => {
  const found = planCleanup(versions, policy(change)).find((d) => d.service === service);
  if (!found) throw new Error(`no decision for ${service}`);
  return { action: found.action, rule: found.rule };
};

describe('one version against the rules', () => {
  test.each<[string, VersionFacts[], Partial<CleanupPolicy>, { action: string; rule: string }]>([
    ['out of traffic longer than retention: deleted', [version('demo_a')], {}, { action: 'delete', rule: 'expired' }],
    [
      'weight > 0 is kept however old',
      [version('demo_a', { weight: 1 })],
      {},
      { action: 'keep', rule: 'carries-traffic' },
    ],
    [
      'an unknown weight is kept',
      [version('demo_a', { weight: undefined })],
      {},
      { action: 'keep', rule: 'weight-unknown' },
    ],
    [
      'weight -1 (out of the group) counts as out of traffic',
      [version('demo_a', { weight: -1 })],
      {},
      { action: 'delete', rule: 'expired' },
    ],
    [
      'the rollback target of the serving version is kept',
      [version('demo_a'), version('demo_b', { weight: 100, extraLabels: { 'rollback-target': 'demo_a' } })],
      {},
      { action: 'keep', rule: 'rollback-target' },
    ],
    [
      'keep=true is kept',
      [version('demo_a', { extraLabels: { keep: 'true' } })],
      {},
      { action: 'keep', rule: 'keep-label' },
    ],
    [
      'keep=false is no protection',
      [version('demo_a', { extraLabels: { keep: 'false' } })],
      {},
      { action: 'delete', rule: 'expired' },
    ],
    [
      'exactly 72 h out of traffic: deleted',
      [version('demo_a', { endedHoursAgo: 72 })],
      {},
      { action: 'delete', rule: 'expired' },
    ],
    [
      '1 ms short of 72 h: kept',
      [version('demo_a', { endedHoursAgo: 72 - 1 / HOUR })],
      {},
      { action: 'keep', rule: 'within-retention' },
    ],
    [
      'traffic-ended-at in the future (a skewed writer): kept',
      [version('demo_a', { endedHoursAgo: -5 })],
      {},
      { action: 'keep', rule: 'within-retention' },
    ],
    [
      'no traffic-ended-at label: kept, however old the deploy',
      [version('demo_a', { endedHoursAgo: null, deployedHoursAgo: 10_000 })],
      {},
      { action: 'keep', rule: 'no-traffic-end' },
    ],
    [
      'a traffic-ended-at that is not ISO 8601: kept',
      [version('demo_a', { endedHoursAgo: null, extraLabels: { 'traffic-ended-at': 'last tuesday' } })],
      {},
      { action: 'keep', rule: 'no-traffic-end' },
    ],
    [
      'not labelled managed-by=pai-actions: kept',
      [version('demo_a', { extraLabels: { 'managed-by': 'someone-else' } })],
      {},
      { action: 'keep', rule: 'not-managed' },
    ],
    [
      'already being deleted: kept (nothing to do)',
      [version('demo_a', { status: 'Deleting' })],
      {},
      { action: 'keep', rule: 'being-deleted' },
    ],
    [
      'a rollback-target label in another group does not protect',
      [
        version('demo_a'),
        version('other_b', { group: 'other', weight: 100, extraLabels: { 'rollback-target': 'demo_a' } }),
      ],
      {},
      { action: 'delete', rule: 'expired' },
    ],
    [
      'a live shift-lock anywhere in the group keeps every version',
      [version('demo_a'), version('demo_b', { weight: 50, extraLabels: { 'shift-lock': `77.1@${iso(NOW + HOUR)}` } })],
      {},
      { action: 'keep', rule: 'shift-in-progress' },
    ],
    [
      'an expired shift-lock is ignored',
      [version('demo_a'), version('demo_b', { weight: 50, extraLabels: { 'shift-lock': `77.1@${iso(NOW - 1)}` } })],
      {},
      { action: 'delete', rule: 'expired' },
    ],
    [
      'a shift-lock whose expiry cannot be read counts as held',
      [version('demo_a', { extraLabels: { 'shift-lock': '77.1@soon' } })],
      {},
      { action: 'keep', rule: 'shift-in-progress' },
    ],
    [
      'traffic wins over every other reason',
      [
        version('demo_a', { weight: 5, extraLabels: { keep: 'true' } }),
        version('demo_b', { extraLabels: { 'rollback-target': 'demo_a' } }),
      ],
      { keepNewest: 3 },
      { action: 'keep', rule: 'carries-traffic' },
    ],
  ])('%s', (_name, versions, change, expected) => {
    expect(decisionOf(versions, 'demo_a', change)).toEqual(expected);
  });
});

describe('newest N previous versions', () => {
  // Serving: demo_e. Previous, newest first: demo_d, demo_c, demo_b, demo_a; all expired.
  const group = () => [
    version('demo_a', { deployedHoursAgo: 500 }),
    version('demo_b', { deployedHoursAgo: 400 }),
    version('demo_c', { deployedHoursAgo: 300 }),
    version('demo_d', { deployedHoursAgo: 200 }),
    version('demo_e', { deployedHoursAgo: 100, weight: 100, endedHoursAgo: null }),
  ];
  const actions = (keepNewest: number, versions = group()) =>
    Object.fromEntries(planCleanup(versions, policy({ keepNewest })).map((d) => [d.service, d.rule]));

  test.each([
    [0, { demo_e: 'carries-traffic', demo_d: 'expired', demo_c: 'expired', demo_b: 'expired', demo_a: 'expired' }],
    [1, { demo_e: 'carries-traffic', demo_d: 'newest', demo_c: 'expired', demo_b: 'expired', demo_a: 'expired' }],
    [2, { demo_e: 'carries-traffic', demo_d: 'newest', demo_c: 'newest', demo_b: 'expired', demo_a: 'expired' }],
    [9, { demo_e: 'carries-traffic', demo_d: 'newest', demo_c: 'newest', demo_b: 'newest', demo_a: 'newest' }],
  ])('keep %i', (keepNewest, expected) => {
    expect(actions(keepNewest)).toEqual(expected);
  });

  test('the serving version is not one of the N: it is not previous', () => {
    expect(actions(1).demo_d).toBe('newest');
  });

  test('a rollback target among the newest is reported as the rollback target and still uses a place', () => {
    const versions = group();
    versions[4] = version('demo_e', {
      deployedHoursAgo: 100,
      weight: 100,
      extraLabels: { 'rollback-target': 'demo_d' },
    });
    expect(actions(1, versions)).toMatchObject({ demo_d: 'rollback-target', demo_c: 'expired' });
  });

  test('newest is by deployed-at, falling back to CreateTime when the label is missing', () => {
    const noLabel = version('demo_z', { deployedHoursAgo: 1 });
    const { ['deployed-at']: _dropped, ...labels } = noLabel.labels;
    const versions = [version('demo_a', { deployedHoursAgo: 50 }), { ...noLabel, labels }];
    expect(actions(1, versions)).toEqual({ demo_z: 'newest', demo_a: 'expired' });
  });

  test('each group keeps its own N', () => {
    const versions = [
      version('demo_a', { deployedHoursAgo: 300 }),
      version('demo_b', { deployedHoursAgo: 200 }),
      version('other_a', { group: 'other', deployedHoursAgo: 300 }),
      version('other_b', { group: 'other', deployedHoursAgo: 200 }),
    ];
    expect(actions(1, versions)).toEqual({
      demo_b: 'newest',
      demo_a: 'expired',
      other_b: 'newest',
      other_a: 'expired',
    });
  });
});

describe('max-deletes', () => {
  const versions = [
    version('demo_a', { endedHoursAgo: 300 }),
    version('demo_b', { endedHoursAgo: 100 }),
    version('demo_c', { endedHoursAgo: 200 }),
  ];

  test('deletes the longest out of traffic first and keeps the rest, saying why', () => {
    const plan = planCleanup(versions, policy({ maxDeletes: 2 }));
    expect(
      plan
        .filter((d) => d.action === 'delete')
        .map((d) => d.service)
        .sort(),
    ).toEqual(['demo_a', 'demo_c']);
    const capped = plan.find((d) => d.service === 'demo_b')!;
    expect(capped).toMatchObject({ action: 'keep', rule: 'max-deletes' });
    expect(capped.reason).toMatch(/max-deletes \(2\) was reached/);
  });

  test('0 deletes nothing; a cap above the count changes nothing', () => {
    expect(planCleanup(versions, policy({ maxDeletes: 0 })).every((d) => d.action === 'keep')).toBe(true);
    expect(planCleanup(versions, policy({ maxDeletes: 3 }))).toEqual(planCleanup(versions, policy()));
  });
});

describe('selection', () => {
  test('unselected versions are context: not reported, but their rollback-target label protects', () => {
    const versions = [
      version('demo_a'),
      version('demo_b'),
      version('demo_c', { weight: 100, extraLabels: { 'rollback-target': 'demo_a' } }),
    ];
    const plan = planCleanup(versions, policy({ selected: new Set(['demo_a', 'demo_b']) }));
    expect(plan.map((d) => [d.service, d.rule])).toEqual([
      ['demo_b', 'expired'],
      ['demo_a', 'rollback-target'],
    ]);
  });
});

test('reasons say the numbers', () => {
  const [expired, young] = planCleanup(
    [
      version('demo_a', { endedHoursAgo: 73, deployedHoursAgo: 100 }),
      version('demo_b', { endedHoursAgo: 2, deployedHoursAgo: 90 }),
    ],
    policy(),
  ).sort((a, b) => a.service.localeCompare(b.service));
  expect(expired!.reason).toBe('out of traffic for 3d1h, past the 3d retention');
  expect(young!.reason).toBe('out of traffic for 2h of the 3d retention');
});

describe('parseServerTime', () => {
  test.each([
    ['2026-12-10T12:00:00Z', Date.parse('2026-12-10T12:00:00Z')],
    ['2026-12-10T12:00:00.123Z', Date.parse('2026-12-10T12:00:00.123Z')],
    ['2026-12-10T20:00:00+08:00', Date.parse('2026-12-10T12:00:00Z')],
    ['2026-12-10', undefined],
    ['2026-12-10 12:00:00', undefined],
    ['2026-13-40T12:00:00Z', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s', (text, expected) => {
    expect(parseServerTime(text)).toBe(expected);
  });
});
