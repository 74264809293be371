/** How the emulated CloudMonitor reads its query parameters (pure functions). */
import { describe, expect, test } from '@jest/globals';
import { ServiceError } from '../src/errors.js';
import { formatCmsTime, parseCmsTime, parseDimensions, parseRange } from '../src/products/cms/query.js';
import { nearestRank } from '../src/products/cms/statistics.js';

describe('parseCmsTime', () => {
  test('epoch ms, "YYYY-MM-DD hh:mm:ss" as UTC+8, and ISO 8601 with a zone', () => {
    expect(parseCmsTime('StartTime', '1548777660000')).toBe(1548777660000);
    expect(parseCmsTime('StartTime', '2019-01-30 00:00:00')).toBe(Date.UTC(2019, 0, 29, 16, 0, 0));
    expect(parseCmsTime('StartTime', '2019-01-30T00:00:00Z')).toBe(Date.UTC(2019, 0, 30));
    expect(parseCmsTime('StartTime', '2019-01-30T08:00:00+08:00')).toBe(Date.UTC(2019, 0, 30));
  });

  test('formatCmsTime is its inverse', () => {
    const ms = Date.UTC(2024, 1, 29, 23, 59, 59);
    expect(formatCmsTime(ms)).toBe('2024-03-01 07:59:59');
    expect(parseCmsTime('EndTime', formatCmsTime(ms))).toBe(ms);
  });

  test.each(['2019-13-01 00:00:00', '2019-02-29 00:00:00', '2019-01-01 24:00:00', 'yesterday', '2019-01-01'])(
    'refuses %s',
    (raw) => {
      expect(() => parseCmsTime('StartTime', raw)).toThrow(ServiceError);
    },
  );
});

describe('parseRange', () => {
  test('EndTime defaults to now and StartTime to the look-back', () => {
    expect(parseRange({}, 10_000_000, 3_600_000)).toEqual({ start: 6_400_000, end: 10_000_000 });
  });
});

describe('parseDimensions', () => {
  test('an array of maps, a single map, numbers as text; nothing given = no filter', () => {
    expect(parseDimensions('[{"serviceName":"a"},{"serviceName":"b","userId":"1"}]')).toEqual([
      { serviceName: 'a' },
      { serviceName: 'b', userId: '1' },
    ]);
    expect(parseDimensions('{"userId":120886317861}')).toEqual([{ userId: '120886317861' }]);
    expect(parseDimensions(undefined)).toEqual([]);
  });

  test('refuses what is not JSON maps, and more than 50 sets', () => {
    expect(() => parseDimensions('serviceName=a')).toThrow(/not valid JSON/);
    expect(() => parseDimensions('["a"]')).toThrow(/JSON object/);
    expect(() =>
      parseDimensions(JSON.stringify(Array.from({ length: 51 }, (_, i) => ({ serviceName: `s${i}` })))),
    ).toThrow(/at most 50/);
  });
});

describe('nearestRank', () => {
  test('rank ceil(p/100 × n) of the ascending samples', () => {
    const ascending = Array.from({ length: 21 }, (_, i) => (i + 1) * 10);
    expect(nearestRank(ascending, 95)).toBe(200); // rank 19.95 → 20
    expect(nearestRank(ascending, 99)).toBe(210);
    expect(nearestRank([7], 95)).toBe(7);
  });
});
