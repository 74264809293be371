/**
 * The real SDK clients, unchanged, pointed at a loopback server (sdk-wire.md §1, §2, §4).
 * They are CommonJS: import the namespace and take the class from module.exports (`.default`).
 */
import * as OpenApiNs from '@alicloud/openapi-core';
import * as CmsNs from '@alicloud/cms20190101';
import * as DaraNs from '@darabonba/typescript';
import * as OssNs from 'ali-oss';

const openApi = OpenApiNs.default;
const OpenApiClient = openApi.default;
const { $OpenApiUtil } = openApi;
const CmsClient = CmsNs.default.default;
const dara = DaraNs.default;
const OSS = OssNs.default;

export const AK = 'TEST-fake-key';
export const SECRET = 'test-secret-value';

export interface OpenApiCredentials {
  securityToken?: string;
  signatureAlgorithm?: 'v2';
}

function config(port: number, options: OpenApiCredentials = {}): InstanceType<typeof $OpenApiUtil.Config> {
  return new $OpenApiUtil.Config({
    accessKeyId: AK,
    accessKeySecret: SECRET,
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    ...options,
  });
}

/** A ROA POST as the typed EAS client makes it: JSON body, encoded path parameters, a query. */
export async function roaPost(port: number, options: OpenApiCredentials = {}): Promise<void> {
  const client = new OpenApiClient(config(port, options));
  const pathname = `/api/v2/services/${dara.URL.percentEncode('my svc ü')}/versions/${dara.URL.percentEncode('v 1')}`;
  await client.callApi(
    new $OpenApiUtil.Params({
      action: 'CreateService',
      version: '2021-07-01',
      protocol: 'HTTPS',
      pathname,
      method: 'POST',
      authType: 'AK',
      style: 'ROA',
      reqBodyType: 'json',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest({
      body: { Name: 'my svc', Labels: { sha: 'abc123', note: 'ü & ✓' } },
      query: { filter: 'a*b~c!', 'key with space': 'v+w x', empty: '' },
    }),
    new dara.RuntimeOptions({}),
  );
}

/** An RPC call through a generated client: CMS DescribeMetricList. */
export async function describeMetricList(port: number, options: OpenApiCredentials = {}): Promise<void> {
  const client = new CmsClient(config(port, options));
  await client.describeMetricList(
    new CmsNs.DescribeMetricListRequest({
      namespace: 'acs_learn',
      metricName: 'rt',
      period: '60',
      dimensions: '[{"serviceName":"blue green"}]',
      startTime: '2026-01-01 00:00:00',
    }),
  );
}

/** An RPC call with a form body (legacy v2 signs body parameters too). */
export async function rpcWithFormBody(port: number, options: OpenApiCredentials = {}): Promise<void> {
  const client = new OpenApiClient(config(port, options));
  await client.callApi(
    new $OpenApiUtil.Params({
      action: 'PutCustomMetric',
      version: '2019-01-01',
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest({ query: { GroupId: '7' }, body: { MetricList: 'a b*c', Note: "it's (ok)" } }),
    new dara.RuntimeOptions({}),
  );
}

export type OssClient = InstanceType<typeof OSS>;

/** IP endpoint: the bucket travels in the Host header (`my-bucket.oss-cn-hangzhou.aliyuncs.com`). */
export function ossByIp(port: number, stsToken?: string): OssClient {
  return new OSS({
    accessKeyId: AK,
    accessKeySecret: SECRET,
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'my-bucket',
    region: 'oss-cn-hangzhou',
    ...(stsToken ? { stsToken } : {}),
  });
}

/** Path style: the bucket is the first path segment. */
export function ossPathStyle(port: number, stsToken?: string): OssClient {
  return new OSS({
    accessKeyId: AK,
    accessKeySecret: SECRET,
    endpoint: `http://localhost:${port}`,
    sldEnable: true,
    bucket: 'my-bucket',
    ...(stsToken ? { stsToken } : {}),
  } as ConstructorParameters<typeof OSS>[0]);
}
