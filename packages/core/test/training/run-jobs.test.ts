/** Which job of a run a submitting step keeps: a table of listings. */
import type { JobItem } from '../../src/clients/dlc-types.js';
import { activeRunJob, jobToKeep, runJobTags } from '../../src/training/run-jobs.js';

const run = { sha: 'abcdef0123456789abcdef0123456789abcdef01', runId: '99' };
const tags = { 'git-sha': run.sha, 'github-run-id': run.runId };

const job = (JobId: string, Status: string, GmtCreateTime: string, extra: Partial<JobItem> = {}): JobItem => ({
  JobId,
  Status,
  GmtCreateTime,
  Settings: { Tags: tags },
  ...extra,
});

test('the run tags are the commit and the run id', () => {
  expect(runJobTags(run)).toEqual(tags);
});

test.each<[string, JobItem[], string | undefined]>([
  ['no jobs', [], undefined],
  [
    'only ended jobs: a re-run submits anew',
    [
      job('a', 'Failed', '2026-01-01T00:00:00Z'),
      job('b', 'Stopped', '2026-01-01T00:00:01Z'),
      job('c', 'Succeeded', '2026-01-01T00:00:02Z'),
    ],
    undefined,
  ],
  [
    'a job still training from an earlier attempt',
    [job('a', 'Failed', '2026-01-01T00:00:00Z'), job('b', 'Running', '2026-01-01T00:01:00Z')],
    'b',
  ],
  [
    'two racing creates: the older one',
    [job('late', 'Creating', '2026-01-01T00:00:02Z'), job('early', 'Queuing', '2026-01-01T00:00:01Z')],
    'early',
  ],
  [
    'created in the same second: the smaller id, whoever lists',
    [job('dlcb', 'Creating', '2026-01-01T00:00:01Z'), job('dlca', 'Creating', '2026-01-01T00:00:01Z')],
    'dlca',
  ],
  ['an unknown status counts as training', [job('a', 'SomethingNew', '2026-01-01T00:00:00Z')], 'a'],
  [
    'another run of the same commit is not ours',
    [job('a', 'Running', '2026-01-01T00:00:00Z', { Settings: { Tags: { ...tags, 'github-run-id': '100' } } })],
    undefined,
  ],
  [
    'another commit is not ours',
    [job('a', 'Running', '2026-01-01T00:00:00Z', { Settings: { Tags: { ...tags, 'git-sha': 'f'.repeat(40) } } })],
    undefined,
  ],
  ['a job without tags is not ours', [job('a', 'Running', '2026-01-01T00:00:00Z', { Settings: {} })], undefined],
])('%s', (_case, jobs, expected) => {
  expect(activeRunJob(jobs, run)?.JobId).toBe(expected);
  expect(activeRunJob([...jobs].reverse(), run)?.JobId).toBe(expected);
});

test('jobToKeep passes over the job a racing step stopped, and keeps none when all ended', () => {
  const kept = job('dlcz', 'Running', '2026-01-01T00:00:05Z');
  expect(jobToKeep([job('dlca', 'Stopped', '2026-01-01T00:00:01Z'), kept])).toBe(kept);
  expect(jobToKeep([job('dlca', 'Stopped', '2026-01-01T00:00:01Z')])).toBeUndefined();
});
