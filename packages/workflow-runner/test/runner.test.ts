import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnsupportedError, WorkflowError } from '../src/index.js';
import { newTempDir, removeTempDirs, run, start, step } from './support.js';

afterAll(removeTempDirs);

describe('jobs', () => {
  test('run in needs order and read needed jobs’ outputs; if: skips a job and what needs it', async () => {
    const events: string[] = [];
    const result = await run('workflows/needs.yml', {
      onEvent: (event) => {
        if (event.type === 'job-started' || event.type === 'job-finished') events.push(`${event.type}:${event.job}`);
      },
    });
    expect(result.conclusion).toBe('success');
    expect(result.jobs['last']!.outputs['order']).toBe('first,second,last');
    expect(events.indexOf('job-finished:first')).toBeLessThan(events.indexOf('job-started:second'));
    expect(events.indexOf('job-finished:second')).toBeLessThan(events.indexOf('job-started:last'));
    expect(result.jobs['only-on-tags']!.result).toBe('skipped');
    expect(result.jobs['after-skipped']!.result).toBe('skipped');
    expect(result.jobs['always-after-skipped']!.result).toBe('success');
    expect(result.log).toContain(
      '[always-after-skipped] [Run echo "ran after ${{ needs.only-on-tags.result }}"] ran after skipped',
    );
  });

  test('the same workflow on a tag runs the tag-only job', async () => {
    const result = await run('workflows/needs.yml', { github: { ref: 'refs/tags/v1.2.0' } });
    expect(result.jobs['only-on-tags']!.result).toBe('success');
    expect(result.jobs['after-skipped']!.result).toBe('success');
    expect(result.jobs['always-after-skipped']!.result).toBe('skipped');
  });
});

describe('steps', () => {
  test('a failing step fails the job, skips default steps, runs if: failure() and always(); continue-on-error does not fail it', async () => {
    const result = await run('workflows/failure.yml');
    expect(result.conclusion).toBe('failure');
    expect(result.jobs['broken']!.result).toBe('failure');
    expect(step(result, 'broken', 'allowed')).toMatchObject({ outcome: 'failure', conclusion: 'success' });
    expect(step(result, 'broken', 'fails')).toMatchObject({ outcome: 'failure', conclusion: 'failure' });
    expect(step(result, 'broken', 'skipped').outcome).toBe('skipped');
    expect(step(result, 'broken', 'on-failure').outcome).toBe('success');
    expect(step(result, 'broken', 'always').outcome).toBe('success');
    expect(step(result, 'broken', 'on-success').outcome).toBe('skipped');
    expect(result.log.join('\n')).toContain('outcome=failure allowed=failure/success');
    expect(result.log.join('\n')).toContain('job status failure');
    expect(result.log.join('\n')).not.toContain('must not run');
    expect(result.jobs['downstream']!.result).toBe('skipped');
    expect(result.jobs['report']!.result).toBe('success');
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', job: 'broken', message: 'Process completed with exit code 1.' }),
    );
  });

  test('env at workflow, job and step level; GITHUB_ENV, GITHUB_PATH and heredoc GITHUB_OUTPUT reach later steps', async () => {
    const result = await run('workflows/env-files.yml', { env: { PATH: process.env['PATH']!, HOME: '/home/fixture' } });
    expect(result.conclusion).toBe('success');
    const job = result.jobs['env']!;
    expect(job.outputs['level']).toBe('step/octo-org/models-job');
    expect(job.outputs['story']).toBe(
      ['exported=from step one', 'multi=line one\nline two', 'level=job', 'context=from step one'].join('\n'),
    );
    expect(readFileSync(job.summaryPath!, 'utf8')).toContain('### step summary');
  });

  test('a step that outlives timeout-minutes is stopped and fails', async () => {
    const result = await run('workflows/timeout.yml');
    expect(step(result, 'slow', 'sleepy').outcome).toBe('failure');
    expect(result.log.join('\n')).toContain('outcome failure');
    expect(result.annotations.map((a) => a.message)).toContain('The step has timed out (timeout-minutes).');
  });
});

