/**
 * What CmsClient (the real @alicloud/cms20190101 underneath) puts on the wire for each CloudMonitor
 * operation, checked against the emulator's request log. The expected rows come from the
 * reference (pai-api.md §C, sdk-wire.md §2), not from the emulator: RPC with ACS3 is
 * `POST /` with every parameter in the query, PascalCase, and an empty body; the action and the
 * version travel in x-acs-action / x-acs-version, so `Action`/`Version` must not be in the query.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CmsClient } from '../../packages/core/src/clients/cms.js';
import { AdminClient, Emulator } from '../../packages/emulator/src/index.js';
import { cmsClient, MINUTE, pastHour, record } from '../../packages/emulator/test/cms-support.js';
import { expectWireShape, oneRequestSentBy } from './support.js';

let emulator: Emulator;
let admin: AdminClient;
let cms: CmsClient;
let start: number;

beforeAll(async () => {
  emulator = await Emulator.start();
  admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
  cms = cmsClient(emulator);
  start = pastHour(emulator);
  record(
    emulator,
    [0, 1, 2].map((minute) => ({
      service: 'wire_svc',
      time: start + minute * MINUTE + 5,
      latencyMs: 12.5,
      status: 200,
    })),
  );
});

afterAll(async () => {
  await emulator?.stop();
});

interface WireRow {
  action: 'DescribeMetricList' | 'DescribeMetricLast' | 'DescribeMetricMetaList';
  /** What the row exercises. */
  name: string;
  call: (client: CmsClient) => Promise<unknown>;
  /** Query fields exactly, with their values (Dimensions compared as parsed JSON). */
  query: (context: { start: number; nextToken?: string }) => Record<string, string>;
  /** Runs first, e.g. to obtain a NextToken. */
  before?: (client: CmsClient) => Promise<string | undefined>;
}

const dimensions = [{ serviceName: 'wire_svc' }];
const rangeOf = (s: number) => ({ startTime: s - MINUTE, endTime: s + 5 * MINUTE });
const rangeFields = (s: number) => ({ StartTime: String(s - MINUTE), EndTime: String(s + 5 * MINUTE) });
/** A DescribeMetricList/Last request with every field set… */
const everyField = (metricName: string, length: number) => ({
  namespace: 'acs_learn',
  metricName,
  dimensions,
  period: 60,
  ...rangeOf(start),
  length,
});
/** …and the query it must become. */
const everyFieldSent = (s: number, metricName: string, length: string) => ({
  Namespace: 'acs_learn',
  MetricName: metricName,
  Dimensions: JSON.stringify(dimensions),
  Period: '60',
  ...rangeFields(s),
  Length: length,
});
let nextTokenForRow: string | undefined;

const rows: WireRow[] = [
  {
    action: 'DescribeMetricList',
    name: 'every field: Namespace, MetricName, Dimensions (JSON string), Period, StartTime/EndTime (epoch ms), Length',
    call: (c) => c.describeMetricList(everyField('qps_total', 2)),
    query: ({ start: s }) => everyFieldSent(s, 'qps_total', '2'),
  },
  {
    action: 'DescribeMetricList',
    name: 'the next page carries NextToken',
    before: async (c) => (await c.describeMetricList(everyField('rt', 1))).nextToken,
    call: (c) => c.describeMetricList({ ...everyField('rt', 1), nextToken: nextTokenForRow! }),
    query: ({ start: s, nextToken }) => ({ ...everyFieldSent(s, 'rt', '1'), NextToken: nextToken! }),
  },
  {
    action: 'DescribeMetricList',
    name: 'optional fields left out are not sent (no Dimensions, Length, NextToken, Express)',
    call: (c) =>
      c.describeMetricList({ namespace: 'acs_learn', metricName: 'rt_tp95', period: 300, ...rangeOf(start) }),
    query: ({ start: s }) => ({ Namespace: 'acs_learn', MetricName: 'rt_tp95', Period: '300', ...rangeFields(s) }),
  },
  {
    action: 'DescribeMetricLast',
    name: 'same fields as DescribeMetricList',
    call: (c) => c.describeMetricLast(everyField('rps_status_5xx', 10)),
    query: ({ start: s }) => everyFieldSent(s, 'rps_status_5xx', '10'),
  },
  {
    // pai-api.md does not list this operation's fields: names from the cms20190101 request model.
    action: 'DescribeMetricMetaList',
    name: 'Namespace, MetricName, PageNumber, PageSize',
    call: (c) => c.describeMetricMetaList('acs_learn', 'rt'),
    query: () => ({ Namespace: 'acs_learn', MetricName: 'rt', PageNumber: '1', PageSize: '100' }),
  },
  {
    action: 'DescribeMetricMetaList',
    name: 'without a metric name',
    call: (c) => c.describeMetricMetaList('acs_learn'),
    query: () => ({ Namespace: 'acs_learn', PageNumber: '1', PageSize: '100' }),
  },
];

describe('CloudMonitor wire format (RPC, ACS3)', () => {
  test.each(rows.map((row) => [`${row.action}: ${row.name}`, row] as const))('%s', async (_title, row) => {
    nextTokenForRow = row.before ? await row.before(cms) : undefined;
    if (row.before) expect(nextTokenForRow).toBeTruthy();
    const request = await oneRequestSentBy(admin, 'cms', () => row.call(cms));
    const expected = row.query({ start, ...(nextTokenForRow ? { nextToken: nextTokenForRow } : {}) });
    // No body (`body` left out): everything travels in the query.
    expectWireShape(request, { action: row.action, method: 'POST', path: '/', query: Object.keys(expected) });
    for (const [field, value] of Object.entries(expected)) {
      if (field === 'Dimensions') expect(JSON.parse(request.query[field]!)).toEqual(JSON.parse(value));
      else expect(request.query[field]).toBe(value);
    }
  });
});
