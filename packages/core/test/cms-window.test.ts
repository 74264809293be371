/** Pure parts of the CloudMonitor client: Datapoints parsing, window summary, nearest-rank percentile. */
import { describe, expect, test } from '@jest/globals';
import { parseDatapoints, summariseEasWindow, type MetricDatapoint } from '../src/clients/cms.js';
import { PaiApiError } from '../src/errors.js';
import { nearestRankPercentile } from '../src/percentile.js';

const point = (timestamp: number, values: Record<string, number>): MetricDatapoint => ({
  timestamp,
  dimensions: { serviceName: 's' },
  values,
});

describe('parseDatapoints', () => {
  test('numbers are statistics, strings are dimensions', () => {
    const raw = JSON.stringify([
      { timestamp: 1548777660000, userId: '120886317861', serviceName: 'demo', Average: 9.92, Maximum: 10, Minimum: 9 },
    ]);
    expect(parseDatapoints(raw)).toEqual([
      {
        timestamp: 1548777660000,
        dimensions: { userId: '120886317861', serviceName: 'demo' },
        values: { Average: 9.92, Maximum: 10, Minimum: 9 },
      },
    ]);
  });

  test('empty and missing are no points; a string that is not a JSON array is an InvalidResponse', () => {
    expect(parseDatapoints(undefined)).toEqual([]);
    expect(parseDatapoints('')).toEqual([]);
    expect(parseDatapoints('[]')).toEqual([]);
    expect(() => parseDatapoints('{"a":1}')).toThrow(PaiApiError);
    expect(() => parseDatapoints('[{"timestamp":1,')).toThrow(/Datapoints is not JSON/);
  });
});

describe('summariseEasWindow', () => {
  const span = { windowStart: 0, windowEnd: 180_000, periodSeconds: 60 };

  test('counts from rates, error rate, worst per-period P95 in ms, QPS over the window', () => {
    const summary = summariseEasWindow(
      's',
      {
        // 7, 0 (no point) and 13 requests; 2 and 1 server errors
        requests: [point(0, { Value: 7 / 60 }), point(120_000, { Value: 13 / 60 })],
        serverErrors: [point(0, { Value: 2 / 60 }), point(120_000, { Value: 1 / 60 })],
        p95Latency: [point(0, { Value: 120_500 }), point(120_000, { Value: 80_000 })],
      },
      span,
    );
    expect(summary).toEqual({
      service: 's',
      ...span,
      activePeriods: 2,
      requests: 20,
      errors: 3,
      errorRate: 3 / 20,
      p95LatencyMs: 120.5,
      qps: 20 / 180,
    });
  });

  test('no traffic: zeros and no P95', () => {
    expect(summariseEasWindow('s', { requests: [], serverErrors: [], p95Latency: [] }, span)).toMatchObject({
      requests: 0,
      errors: 0,
      errorRate: 0,
      p95LatencyMs: undefined,
      qps: 0,
      activePeriods: 0,
    });
  });
});

describe('nearestRankPercentile', () => {
  test('the value at rank ceil(p/100 × n), never interpolated', () => {
    const samples = [15, 20, 35, 40, 50];
    expect(nearestRankPercentile(samples, 30)).toBe(20); // rank ceil(1.5) = 2
    expect(nearestRankPercentile(samples, 40)).toBe(20); // rank 2 exactly
    expect(nearestRankPercentile(samples, 50)).toBe(35);
    expect(nearestRankPercentile(samples, 100)).toBe(50);
    expect(nearestRankPercentile([3, 1, 2], 1)).toBe(1); // order of input does not matter
  });

  test('P95 of 1..20 is 19 and of 1..21 is 20 (rank 19.95 rounds up)', () => {
    const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(nearestRankPercentile(range(20), 95)).toBe(19);
    expect(nearestRankPercentile(range(21), 95)).toBe(20);
    expect(nearestRankPercentile(range(100), 99)).toBe(99);
  });

  test('rejects no samples and a percent outside 1..100', () => {
    expect(() => nearestRankPercentile([], 95)).toThrow(RangeError);
    expect(() => nearestRankPercentile([1], 0)).toThrow(RangeError);
    expect(() => nearestRankPercentile([1], 99.9)).toThrow(RangeError);
  });
});
