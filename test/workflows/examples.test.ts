/**
 * The example workflows, end to end, as a user's repository runs them: `npm run demo` drives
 * them through the local workflow runner against the emulator (a pull request with one spot
 * preemption, a release promoted 10/50/100, a bad release reverted, a manual rollback, cleanup
 * after 73 h, then a scan for secrets). This asserts the state they leave, not only the demo verdict.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
let out: string;
let state: {
  weights: Record<string, number>;
  lineage: {
    sha: string;
    jobs: { jobId: string; reason: string; resumeFrom?: string }[];
    gate?: { passed: boolean };
    metrics?: Record<string, number>;
    services: { serviceName: string }[];
  };
  statuses: Record<string, string>;
  trainedModelShas: Record<string, string>;
  github: {
    comments: { issue: number; body: string }[];
    deployments: { ref: string; statuses: { state: string }[] }[];
  };
};
let demoStdout = '';

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'pai-demo-'));
  const result = await run(
    process.execPath,
    [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/demo.ts'],
    {
      cwd: root,
      env: { ...process.env, DEMO_OUTPUT: out },
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`npm run demo failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });
  demoStdout = result.stdout;
  state = JSON.parse(readFileSync(join(out, 'final-state.json'), 'utf8')) as typeof state;
}, 320_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

test('every stage behaved as described', () => {
  expect(demoStdout).not.toContain('✘');
  expect(demoStdout.match(/✔/g)?.length).toBeGreaterThanOrEqual(7);
  // The demo's last stage scans every log, summary, step file and GitHub record for issued secrets.
  expect(demoStdout).toMatch(/✔ secret scan +clean/);
});

test('traffic ends on the version the rollback chose; the reverted bad version has none', () => {
  expect(state.weights).toMatchObject({ demo_c0ffee0: 100, demo_badbad0: 0 });
  // Cleanup after 73 h deleted the expired version, kept the serving one and the newest previous.
  expect(state.statuses).toMatchObject({ demo_c0ffee0: 'Running', demo_badbad0: 'Running' });
  expect(state.statuses['demo_a1b2c3d'] ?? 'gone').toMatch(/^(Deleting|gone)$/);
});

test('the trained model carries its commit: lineage with the job chain of the resume, gate verdict, services', () => {
  expect(state.lineage.sha).toBe('a1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
  expect(state.lineage.jobs.map((job) => job.reason)).toEqual(['initial', 'preempted']);
  expect(state.lineage.jobs[1]!.resumeFrom).toMatch(/step-\d+/);
  expect(state.lineage.gate?.passed).toBe(true);
  expect(state.lineage.metrics).toHaveProperty('r2');
  expect(state.lineage.services.map((s) => s.serviceName)).toContain('demo_a1b2c3d');
  const tags = Object.entries(state.trainedModelShas);
  expect(tags.map(([key]) => key)).toEqual(expect.arrayContaining([expect.stringMatching(/model\/model\.json$/)]));
  expect(new Set(tags.map(([, sha]) => sha))).toEqual(new Set(['a1b2c3d4e5f60718293a4b5c6d7e8f9012345678']));
});

test('GitHub got one PR comment with the verdict table, and a deployment per release with its outcome', () => {
  const comments = state.github.comments.filter((c) => c.issue === 7);
  expect(comments).toHaveLength(1);
  expect(comments[0]!.body).toContain('<!-- pai-actions:evaluate-gate:');
  expect(comments[0]!.body).toMatch(/Evaluation gate passed/);
  expect(comments[0]!.body).toMatch(/\| r2 \|/);
  const outcomes = Object.fromEntries(
    state.github.deployments.map((d) => [d.ref.slice(0, 7), d.statuses.map((s) => s.state)]),
  );
  expect(outcomes).toEqual({
    c0ffee0: ['in_progress', 'success'],
    a1b2c3d: ['in_progress', 'success'],
    badbad0: ['in_progress', 'failure'],
  });
});
