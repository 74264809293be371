/**
 * Fault matrix row of eas-traffic-shift: the committed bundle as a process against the emulator
 * (clock at 60×, 1 min bakes, the action's own synthetic load), one fault per cell. Whatever the
 * fault, the shift either promotes cleanly or ends with all traffic on the old version, the new
 * one never taking traffic again once the shift decided to revert, and the lock released.
 */
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRun } from '../actions/support/run-action.js';
import { cell, faultMatrix, notApplicable } from './support/matrix.js';
import {
  applied,
  deployGroup,
  expectLockReleased,
  expectNoLeaks,
  expectOrderlyWeights,
  expectPromoted,
  expectReverted,
  FAILING,
  faulted,
  GOOD,
  lastSeq,
  restartEmulator,
  runShift,
  startShiftWorld,
  stepApplied,
  weightCalls,
  weightsOf,
  when,
  type ShiftWorld,
} from './support/shift.js';

let w: ShiftWorld;
beforeAll(async () => {
  w = await startShiftWorld();
});
afterEach(async () => {
  await w.admin.clearFaults();
});
afterAll(async () => {
  await w?.emulator.stop();
});

const REVERTED = (group: string) => new RegExp(`^Traffic shift reverted to ${group}_0000000: step 1/2 \\(50 %\\): `);
const FORWARD = [
  { service: 'old', weight: 50 },
  { service: 'new', weight: 50 },
  { service: 'old', weight: 0 },
  { service: 'new', weight: 100 },
];
const BACK = [
  { service: 'new', weight: 0 },
  { service: 'old', weight: 100 },
];
const shape = (calls: { service: string; weight: number }[]) =>
  calls.map(({ service, weight }) => ({ service, weight }));

