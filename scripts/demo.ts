/**
 * `npm run demo`: the whole pipeline on one machine, no cloud account. Starts the emulator and
 * runs the example workflows through the local workflow runner as a model repository would:
 *
 *   0. release v0.9.0: the first version of the service (no traffic to shift from)
 *   1. pull request: train on PAI-DLC with one spot preemption → resume → gate → PR comment
 *   2. release v1.0.0: deploy blue-green, shift 10/50/100 under live traffic → promoted
 *   3. release v1.1.0: a model that is slow in serving → reverted automatically
 *   4. manual rollback (workflow_dispatch of the root action) → the previous version again
 *   5. cleanup with the clock moved 73 h → expired versions deleted, serving and target kept
 *
 * Prints progress as it goes and a table at the end; leaves step summaries, the PR comment and
 * the full log under demo-output/. Exits non-zero when any stage did not behave as described.
 */
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdminClient, DEMO_BUCKET, Emulator, ROLES } from '../packages/emulator/src/index.js';
import {
  emulatorOidc,
  runWorkflow,
  type RunEvent,
  type WorkflowResult,
} from '../packages/workflow-runner/src/index.js';
import {
  demoModel,
  DEMO_SERVICE,
  finalState,
  objectShas,
  groupWeights,
  putDemoModel,
  runningJobId,
  startTraffic,
  type Traffic,
} from './demo/fixtures.js';

const root = join(import.meta.dirname, '..');
// DEMO_OUTPUT: where the account goes (the test of the examples points it at a temporary directory).
const out = process.env['DEMO_OUTPUT'] ?? join(root, 'demo-output');
const logFile = join(out, 'demo.log');
const started = Date.now();

interface StageReport {
  stage: string;
  workflow: string;
  expected: string;
  observed: string;
  ok: boolean;
  seconds: number;
}
const reports: StageReport[] = [];

