/**
 * cleanupVersions against the emulator with the real EAS client: what happens between the plan
 * and the deletes (a shift starting, a delete failing).
 */
import { EasClient, type ListServicesRequest, type Service } from '../../src/clients/eas.js';
import type { ListAllOptions } from '../../src/paging.js';
import { cleanupVersions, type CleanupOptions } from '../../src/serving/cleanup.js';
import { AdminClient, Emulator } from '../../../emulator/src/index.js';
import { emulatorClientOptions } from '../../../emulator/test/support/client-options.js';

const HOUR = 3_600_000;

let emulator: Emulator;
let admin: AdminClient;
let eas: EasClient;

const options = (group: string): CleanupOptions => ({
  selection: { group },
  retentionMs: 72 * HOUR,
  keepNewest: 0,
  dryRun: false,
  deleteArtifacts: false,
});

function reporter() {
  const lines: string[] = [];
  const masked: string[] = [];
  return {
    lines,
    masked,
    info: (m: string) => lines.push(m),
    warning: (m: string) => lines.push(`warning: ${m}`),
    mask: (s: string) => masked.push(s),
  };
}

/** Retired versions of `group`, out of traffic for 100 h. */
async function retiredGroup(group: string, names: string[]): Promise<void> {
  const now = (await admin.clock()).nowMs;
  for (const name of names) {
    await eas.createService({
      Body: { name, model_path: 'oss://pai-demo/none/', metadata: { instance: 1, group } },
      Labels: { 'managed-by': 'pai-actions', 'traffic-ended-at': new Date(now - 100 * HOUR).toISOString() },
    });
    await eas.releaseService(name, { Weight: 0 });
  }
}

/** The EAS client, with something else happening right after its first listing of services. */
class InterleavingEas extends EasClient {
  private listings = 0;
  constructor(private readonly afterFirstListing: () => Promise<void>) {
    super(emulatorClientOptions(emulator, 'eas'));
  }
  override async listAllServices(request?: ListServicesRequest, options?: ListAllOptions): Promise<Service[]> {
    const services = await super.listAllServices(request, options);
    if (++this.listings === 1) await this.afterFirstListing();
    return services;
  }
}

const clock = { now: () => Date.now() };

beforeAll(async () => {
  emulator = await Emulator.start();
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  eas = new EasClient(emulatorClientOptions(emulator, 'eas'));
  // The server's clock, as the action's ServerClock would learn it.
  const offset = (await admin.clock()).nowMs - Date.now();
  clock.now = () => Date.now() + offset;
});
afterAll(() => emulator?.stop());

test('a version that takes traffic between the plan and the deletes is kept', async () => {
  await retiredGroup('shifting', ['shifting_a', 'shifting_b', 'shifting_c']);
  const shifted = new InterleavingEas(async () => {
    await eas.releaseService('shifting_b', { Weight: 10 });
  });
  const log = reporter();
  const result = await cleanupVersions({ eas: shifted }, clock, options('shifting'), log);
  expect(result.deleted.map((d) => d.service).sort()).toEqual(['shifting_a', 'shifting_c']);
  expect(result.kept).toEqual([
    expect.objectContaining({ service: 'shifting_b', reason: 'carries traffic (weight 10)' }),
  ]);
  expect(log.lines).toContainEqual('shifting_b: kept after all, carries traffic (weight 10)');
  expect((await eas.describeService('shifting_b')).Status).not.toBe('Deleting');
  // Every service token read was handed to the mask.
  expect(log.masked).toContain((await eas.describeService('shifting_b')).AccessToken);
});

test('a failed delete does not stop the others; it is reported, not counted as deleted', async () => {
  await retiredGroup('failing', ['failing_a', 'failing_b', 'failing_c', 'failing_d']);
  await admin.injectFault({
    product: 'eas',
    action: 'DeleteService',
    kind: 'error',
    status: 400,
    code: 'InvalidService.Status',
    count: 1,
  });
  const log = reporter();
  const result = await cleanupVersions({ eas }, clock, { ...options('failing'), concurrency: 2 }, log);
  expect(result.failed).toEqual([
    expect.objectContaining({ group: 'failing', error: expect.stringContaining('InvalidService.Status') }),
  ]);
  const failedOne = result.failed[0]!.service;
  expect(result.deleted.map((d) => d.service).sort()).toEqual(
    ['failing_a', 'failing_b', 'failing_c', 'failing_d'].filter((s) => s !== failedOne),
  );
  expect((await eas.describeService(failedOne)).Status).not.toBe('Deleting');
  expect(log.lines).toContainEqual(expect.stringMatching(new RegExp(`^warning: could not delete ${failedOne}`)));
});

test('a version another cleanup deleted between our re-check and our delete counts as deleted, not failed', async () => {
  await retiredGroup('racing', ['racing_a', 'racing_b']);
  await admin.call('PUT', '/eas/timings', { deleteMs: 0 });
  // The other run's delete lands after our re-check listed racing_a and before ours reaches EAS.
  let listings = 0;
  const racing = new (class extends EasClient {
    override async listAllServices(request?: ListServicesRequest, options?: ListAllOptions): Promise<Service[]> {
      const services = await super.listAllServices(request, options);
      if (++listings === 2) await eas.deleteService('racing_a');
      return services;
    }
  })(emulatorClientOptions(emulator, 'eas'));
  const log = reporter();
  try {
    const result = await cleanupVersions({ eas: racing }, clock, options('racing'), log);
    expect(result.failed).toEqual([]);
    expect(result.deleted.map((d) => d.service).sort()).toEqual(['racing_a', 'racing_b']);
    expect(log.lines).toContainEqual(expect.stringMatching(/^racing_a was already gone/));
    expect(await admin.requests({ product: 'eas', action: 'DeleteService' })).toContainEqual(
      expect.objectContaining({ path: expect.stringMatching(/racing_a$/), status: 404 }),
    );
  } finally {
    await admin.call('PUT', '/eas/timings', { deleteMs: 5_000 });
  }
});