describe('actions', () => {
  test('a node action gets INPUT_* (hyphens kept, defaults from action.yml), writes outputs, env, summary; its post step gets its state; a composite action maps its outputs', async () => {
    const result = await run('workflows/actions.yml');
    expect(result.conclusion).toBe('success');
    const job = result.jobs['use']!;
    expect(JSON.parse(job.outputs['recorded']!)).toEqual({
      'model-uri': 'oss://bucket/models/abc123',
      greeting: 'hello octo-org/models',
      'my input': 'spaced',
      raw: 'oss://bucket/models/abc123',
    });
    expect(job.outputs['lines']).toBe('first\nsecond');
    expect(job.outputs['env-after']).toBe('exported');
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        message: 'recorded oss://bucket/models/abc123',
        properties: { title: 'recorder' },
      }),
    );
    // Post steps run at job end, last registered first: the composite's nested recorder, then the first.
    const posts = job.steps.filter((s) => s.post);
    expect(posts.map((s) => [s.name, s.outcome])).toEqual([
      ['Post Run octo-org/pai-actions/actions/greet@v1 / Run ./actions/recorder', 'success'],
      ['Post Run ./actions/recorder', 'success'],
    ]);
    const postLines = result.log.filter((line) => line.includes('post saw state'));
    expect(postLines).toEqual([
      '[use] [Post Run octo-org/pai-actions/actions/greet@v1 / Run ./actions/recorder] post saw state oss://composite/world and input oss://composite/world',
      '[use] [Post Run ./actions/recorder] post saw state oss://bucket/models/abc123 and input oss://bucket/models/abc123',
    ]);
    const summary = readFileSync(job.summaryPath!, 'utf8');
    expect(summary).toContain('<h2>recorder</h2>');
    expect(summary).toContain('post ran');

    // The composite action ran its steps with its inputs and GITHUB_ACTION_PATH, and mapped its outputs.
    expect(job.outputs['composite']).toBe('hi world from greet');
    expect(JSON.parse(job.outputs['nested']!)['model-uri']).toBe('oss://composite/world');
  });
});

describe('reusable workflows', () => {
  test('a caller passes inputs (typed, defaulted) and secrets, and reads the called workflow’s outputs', async () => {
    const result = await run('workflows/caller.yml', {
      eventName: 'pull_request',
      event: { pull_request: { number: 42, head: { ref: 'feature' }, base: { ref: 'main' } } },
      secrets: { API_KEY: 'key-0123456789' },
    });
    expect(result.conclusion).toBe('success');
    expect(Object.keys(result.jobs).sort()).toEqual(
      [
        'prepare',
        'report',
        'train',
        'train/build',
        'train/check',
        'train-remote',
        'train-remote/build',
        'train-remote/check',
      ].sort(),
    );
    const model = JSON.parse(result.jobs['train']!.outputs['model']!) as Record<string, string>;
    expect(model['model-uri']).toBe('oss://bucket/pr-42/epochs-5');
    expect(result.jobs['report']!.outputs['models']).toBe(`${result.jobs['train']!.outputs['model']}|checked`);
    expect(result.log.join('\n')).toContain(
      '[train/build] [Run test -n "$KEY" && echo "key length ${#KEY}"] key length 14',
    );
    // secrets: inherit passed API_KEY; the remote call used the defaults and dry-run.
    expect(result.log.join('\n')).toContain('[train-remote/build] [Run echo "dry run"] dry run');
    expect(step(result, 'train/build', 'Run echo "dry run"').outcome).toBe('skipped');
    expect(result.log.join('\n')).toContain('checking');
    expect(result.log.join('\n')).toContain('for pull_request');
    expect(result.jobs['train/build']!.permissions).toMatchObject({
      '*': 'none',
      contents: 'read',
      'id-token': 'none',
    });
  });

  test('a missing required secret is refused, naming it', async () => {
    await expect(
      run('workflows/caller.yml', { eventName: 'pull_request', event: { pull_request: { number: 1 } } }),
    ).rejects.toThrow('required secret "API_KEY" was not passed');
  });
});

