/** The pure decisions of the training actions, by tables of cases. */
import { checkpointStallWarning } from '../../src/training/checkpoint-age.js';
import { metricsOutput } from '../../src/training/metrics-output.js';
import { assessOutcome, exitCodeOf } from '../../src/training/outcome.js';
import { nextPollDelay } from '../../src/training/poll-schedule.js';
import { estimateRemainingMs, parseProgressLine, stepsPerSecond } from '../../src/training/progress.js';
import type { GetJobResponse } from '../../src/clients/dlc-types.js';

describe('nextPollDelay', () => {
  const base = { minMs: 10_000, maxMs: 300_000, random: 0.5 };
  test.each([
    ['first poll: the minimum', { previousMs: undefined, changed: false }, 10_000],
    ['after a change: back to the minimum', { previousMs: 200_000, changed: true }, 10_000],
    ['quiet: grows by half', { previousMs: 20_000, changed: false }, 30_000],
    ['quiet: capped at the maximum', { previousMs: 250_000, changed: false }, 300_000],
    ['end far away: the maximum', { previousMs: 20_000, changed: false, remainingMs: 3_600_000 }, 300_000],
    [
      'end within the grown interval: lands on it',
      { previousMs: 100_000, changed: false, remainingMs: 60_000 },
      60_000,
    ],
    [
      'end a bit beyond the grown interval: just before it',
      { previousMs: 20_000, changed: false, remainingMs: 100_000 },
      90_000,
    ],
    ['past the estimated end: the minimum', { previousMs: 100_000, changed: false, remainingMs: 0 }, 10_000],
  ])('%s', (_name, input, expected) => {
    expect(nextPollDelay({ ...base, ...input })).toBe(expected);
  });

  test('jitter stays within ±10 % and inside [min, max]', () => {
    for (const random of [0, 0.25, 0.999]) {
      const delay = nextPollDelay({ ...base, previousMs: 40_000, changed: false, random });
      expect(delay).toBeGreaterThanOrEqual(54_000);
      expect(delay).toBeLessThanOrEqual(66_000);
    }
    expect(nextPollDelay({ ...base, previousMs: 300_000, changed: false, random: 0.999 })).toBe(300_000);
    expect(nextPollDelay({ ...base, previousMs: undefined, changed: false, random: 0 })).toBe(10_000);
  });
});

describe('progress', () => {
  test.each([
    ['progress step=40 total=200 loss=0.512300', { step: 40, total: 200, loss: 0.5123 }],
    ['progress step=7', { step: 7 }],
    ['2026-01-01T00:00:00Z progress step=3 total=9 extra=x', { step: 3, total: 9 }],
    ['progress step=abc', undefined],
    ['checkpoint step=40 dir=/x', undefined],
  ])('%s', (line, expected) => {
    expect(parseProgressLine(line)).toEqual(expected);
  });

  test('steps/s and the time left need two samples and a total', () => {
    const samples = [
      { step: 10, total: 110, at: 0 },
      { step: 30, total: 110, at: 10_000 },
    ];
    expect(stepsPerSecond(samples)).toBe(2);
    expect(estimateRemainingMs(samples)).toBe(40_000);
    expect(stepsPerSecond(samples.slice(0, 1))).toBeUndefined();
    expect(
      estimateRemainingMs([
        { step: 10, at: 0 },
        { step: 30, at: 10_000 },
      ]),
    ).toBeUndefined();
  });
});

describe('assessOutcome', () => {
  const failed = (extra: Partial<GetJobResponse>): GetJobResponse => ({ JobId: 'dlc1', Status: 'Failed', ...extra });
  test.each<[string, GetJobResponse, number[], string]>([
    ['running', { JobId: 'dlc1', Status: 'Running' }, [], 'waiting'],
    ['succeeded', { JobId: 'dlc1', Status: 'Succeeded' }, [], 'succeeded'],
    [
      'spot reclaimed, no restart left',
      failed({
        ReasonCode: 'JobPreempted',
        ReasonMessage: 'spot instance reclaimed',
        Pods: [{ PodId: 'p', Status: 'Failed', SubStatus: 'Evicted' }],
      }),
      [],
      'resubmit',
    ],
    ['platform failure', failed({ ReasonCode: 'EmulatorStopped' }), [], 'resubmit'],
    [
      'user code exit 1',
      failed({ ReasonCode: 'JobFailed', ReasonMessage: 'Pod p exited with code 1.' }),
      [137],
      'failed',
    ],
    [
      'exit 137 listed',
      failed({ ReasonCode: 'JobFailed', ReasonMessage: 'Pod p exited on signal SIGKILL.' }),
      [137, 143],
      'resubmit',
    ],
    [
      'exit 137 not listed',
      failed({ ReasonCode: 'JobFailed', ReasonMessage: 'Pod p exited with code 137.' }),
      [],
      'failed',
    ],
    ['stopped by user', { JobId: 'dlc1', Status: 'Stopped', ReasonCode: 'JobStoppedByUser' }, [], 'failed'],
  ])('%s → %s', (_name, job, codes, kind) => {
    expect(assessOutcome(job, codes).kind).toBe(kind);
  });

  test.each([
    ['Pod p exited with code 2: boom', 2],
    ['Pod p exited on signal SIGTERM.', 143],
    ['no code here', undefined],
  ])('exitCodeOf(%s)', (message, code) => {
    expect(exitCodeOf(message)).toBe(code);
  });
});

describe('checkpointStallWarning', () => {
  const minute = 60_000;
  const base = { runningSince: 0, checkpointIntervalMs: 10 * minute };
  test.each([
    ['fresh checkpoint', { now: 40 * minute, newestCheckpointAt: 35 * minute }, false],
    ['exactly twice the interval', { now: 40 * minute, newestCheckpointAt: 20 * minute }, false],
    ['older than twice the interval', { now: 45 * minute, newestCheckpointAt: 20 * minute }, true],
    ['none yet, early', { now: 15 * minute, newestCheckpointAt: undefined }, false],
    ['none for too long', { now: 25 * minute, newestCheckpointAt: undefined }, true],
  ])('%s', (_name, input, warns) => {
    const warning = checkpointStallWarning({ ...base, ...input });
    expect(warning !== undefined).toBe(warns);
    if (warning) expect(warning).toMatch(/a preemption now would lose/);
  });
});

test("the metrics output is flat numbers: the model's own names, the run's under train_*", () => {
  expect(
    metricsOutput({ resumes: 1, steps: 80, stepsPerSecond: 2.5, model: { accuracy: 0.93, loss: 0.2, steps: 7 } }),
  ).toEqual({ accuracy: 0.93, loss: 0.2, steps: 7, train_steps: 80, train_steps_per_second: 2.5, train_resumes: 1 });
  expect(metricsOutput({ resumes: 0 })).toEqual({ train_resumes: 0 });
});
