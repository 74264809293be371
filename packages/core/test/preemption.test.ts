import {
  assessPreemption,
  parseRestartTimes,
  type PreemptionAction,
  type PreemptionSignals,
} from '../src/preemption.js';

const evictedPod = { PodId: 'dlc1-worker-0', Status: 'Failed', SubStatus: 'Evicted' };
const normalPod = { PodId: 'dlc1-worker-0', Status: 'Running', SubStatus: 'Normal' };
const spotRecord = {
  Reason: 'SpotInstanceReclaimed: spot instance reclaimed, pod evicted',
  RestartStatus: 'Restarting',
};

interface Row {
  name: string;
  job: PreemptionSignals;
  preempted: boolean;
  restarting: boolean;
  action: PreemptionAction;
  /** Something the evidence must mention. */
  evidence?: RegExp;
}

const rows: Row[] = [
  {
    name: 'a running job with normal pods',
    job: { Status: 'Running', Pods: [normalPod] },
    preempted: false,
    restarting: false,
    action: 'none',
  },
  { name: 'a queuing job', job: { Status: 'Queuing' }, preempted: false, restarting: false, action: 'none' },
  {
    name: 'a job DLC is restarting after a reclaim',
    job: {
      Status: 'Restarting',
      SubStatus: 'Restarting',
      RestartTimes: '1/3',
      Pods: [{ ...normalPod, Status: 'Pending', HistoryPods: [evictedPod] }],
      RestartRecord: [spotRecord],
    },
    preempted: true,
    restarting: true,
    action: 'keep-waiting',
    evidence: /status is Restarting/,
  },
  {
    name: 'a running job whose pod was just evicted (DLC has not decided yet)',
    job: { Status: 'Running', Pods: [evictedPod] },
    preempted: true,
    restarting: false,
    action: 'keep-waiting',
    evidence: /pod dlc1-worker-0 is Failed\/Evicted/,
  },
  {
    name: 'a job that failed with an evicted pod',
    job: { Status: 'Failed', ReasonCode: 'JobFailed', Pods: [evictedPod] },
    preempted: true,
    restarting: false,
    action: 'resubmit',
    evidence: /Evicted/,
  },
  {
    name: 'a job that failed with a spot ReasonCode only',
    job: { Status: 'Failed', ReasonCode: 'JobPreempted', ReasonMessage: 'The spot instance of the job was reclaimed.' },
    preempted: true,
    restarting: false,
    action: 'resubmit',
    evidence: /ReasonCode: JobPreempted/,
  },
  {
    name: 'a job that failed with a reclaim only in the ReasonMessage',
    job: { Status: 'Failed', ReasonCode: 'JobFailed', ReasonMessage: 'Instance was reclaimed by the system' },
    preempted: true,
    restarting: false,
    action: 'resubmit',
  },
  {
    name: 'an idle-resource job whose pod status is Preempted',
    job: { Status: 'Failed', Pods: [{ PodId: 'p', Status: 'Preempted' }] },
    preempted: true,
    restarting: false,
    action: 'resubmit',
  },
  {
    name: 'a failed job whose last restart could not happen (restarts used up)',
    job: {
      Status: 'Failed',
      ReasonCode: 'JobFailed',
      RestartTimes: '3/3',
      RestartRecord: [{ ...spotRecord, RestartStatus: 'Failed', RestartFailReason: 'max restart times exceeded' }],
    },
    preempted: true,
    restarting: false,
    action: 'resubmit',
    evidence: /restart record/,
  },
  {
    name: 'a failed job with a preemption sub-status',
    job: { Status: 'Failed', SubStatus: 'Preempted' },
    preempted: true,
    restarting: false,
    action: 'resubmit',
  },
  {
    name: 'a plain failure (user code exited 1)',
    job: {
      Status: 'Failed',
      ReasonCode: 'JobFailed',
      ReasonMessage: 'Pod exited with code 1.',
      Pods: [{ ...evictedPod, SubStatus: 'Normal' }],
    },
    preempted: false,
    restarting: false,
    action: 'none',
  },
  {
    name: 'a failure after an earlier, recovered preemption',
    job: {
      Status: 'Failed',
      ReasonCode: 'JobFailed',
      RestartTimes: '1/3',
      Pods: [{ ...evictedPod, SubStatus: 'Normal', HistoryPods: [evictedPod] }],
      RestartRecord: [{ ...spotRecord, RestartStatus: 'Succeeded' }],
      StatusHistory: [
        { Status: 'Running' },
        { Status: 'Restarting', ReasonCode: 'SpotInstanceReclaimed' },
        { Status: 'Running' },
        { Status: 'Failed' },
      ],
    },
    preempted: false,
    restarting: false,
    action: 'none',
    evidence: /earlier incarnation/,
  },
  {
    name: 'a job running again after a recovered preemption',
    job: {
      Status: 'Running',
      RestartTimes: '1/3',
      Pods: [{ ...normalPod, HistoryPods: [evictedPod] }],
      RestartRecord: [{ ...spotRecord, RestartStatus: 'Succeeded' }],
    },
    preempted: false,
    restarting: false,
    action: 'none',
  },
  {
    name: 'a job that succeeded after being preempted and restarted',
    job: {
      Status: 'Succeeded',
      ReasonCode: 'JobSucceeded',
      Pods: [{ ...normalPod, Status: 'Succeeded', HistoryPods: [evictedPod] }],
      RestartRecord: [spotRecord],
    },
    preempted: false,
    restarting: false,
    action: 'none',
  },
  {
    name: 'a job stopped by its user while evicted',
    job: {
      Status: 'Stopped',
      ReasonCode: 'JobStoppedByUser',
      ReasonMessage: 'Job is stopped by user.',
      Pods: [evictedPod],
    },
    preempted: false,
    restarting: false,
    action: 'none',
  },
  {
    name: 'a job stopped by the system because of a reclaim',
    job: { Status: 'Stopped', ReasonCode: 'SpotInstanceReclaimed' },
    preempted: true,
    restarting: false,
    action: 'resubmit',
  },
  {
    name: 'a job winding down (Stopping) after an eviction',
    job: { Status: 'Stopping', Pods: [evictedPod] },
    preempted: true,
    restarting: false,
    action: 'keep-waiting',
  },
  {
    name: 'an unknown status with an evicted pod counts as still in progress',
    job: { Status: 'SomethingNew', Pods: [evictedPod] },
    preempted: true,
    restarting: false,
    action: 'keep-waiting',
  },
];

describe('assessPreemption', () => {
  it.each(rows)('$name → $action', ({ job, preempted, restarting, action, evidence }) => {
    const assessment = assessPreemption(job);
    expect({ preempted: assessment.preempted, restarting: assessment.restarting, action: assessment.action }).toEqual({
      preempted,
      restarting,
      action,
    });
    if (evidence) expect(assessment.evidence.join('\n')).toMatch(evidence);
    if (preempted) expect(assessment.evidence.length).toBeGreaterThan(0);
  });

  it('reports the restart budget', () => {
    expect(assessPreemption({ Status: 'Restarting', RestartTimes: '2/5' }).restarts).toEqual({ used: 2, max: 5 });
    expect(assessPreemption({ Status: 'Running' }).restarts).toBeUndefined();
  });
});

describe('parseRestartTimes', () => {
  it.each([
    ['0/10', { used: 0, max: 10 }],
    [' 3 / 3 ', { used: 3, max: 3 }],
    ['', undefined],
    ['3', undefined],
    ['a/b', undefined],
    [undefined, undefined],
  ])('%p → %p', (value, expected) => {
    expect(parseRestartTimes(value)).toEqual(expected);
  });
});