describe('cancellation', () => {
  test('cancelling stops the running step with SIGINT and still runs its post step, which reverts', async () => {
    const marker = join(newTempDir(), 'reverted');
    const running = start('workflows/cancel.yml', {
      eventName: 'workflow_dispatch',
      inputs: { marker },
      onEvent: (event) => {
        if (event.type === 'output' && event.line === 'shifting') running.cancel();
      },
    });
    const result = await running.result;
    expect(result.conclusion).toBe('cancelled');
    const job = result.jobs['shift']!;
    expect(job.result).toBe('cancelled');
    expect(job.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['Run ./actions/slow', 'cancelled'],
      ['Run echo "must not run after cancel"', 'skipped'],
      ['Run echo "cancelled step ran"', 'success'],
      ['Post Run ./actions/slow', 'success'],
    ]);
    expect(readFileSync(marker, 'utf8')).toBe('reverted to weights=100/0');
  });
});

describe('masking and workflow commands', () => {
  test('secrets and ::add-mask:: values never reach the log, annotations, summaries or job outputs', async () => {
    const secret = 'sk-live-fixture-9f8e7d';
    const result = await run('workflows/mask.yml', { secrets: { API_KEY: secret } });
    expect(result.conclusion).toBe('success');
    const everything = [
      ...result.log,
      JSON.stringify(result.annotations),
      JSON.stringify(result.jobs),
      readFileSync(result.jobs['secrets']!.summaryPath!, 'utf8'),
    ].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/generated-\d+-value/);
    expect(result.log).toContain('[secrets] [Run echo "the key is $API_KEY"] the key is ***');
    expect(result.log).toContain('[secrets] [Run echo "the key is $API_KEY"] the generated value is ***');
    expect(result.jobs['secrets']!.outputs).toEqual({ leaked: '', plain: 'visible' });
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: 'key *** in an annotation',
        properties: { title: 'careful' },
      }),
    );
    expect(result.log).toContain('[secrets] [Run echo "the key is $API_KEY"] > details');
    expect(result.log.join('\n')).not.toContain('::group::');
  });
});

describe('what the runner refuses', () => {
  test.each([
    ['matrix.yml', UnsupportedError, 'jobs.build.strategy is not supported by the local runner'],
    ['docker.yml', UnsupportedError, 'docker actions are not supported'],
    ['hashfiles.yml', UnsupportedError, 'hashFiles() is not supported'],
    ['checkout.yml', UnsupportedError, 'uses: actions/checkout@v4 is not available to the local runner'],
    ['pwsh.yml', UnsupportedError, 'shell "pwsh" is not supported'],
    ['typo.yml', WorkflowError, "Unexpected value 'need'"],
  ])('%s fails before any step runs, naming the construct', async (file, type, message) => {
    const marker = join(newTempDir(), 'ran');
    const running = run(`workflows/unsupported/${file}`, { env: { PATH: process.env['PATH']!, MARKER: marker } });
    await expect(running).rejects.toThrow(type);
    await expect(running).rejects.toThrow(message);
    expect(existsSync(marker)).toBe(false);
  });

  test('an event the workflow does not listen to, and inputs it does not declare, are refused', async () => {
    await expect(run('workflows/needs.yml', { eventName: 'pull_request' })).rejects.toThrow(
      'is not triggered by "pull_request" (on: push)',
    );
    await expect(
      run('workflows/cancel.yml', { eventName: 'workflow_dispatch', inputs: { marker: 'x', extra: 'y' } }),
    ).rejects.toThrow('input(s) extra not declared by the called workflow');
  });
});
