import type { Member } from '../../src/serving/deploy-plan.js';
import { planRollback, RollbackRefused, type RollbackInput } from '../../src/serving/rollback-plan.js';

const member = (name: string, change: Partial<Member> = {}, labels: Record<string, string> = {}): Member => ({
  name,
  status: 'Running',
  weight: 0,
  trafficState: 'grouping',
  labels: { 'managed-by': 'pai-actions', ...labels },
  ...change,
});
const RUN = 'https://github.com/o/r/actions/runs/1';
const plan = (members: Member[], extra: Partial<RollbackInput> = {}) =>
  planRollback({ group: 'g', members, mode: 'customized', runKey: RUN, ...extra });

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RollbackRefused);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

const promoted = () => [
  member('g_new', { weight: 100 }, { 'rollback-target': 'g_old' }),
  member('g_old'),
  member('g_older'),
];

test("the serving version's rollback-target is the target; the serving version is drained", () => {
  expect(plan(promoted())).toMatchObject({
    kind: 'switch',
    target: { name: 'g_old' },
    losing: [{ name: 'g_new' }],
    readiness: 'running',
    source: 'the rollback-target label of g_new',
  });
});

test('"to" wins over the label', () => {
  expect(plan(promoted(), { to: 'g_older' })).toMatchObject({
    kind: 'switch',
    target: { name: 'g_older' },
    source: 'the "to" input',
  });
});

test('without a label, the only other managed version; several are refused, naming them', () => {
  const two = [member('g_new', { weight: 100 }), member('g_old'), { ...member('g_foreign'), labels: {} }];
  expect(plan(two)).toMatchObject({ target: { name: 'g_old' }, source: 'the only other managed version of g' });
  expect(refusal(() => plan([...two, member('g_older')]))).toMatch(
    /several \(g_old, g_older\); name the version to serve with "to"/,
  );
});

test('a stopped target is started, a starting one waited for, a failed one refused', () => {
  const withOld = (status: string) => [
    member('g_new', { weight: 100 }, { 'rollback-target': 'g_old' }),
    member('g_old', { status }),
  ];
  expect(plan(withOld('Stopped'))).toMatchObject({ readiness: 'start' });
  expect(plan(withOld('Starting'))).toMatchObject({ readiness: 'wait' });
  expect(refusal(() => plan(withOld('Failed')))).toMatch(/g_old is Failed/);
});

test('a recorded target that is gone, or an unknown "to", is refused', () => {
  expect(refusal(() => plan([member('g_new', { weight: 100 }, { 'rollback-target': 'g_gone' })]))).toMatch(
    /records rollback target g_gone, which no longer exists/,
  );
  expect(refusal(() => plan(promoted(), { to: 'g_nope' }))).toMatch(
    /"to" names g_nope, which is not a service of group g \(g_new, g_old, g_older\)/,
  );
});

test('nothing serving and no "to" is refused', () => {
  expect(refusal(() => plan([member('g_a'), member('g_b')]))).toMatch(/no version of group g takes traffic/);
});

test('a target that already takes all traffic: nothing to do', () => {
  expect(plan([member('g_old', { weight: 100 }), member('g_new')], { to: 'g_old' })).toMatchObject({ kind: 'done' });
});

test('a re-run of the rollback that put the serving version back does not step back again', () => {
  const after = [
    member('g_old', { weight: 100 }, { 'rolled-back-by-run': RUN, 'rollback-target': 'g_older' }),
    member('g_new'),
    member('g_older'),
  ];
  expect(plan(after)).toMatchObject({ kind: 'done', target: { name: 'g_old' } });
  // Another run steps back further, to the target recorded when g_old was promoted.
  expect(plan(after, { runKey: 'https://github.com/o/r/actions/runs/2' })).toMatchObject({
    kind: 'switch',
    target: { name: 'g_older' },
  });
});
