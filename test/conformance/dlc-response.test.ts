/**
 * What the emulated DLC answers, checked against the field names of the generated SDK's response
 * models (aliyun/alibabacloud-typescript-sdk, pai-dlc-20201203/src/models: GetJobResponseBody.ts,
 * JobItem.ts, PodItem.ts, JobReplicaStatus.ts; docs/dlc-fields.md). The SDK is the authority:
 * a field it does not model is one the client could never read, so the emulator must not send it.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Emulator } from '../../packages/emulator/src/index.js';
import type { DlcClient } from '../../packages/core/src/clients/dlc.js';
import { jobRequest, startDlc, waitForStatus } from '../../packages/emulator/test/dlc-support.js';

/** Response field names per SDK model (names() maps), restricted to what the emulator may send. */
const SDK = {
  JobReplicaStatus: [
    'Active',
    'Dequeued',
    'EstimatedAutoScalingSpec',
    'EstimatedPodCount',
    'EstimatedResourceConfig',
    'Queuing',
    'Type',
  ],
  GetJobResponseBodyPods: [
    'Duration',
    'GmtCreateTime',
    'GmtFinishTime',
    'GmtStartTime',
    'HistoryPods',
    'Ip',
    'NodeName',
    'PodId',
    'PodIps',
    'PodUid',
    'ResourceType',
    'Status',
    'SubStatus',
    'Type',
  ],
  PodItem: [
    'GmtCreateTime',
    'GmtFinishTime',
    'GmtStartTime',
    'HistoryPods',
    'Ip',
    'NodeName',
    'PodId',
    'PodIps',
    'PodUid',
    'Status',
    'SubStatus',
    'Type',
  ],
  GetJobResponseBodyUserVpc: ['DefaultRoute', 'ExtendedCidrs', 'SecurityGroupId', 'SwitchId', 'VpcId'],
};

let emulator: Emulator;
let dlc: DlcClient;
let jobId: string;

beforeAll(async () => {
  const world = await startDlc();
  emulator = world.emulator;
  dlc = world.dlc;
  jobId = (
    await dlc.createJob(
      jobRequest(
        'response-shape',
        'true',
        { PAI_EMULATOR_SIMULATE: 'true', PAI_EMULATOR_STEPS_PER_SECOND: '50', PAI_EMULATOR_TOTAL_STEPS: '10' },
        {
          JobMaxRunningTimeMinutes: 30,
          CustomEnvs: [{ Key: 'SHOWN', Value: 'yes', Visible: 'true' }],
          UserVpc: { VpcId: 'vpc-1', SwitchId: 'vsw-1', SecurityGroupId: 'sg-1', ExtendedCIDRs: ['10.0.0.0/16'] },
        },
      ),
    )
  ).JobId;
  await waitForStatus(dlc, jobId, ['Succeeded'], 15_000);
});

afterAll(async () => {
  await emulator?.stop();
});

const keysOf = (value: unknown) => Object.keys(value as object);

test('GetJob: JobReplicaStatuses count Active/Queuing/Dequeued pods, pods and UserVpc use the SDK names, no JobMaxRunningTimeMinutes', async () => {
  const job = (await dlc.getJob(jobId)) as unknown as Record<string, unknown>;
  expect(job).not.toHaveProperty('JobMaxRunningTimeMinutes');
  const replicas = job['JobReplicaStatuses'] as Record<string, unknown>[];
  expect(replicas).toEqual([{ Type: 'Worker', Active: 0, Queuing: 0, Dequeued: 1 }]);
  for (const replica of replicas) expect(SDK.JobReplicaStatus).toEqual(expect.arrayContaining(keysOf(replica)));
  for (const pod of job['Pods'] as Record<string, unknown>[]) {
    expect(SDK.GetJobResponseBodyPods).toEqual(expect.arrayContaining(keysOf(pod)));
  }
  expect(job['UserVpc']).toEqual({
    VpcId: 'vpc-1',
    SwitchId: 'vsw-1',
    SecurityGroupId: 'sg-1',
    ExtendedCidrs: ['10.0.0.0/16'],
  });
});

test('ListJobs items carry JobMaxRunningTimeMinutes; their pods have no ResourceType or Duration', async () => {
  const { Jobs } = await dlc.listJobs({ JobId: jobId });
  const item = Jobs![0]! as unknown as Record<string, unknown>;
  expect(item['JobMaxRunningTimeMinutes']).toBe(30);
  for (const pod of item['Pods'] as Record<string, unknown>[]) {
    expect(SDK.PodItem).toEqual(expect.arrayContaining(keysOf(pod)));
    expect(pod).not.toHaveProperty('ResourceType');
    expect(pod).not.toHaveProperty('Duration');
  }
});

test('CustomEnvs.Visible is a string: a boolean is refused', async () => {
  const request = jobRequest('visible-bool', 'true', { PAI_EMULATOR_SIMULATE: 'true' });
  const bad = { ...request, CustomEnvs: [{ Key: 'A', Value: '1', Visible: true }] } as unknown as typeof request;
  await expect(dlc.createJob(bad)).rejects.toMatchObject({ code: 'InvalidParameter' });
});