faultMatrix('eas-traffic-shift', {
  throttling: cell(
    'weight updates, label writes and CloudMonitor reads throttled: retried, promoted, weights never over 100',
    async () => {
      const group = await deployGroup(w, 'mx_throttle', GOOD);
      const since = await lastSeq(w.admin);
      await w.admin.injectFault({ product: 'eas', action: 'ReleaseService', kind: 'throttle', count: 3 });
      await w.admin.injectFault({ product: 'eas', action: 'UpdateServiceLabel', kind: 'throttle', count: 2 });
      await w.admin.injectFault({ product: 'cms', action: 'DescribeMetricList', kind: 'throttle', count: 3 });
      const result = await runShift(w, group);
      await w.admin.clearFaults();

      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs['result']).toBe('promoted');
      for (const [product, action, count] of [
        ['eas', 'ReleaseService', 3],
        ['eas', 'UpdateServiceLabel', 2],
        ['cms', 'DescribeMetricList', 3],
      ] as const) {
        expect(await faulted(w.admin, { product, action, sinceSeq: since }, { status: 429 })).toHaveLength(count);
      }
      const calls = await weightCalls(w.admin, group, since);
      expect(shape(applied(calls))).toEqual(FORWARD);
      expectOrderlyWeights(applied(calls));
      await expectPromoted(w, group);
      expectNoLeaks(w, result);
    },
  ),

  '5xx-burst': cell(
    'a 5xx burst longer than one call’s retries hits the revert: the next revert round applies it, old version 100 %',
    async () => {
      const group = await deployGroup(w, 'mx_5xx', FAILING);
      const since = await lastSeq(w.admin);
      await w.admin.injectFault({ product: 'cms', action: 'DescribeMetricList', kind: 'error', status: 503, count: 2 });
      // Once the first step is applied, the next ReleaseService calls are the revert's: seven
      // failures outlast the client's five attempts, so the shift's own revert rounds must carry it.
      const burst = when(stepApplied(w.admin, group, 50, since), () =>
        w.admin.injectFault({ product: 'eas', action: 'ReleaseService', kind: 'error', status: 503, count: 7 }),
      );
      const result = await runShift(w, group);
      await burst;

      expect(result.exitCode).toBe(1);
      expect(result.outputs['result']).toBe('reverted');
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(REVERTED('mx_5xx'));
      expect(result.errors[0]).toMatch(/error rate [\d.]+ % > limit 1 % \(max-error-rate\)/);
      expect(result.warnings).toContainEqual(
        expect.stringMatching(/^Revert attempt 1\/3 failed: .*(503|ServiceUnavailable)/),
      );
      expect(
        await faulted(w.admin, { product: 'cms', action: 'DescribeMetricList', sinceSeq: since }, { status: 503 }),
      ).toHaveLength(2);
      const calls = await weightCalls(w.admin, group, since);
      expect(calls.filter((c) => c.status === 503)).toHaveLength(7);
      expect(shape(applied(calls))).toEqual([...FORWARD.slice(0, 2), ...BACK]);
      expectOrderlyWeights(applied(calls));
      await expectReverted(w, group);
      expectNoLeaks(w, result);
    },
  ),

  'connection-reset': cell(
    'answers lost after the weight, label and lock writes were applied, reads reset: retried, promoted once, no extra weight',
    async () => {
      const group = await deployGroup(w, 'mx_reset', GOOD);
      const since = await lastSeq(w.admin);
      const after = { kind: 'reset', afterHandler: true } as const;
      await w.admin.injectFault({ product: 'eas', action: 'ReleaseService', ...after, count: 2 });
      await w.admin.injectFault({ product: 'eas', action: 'UpdateServiceLabel', ...after, count: 2 });
      await w.admin.injectFault({ product: 'cms', action: 'DescribeMetricList', kind: 'reset', count: 2 });
      const result = await runShift(w, group);
      await w.admin.clearFaults();

      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs['result']).toBe('promoted');
      const reset = { code: 'ConnectionReset' };
      expect(
        await faulted(w.admin, { product: 'eas', action: 'UpdateServiceLabel', sinceSeq: since }, reset),
      ).toHaveLength(2);
      expect(
        await faulted(w.admin, { product: 'cms', action: 'DescribeMetricList', sinceSeq: since }, reset),
      ).toHaveLength(2);
      const calls = await weightCalls(w.admin, group, since);
      expect(calls.filter((c) => c.code === 'ConnectionReset')).toHaveLength(2);
      // Each lost answer is repeated with the same absolute weight: applied twice, changed once.
      const changes = applied(calls, true).filter(
        (c, i, all) => i === 0 || c.service !== all[i - 1]!.service || c.weight !== all[i - 1]!.weight,
      );
      expect(shape(changes)).toEqual(FORWARD);
      expectOrderlyWeights(applied(calls, true));
      await expectPromoted(w, group);
      expectNoLeaks(w, result);
    },
  ),

  'slow-response': cell(
    'weight updates and CloudMonitor reads held past request-timeout 2s: abandoned, retried, reverted; late writes change nothing',
    async () => {
      const group = await deployGroup(w, 'mx_slow', FAILING);
      const since = await lastSeq(w.admin);
      const slow = { kind: 'delay', delayMs: 2_600, count: 1 } as const;
      await w.admin.injectFault({ product: 'eas', action: 'ReleaseService', ...slow });
      await w.admin.injectFault({ product: 'cms', action: 'DescribeMetricList', ...slow });
      const revertHeld = when(stepApplied(w.admin, group, 50, since), () =>
        w.admin.injectFault({ product: 'eas', action: 'ReleaseService', ...slow }),
      );
      const result = await runShift(w, group, { 'request-timeout': '2s' });
      await revertHeld;
      // The abandoned requests are still applied when their delay ends: let them land first.
      await new Promise((resolve) => setTimeout(resolve, 3_000));

      expect(result.exitCode).toBe(1);
      expect(result.outputs['result']).toBe('reverted');
      expect(result.errors).toEqual([expect.stringMatching(REVERTED('mx_slow'))]);
      const calls = await weightCalls(w.admin, group, since);
      // The held first write and the held revert write were each sent again.
      expect(calls.filter((c) => c.service === 'old' && c.weight === 50)).toHaveLength(2);
      expect(calls.filter((c) => c.service === 'new' && c.weight === 0)).toHaveLength(2);
      // The held CloudMonitor read was asked again: the same query twice.
      const reads = await w.admin.requests({ product: 'cms', action: 'DescribeMetricList', sinceSeq: since });
      const queries = reads.map((r) => JSON.stringify(r.query));
      expect(queries.filter((q, i) => queries.indexOf(q) !== i)).toHaveLength(1);
      expectOrderlyWeights(calls.filter((c) => c.status === 200));
      await expectReverted(w, group);
      expectNoLeaks(w, result);
    },
  ),

  'emulator-restart': cell(
    'the cloud restarts mid-bake: refused connections retried, lost metrics waited for; promoted, or (outage past the retries) reverted with the error; lock released',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'pai-mx-shift-'));
      const own = await startShiftWorld({ dataDir });
      try {
        const group = await deployGroup(own, 'mx_restart', GOOD);
        await own.admin.call('POST', '/state/flush');
        const since = await lastSeq(own.admin);
        const restarted = when(stepApplied(own.admin, group, 50, since), async () => {
          expect(shape(applied(await weightCalls(own.admin, group, since)))).toEqual(FORWARD.slice(0, 2));
          await restartEmulator(own, dataDir, 1_500);
        });
        const result = await runShift(own, group);
        await restarted;

        // The restarted emulator's log starts afresh: the first step is in the log of the one
        // stopped, the rest of the shift (or its revert) in the new one's.
        const calls = applied(await weightCalls(own.admin, group));
        if (result.exitCode === 0) {
          expect(result.errors).toEqual([]);
          expect(result.outputs['result']).toBe('promoted');
          expect(shape(calls)).toEqual(FORWARD.slice(2));
          await expectPromoted(own, group);
        } else {
          // An outage longer than one call's retries (refused connections): revert, then the error.
          expect(result.exitCode).toBe(1);
          expect(result.errors).toEqual([expect.stringMatching(/ECONNREFUSED/)]);
          expect(shape(calls)).toEqual(BACK);
          await expectReverted(own, group);
        }
        expectNoLeaks(own, result);
      } finally {
        await own.emulator.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  ),

  cancelled: cell(
    'SIGINT mid-bake, then the post step: old version 100 %, lock released; after a finished shift the post step changes nothing',
    async () => {
      const group = await deployGroup(w, 'mx_cancel', GOOD);
      const since = await lastSeq(w.admin);
      const workDir = mkdtempSync(join(tmpdir(), 'pai-mx-shift-cancel-'));
      let signalled = false;
      const main = await runShift(
        w,
        group,
        { 'bake-time': '30m' },
        {
          workDir,
          onSpawn: (child) =>
            void when(stepApplied(w.admin, group, 50, since), async () => (signalled = child.kill('SIGINT'))),
        },
      );
      expect(signalled).toBe(true);
      expect(main.signal).toBe('SIGINT');
      expect(await weightsOf(w, group)).toEqual({ old: 50, new: 50 });
      const post = await runShift(w, group, { 'bake-time': '30m' }, { workDir, post: true });
      expect(post.errors).toEqual([]);
      expect(post.exitCode).toBe(0);
      expect(JSON.parse(post.outputs['weights']!)).toEqual({ [group.old]: 100, [group.new]: 0 });
      expect(post.summary).toMatch(/^## ❌ Traffic shift cancelled/);
      expectOrderlyWeights(applied(await weightCalls(w.admin, group, since)));
      await expectReverted(w, group);
      expectNoLeaks(w, main);
      expectNoLeaks(w, post);

      // A shift that finished before the cancel: its post step leaves the promotion alone.
      const done = await deployGroup(w, 'mx_cancel_done', GOOD);
      const doneDir = mkdtempSync(join(tmpdir(), 'pai-mx-shift-done-'));
      const finished = await runShift(w, done, { steps: '100' }, { workDir: doneDir });
      expect(finished.outputs['result']).toBe('promoted');
      const beforePost = await lastSeq(w.admin);
      const idle = await runShift(w, done, { steps: '100' }, { workDir: doneDir, post: true });
      expect({ exitCode: idle.exitCode, errors: idle.errors }).toEqual({ exitCode: 0, errors: [] });
      expect((await w.admin.requests({ sinceSeq: beforePost })).filter((r) => r.product !== 'admin')).toEqual([]);
      await expectPromoted(w, done);
      expectNoLeaks(w, idle);
    },
  ),

  concurrent: cell(
    'two shifts of one group at once: at most one holds the lock and promotes, the other fails naming the lock; weights set by one only',
    async () => {
      const group = await deployGroup(w, 'mx_twice', GOOD);
      const since = await lastSeq(w.admin);
      const runs = await Promise.all(
        ['3001', '3002'].map((runId) => runShift(w, group, {}, { run: defaultRun({ runId }) })),
      );
      const winners = runs.filter((r) => r.exitCode === 0);
      const losers = runs.filter((r) => r.exitCode !== 0);
      // EAS has no conditional write: two shifts that read the lock free in the same instant may
      // both back off (safe, docs/traffic-shift.md); two proceeding would be the bug.
      expect(winners.length).toBeLessThanOrEqual(1);
      for (const loser of losers) {
        expect(loser.exitCode).toBe(1);
        expect(loser.errors).toEqual([
          expect.stringMatching(
            /^Another traffic shift (holds the lock|took the lock at the same moment|wrote the lock on group "mx_twice" at the same moment)/,
          ),
        ]);
        expect(loser.outputs['result']).toBeUndefined();
      }
      const calls = await weightCalls(w.admin, group, since);
      if (winners.length === 1) {
        expect(winners[0]!.outputs['result']).toBe('promoted');
        expect(shape(calls)).toEqual(FORWARD);
        expectOrderlyWeights(calls);
        await expectPromoted(w, group);
      } else {
        expect(calls).toEqual([]);
        expect(await weightsOf(w, group)).toEqual({ old: 100, new: 0 });
        await expectLockReleased(w, group);
      }
      for (const run of runs) expectNoLeaks(w, run);
    },
  ),

  'preempt-checkpoint-write': notApplicable(
    'a shift writes no checkpoint: its whole run calls EAS and CloudMonitor only, never DLC or OSS',
    async () => {
      const group = await deployGroup(w, 'mx_no_dlc', GOOD);
      const since = await lastSeq(w.admin);
      const result = await runShift(w, group, { steps: '100' });
      expect(result.outputs['result']).toBe('promoted');
      const products = new Set((await w.admin.requests({ sinceSeq: since })).map((r) => r.product));
      expect(products.has('eas')).toBe(true);
      expect(products.has('cms')).toBe(true);
      expect([...products].filter((p) => p === 'dlc' || p === 'oss')).toEqual([]);
      await expectPromoted(w, group);
    },
  ),

  'cms-no-data': cell(
    'CloudMonitor has no datapoints: the step waits low-traffic-wait for data, never advances, then reverts and fails naming why',
    async () => {
      const group = await deployGroup(w, 'mx_nodata', GOOD);
      const since = await lastSeq(w.admin);
      // No users and no synthetic load: CloudMonitor answers every query, with no datapoint.
      const result = await runShift(w, group, {
        'load-rps': undefined,
        'load-request': undefined,
        'low-traffic-wait': '2m',
      });

      expect(result.exitCode).toBe(1);
      expect(result.outputs['result']).toBe('reverted');
      expect(result.errors).toEqual([
        expect.stringMatching(
          /^Traffic shift reverted to mx_nodata_0000000: step 1\/2 \(50 %\): inconclusive after waiting 120 s longer: the new version answered 0 requests, fewer than min-requests 20 \(on-low-traffic: revert\)$/,
        ),
      ]);
      expect(result.stdout.match(/wait 60 s longer for data/g)).toHaveLength(2);
      const reads = await w.admin.requests({ product: 'cms', action: 'DescribeMetricList', sinceSeq: since });
      expect(reads.length).toBeGreaterThanOrEqual(3 * 2 * 3);
      expect(reads.every((r) => r.status === 200)).toBe(true);
      const calls = await weightCalls(w.admin, group, since);
      expect(shape(applied(calls))).toEqual([...FORWARD.slice(0, 2), ...BACK]);
      await expectReverted(w, group);
      await expectLockReleased(w, group);
      expectNoLeaks(w, result);
    },
  ),
});