const elapsed = () => {
  const s = Math.floor((Date.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const say = (line: string) => {
  console.log(`[${elapsed()}] ${line}`);
  appendFileSync(logFile, `[${elapsed()}] ${line}\n`);
};

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'summaries'), { recursive: true });
writeFileSync(logFile, '');

// Ten emulated seconds per real second: a 60 s bake takes six; 73 h take one admin call.
// The region the example workflows name.
const emulator = await Emulator.start({ speed: 10, region: 'cn-hangzhou' });
const { info } = emulator;
const admin = new AdminClient(info.endpoints['admin']!, info.adminToken);
let traffic: Traffic | undefined;
say(`emulator up: EAS ${info.endpoints['eas']}, gateway ${info.endpoints['gateway']}, DLC ${info.endpoints['dlc']}`);

try {
  await admin.call('POST', '/dlc/config', {
    phaseMs: { Creating: 1000, Queuing: 1000, EnvPreparing: 2000, Restarting: 2000 },
  });

  const repository = 'octo-org/recommender';
  const roleArn = (role: string) => `acs:ram::${info.accountId}:role/${role.toLowerCase()}`;
  // Repository variables, as a user sets them once (see the comments in workflows-examples/).
  const vars: Record<string, string> = {
    PAI_TRAINER_ROLE_ARN: roleArn(ROLES.trainer),
    PAI_DEPLOYER_ROLE_ARN: roleArn(ROLES.deployer),
    PAI_OIDC_PROVIDER_ARN: `acs:ram::${info.accountId}:oidc-provider/github`,
    PAI_OUTPUT_URI: `oss://${DEMO_BUCKET}/models/`,
    PAI_SERVICE_NAME: DEMO_SERVICE,
    PAI_TRAIN_IMAGE: 'pai-emulator/node:20',
    // The emulator's tiny trainer: checkpoints every 10 steps, one step per 40 ms.
    PAI_TRAIN_COMMAND: 'TRAIN_STEPS=120 CHECKPOINT_EVERY=10 STEP_DELAY_MS=40 node "$PAI_EMULATOR_EXAMPLES/train.mjs"',
    PAI_GATE_THRESHOLDS: 'r2 >= 0.9, loss <= 0.5',
    PAI_GATE_MAX_REGRESSION: 'r2: 0.02, loss: 10%',
    PAI_PROCESSOR: 'tensorflow-savedmodel',
    PAI_SMOKE_REQUEST: '{"instances":[[0.5,1.5,-2]]}',
    PAI_BAKE_TIME: '60s',
    PAI_LOAD_RPS: '20',
    PAI_MIN_REQUESTS: '20',
  };
  const stepEnv: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    ALIBABA_CLOUD_REGION_ID: info.region,
    ...Object.fromEntries(
      ['oss', 'eas', 'dlc', 'cms', 'sts'].map((p) => [`ALIBABA_CLOUD_${p.toUpperCase()}_ENDPOINT`, info.endpoints[p]!]),
    ),
  };
  const oidc = emulatorOidc(info.endpoints['admin']!, info.adminToken);

  async function stage(
    name: string,
    workflow: string,
    run: {
      eventName: string;
      event: Record<string, unknown>;
      sha: string;
      ref: string;
      runId: number;
      inputs?: Record<string, string>;
    },
    check: (result: WorkflowResult) => Promise<{ ok: boolean; observed: string }>,
    expected: string,
    onEvent?: (event: RunEvent) => void,
  ): Promise<WorkflowResult> {
    say(`▶ ${name}: ${workflow} on ${run.eventName} (${run.sha.slice(0, 7)})`);
    const t0 = Date.now();
    const runDir = join(out, 'runs', name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
    const result = await runWorkflow({
      workflow: join(root, 'workflows-examples', workflow),
      eventName: run.eventName,
      event: run.event as never,
      workspace: root,
      actionsRoot: root,
      github: {
        sha: run.sha,
        ref: run.ref,
        repository,
        runId: String(run.runId),
        actor: 'octocat',
        apiUrl: info.endpoints['github']!,
        token: `ghs_demo${run.runId}tokenvalue`,
      },
      vars,
      ...(run.inputs ? { inputs: run.inputs } : {}),
      oidc,
      env: stepEnv,
      runDir,
      log: (line) => appendFileSync(logFile, `${line}\n`),
      onEvent: (event) => {
        if (event.type === 'step-started') say(`  ${event.job} › ${event.step}`);
        if (event.type === 'job-finished') say(`  ${event.job}: ${event.result}`);
        onEvent?.(event);
      },
    });
    for (const [job, jobResult] of Object.entries(result.jobs)) {
      if (jobResult.summaryPath && existsSync(jobResult.summaryPath)) {
        cpSync(
          jobResult.summaryPath,
          join(out, 'summaries', `${runDir.split('/').pop()}--${job.replace(/\//g, '-')}.md`),
        );
      }
    }
    const verdict = await check(result);
    const seconds = (Date.now() - t0) / 1000;
    reports.push({ stage: name, workflow, expected, observed: verdict.observed, ok: verdict.ok, seconds });
    say(`${verdict.ok ? '✔' : '✘'} ${name}: ${verdict.observed} (${seconds.toFixed(1)} s)`);
    return result;
  }

  const weights = () => groupWeights(emulator);
  const sha0 = 'c0ffee0000000000000000000000000000000000';
  const sha1 = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
  const sha2 = 'badbad0000000000000000000000000000000002';

  // 0. The service's first version: a model trained before this demo, with its lineage.
  await putDemoModel(emulator, sha0, demoModel('good'), { r2: 0.95, loss: 0.2 });
  await stage(
    'first release',
    'release-rollout.yml',
    {
      eventName: 'release',
      event: { release: { tag_name: 'v0.9.0' } },
      sha: sha0,
      ref: 'refs/tags/v0.9.0',
      runId: 100,
    },
    async (result) => {
      const w = await weights();
      const first = w[`${DEMO_SERVICE}_${sha0.slice(0, 7)}`];
      return {
        ok: result.conclusion === 'success' && first === 100,
        observed: `${result.conclusion}; weights ${JSON.stringify(w)}`,
      };
    },
    'the first version takes all traffic',
  );
  traffic = startTraffic(emulator, 20);

  // 1. A pull request trains sha1; its spot instance is reclaimed once mid-training.
  let preempted = false;
  await stage(
    'pull request training',
    'pr-training.yml',
    {
      eventName: 'pull_request',
      event: { number: 7, pull_request: { number: 7, head: { sha: sha1, ref: 'feature/better-model' } } },
      sha: sha1,
      ref: 'refs/pull/7/merge',
      runId: 200,
    },
    async (result) => {
      const github = await admin.call<{ comments: { issue: number; body: string }[] }>('GET', '/github');
      const comments = github.comments.filter((c) => c.issue === 7);
      if (comments[0]) writeFileSync(join(out, 'pr-comment.md'), comments[0].body);
      const train = Object.values(result.jobs).find((j) => j.id.endsWith('/train'));
      const gate = Object.values(result.jobs).find((j) => j.id.endsWith('/gate'));
      const resumes = train?.steps.find((s) => s.id === 'wait')?.outputs['resumes'];
      const passed = gate?.outputs['passed'];
      return {
        ok:
          result.conclusion === 'success' && preempted && resumes === '1' && passed === 'true' && comments.length === 1,
        observed: `${result.conclusion}; preempted ${preempted}, resumes ${resumes}, gate passed ${passed}, ${comments.length} PR comment(s)`,
      };
    },
    'preempted once, resumed from a checkpoint, gate passed, one PR comment',
    (event) => {
      if (event.type === 'step-started' && /wait/i.test(event.step) && !preempted) {
        void preemptRunningJob(admin, emulator).then((ok) => (preempted = ok));
      }
    },
  );

  // Before cleanup may remove them: the trained model's objects, each tagged with its commit.
  const trainedModelShas = await objectShas(emulator, `oss://${DEMO_BUCKET}/models/${sha1}/model/`);

  // 2. Release sha1: blue-green, 10 → 50 → 100 under live traffic.
  await stage(
    'release',
    'release-rollout.yml',
    {
      eventName: 'release',
      event: { release: { tag_name: 'v1.0.0' } },
      sha: sha1,
      ref: 'refs/tags/v1.0.0',
      runId: 300,
    },
    async (result) => {
      const w = await weights();
      const shift = Object.values(result.jobs).find((j) => j.id.endsWith('/shift'));
      const promoted = shift?.outputs['result'] === 'promoted';
      const ok = result.conclusion === 'success' && promoted && w[`${DEMO_SERVICE}_${sha1.slice(0, 7)}`] === 100;
      return { ok, observed: `${shift?.outputs['result'] ?? 'no shift'}; weights ${JSON.stringify(w)}` };
    },
    'promoted 10 → 50 → 100, new version at 100 %',
  );

  // 3. Release sha2, whose model answers three times slower: the first step breaches P95.
  await putDemoModel(emulator, sha2, demoModel('slow'), { r2: 0.96, loss: 0.19 });
  await stage(
    'bad release',
    'release-rollout.yml',
    {
      eventName: 'release',
      event: { release: { tag_name: 'v1.1.0' } },
      sha: sha2,
      ref: 'refs/tags/v1.1.0',
      runId: 400,
    },
    async (result) => {
      const w = await weights();
      const shift = Object.values(result.jobs).find((j) => j.id.endsWith('/shift'));
      const reverted = shift?.outputs['result'] === 'reverted';
      const ok =
        result.conclusion === 'failure' &&
        reverted &&
        w[`${DEMO_SERVICE}_${sha1.slice(0, 7)}`] === 100 &&
        (w[`${DEMO_SERVICE}_${sha2.slice(0, 7)}`] ?? 0) === 0;
      return {
        ok,
        observed: `run ${result.conclusion}, shift ${shift?.outputs['result'] ?? '?'}; weights ${JSON.stringify(w)}`,
      };
    },
    'reverted at the first step, old version back at 100 %, run failed',
  );

  // 4. Someone decides v1.0.0 was a mistake after all: one manual rollback.
  await stage(
    'manual rollback',
    'manual-rollback.yml',
    {
      eventName: 'workflow_dispatch',
      event: { inputs: {} },
      sha: sha1,
      ref: 'refs/heads/main',
      runId: 500,
      inputs: {},
    },
    async (result) => {
      const w = await weights();
      const ok = result.conclusion === 'success' && w[`${DEMO_SERVICE}_${sha0.slice(0, 7)}`] === 100;
      return { ok, observed: `${result.conclusion}; weights ${JSON.stringify(w)}` };
    },
    'all traffic back on the previous version in one call',
  );
  await traffic.stop();
  traffic = undefined;

  // 5. Three days later.
  await admin.advanceClock(73 * 3_600_000);
  say('clock moved 73 h');
  await stage(
    'cleanup',
    'scheduled-cleanup.yml',
    { eventName: 'schedule', event: { schedule: '17 3 * * *' }, sha: sha1, ref: 'refs/heads/main', runId: 600 },
    async (result) => {
      const w = await weights();
      const job = Object.values(result.jobs).find((j) => j.id.endsWith('/cleanup'));
      const deleted = JSON.parse(job?.outputs['deleted'] || '[]') as { service: string }[];
      const serving = `${DEMO_SERVICE}_${sha0.slice(0, 7)}`;
      const ok =
        result.conclusion === 'success' &&
        deleted.length > 0 &&
        w[serving] === 100 &&
        !deleted.some((d) => d.service === serving);
      return {
        ok,
        observed: `${result.conclusion}; deleted ${deleted.map((d) => d.service).join(', ') || 'nothing'}; weights ${JSON.stringify(w)}`,
      };
    },
    'expired versions deleted; the serving version and the rollback target kept',
  );
  // Nothing secret the emulator issued (keys, STS tokens, ID tokens, EAS tokens) may be in what the
  // runs left: logs, summaries, step files, the PR comment and the GitHub deployments.
  const leaks = findSecrets(out, await admin.issuedSecrets(), JSON.stringify(await admin.call('GET', '/github')));
  reports.push({
    stage: 'secret scan',
    workflow: '-',
    expected: 'no issued secret in any log, summary, step file or GitHub record',
    observed: leaks.length === 0 ? 'clean' : leaks.join('; '),
    ok: leaks.length === 0,
    seconds: 0,
  });
  say(`${leaks.length === 0 ? '✔' : '✘'} secret scan: ${leaks.length === 0 ? 'clean' : leaks.join('; ')}`);

  // What the test of the examples asserts on: the cloud and GitHub as the workflows left them.
  const final = { ...(await finalState(emulator, admin, sha1)), trainedModelShas };
  writeFileSync(join(out, 'final-state.json'), `${JSON.stringify(final, null, 2)}\n`);
} catch (error) {
  say(`demo aborted: ${(error as Error).stack ?? String(error)}`);
  reports.push({
    stage: 'demo',
    workflow: '-',
    expected: 'no crash',
    observed: (error as Error).message,
    ok: false,
    seconds: 0,
  });
} finally {
  await traffic?.stop();
  await emulator.stop();
}

const table = [
  '| stage | workflow | expected | observed | |',
  '|---|---|---|---|---|',
  ...reports.map(
    (r) => `| ${r.stage} | ${r.workflow} | ${r.expected} | ${r.observed.replace(/\|/g, '\\|')} | ${r.ok ? '✔' : '✘'} |`,
  ),
].join('\n');
writeFileSync(join(out, 'README.md'), `# pai-actions demo\n\n${table}\n`);
console.log('');
for (const r of reports) console.log(`${r.ok ? '✔' : '✘'} ${r.stage.padEnd(22)} ${r.observed}`);
console.log(`\n${elapsed()} in all; summaries, PR comment and log in ${out.replace(`${root}/`, '')}/`);
const failed = reports.filter((r) => !r.ok).length;
if (failed > 0 || reports.length === 0) {
  console.error(`${failed} stage(s) did not behave as described`);
  process.exit(1);
}
/** Names the files under `dir` (and the GitHub record) that hold any of the secrets. */
function findSecrets(dir: string, secrets: string[], githubRecord: string): string[] {
  const wanted = secrets.filter((secret) => secret.length >= 8);
  const hits: string[] = [];
  const scan = (name: string, text: string) => {
    if (wanted.some((secret) => text.includes(secret))) hits.push(name);
  };
  for (const file of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (file.isFile()) {
      const path = join(file.parentPath, file.name);
      scan(path.slice(dir.length + 1), readFileSync(path, 'utf8'));
    }
  }
  scan('GitHub comments and deployments', githubRecord);
  return hits;
}

/** Schedules a spot preemption of the job that is running now, 40 steps in. */
async function preemptRunningJob(adminClient: AdminClient, emu: Emulator): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const jobId = await runningJobId(emu);
    if (jobId) {
      await adminClient.call('POST', `/dlc/jobs/${jobId}/preempt`, { afterSteps: 40 });
      say(`  (injected: the spot instance of ${jobId} will be reclaimed at step 40)`);
      return true;
    }
    await sleep(200);
  }
  return false;
}
