/** The real Alibaba Cloud clients, pointed at a loopback server (see sdk-wire.md §1 and §4). */
import * as OpenApiNs from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import OSS from 'ali-oss';

// Under NodeNext the namespace's default is module.exports, whose `default` is the client class;
// bundlers may hoist it one level: take it one or two levels down (see toolchain notes).
type OpenApiClientClass = typeof OpenApiNs.default.default;
const moduleDefault = OpenApiNs.default as unknown as OpenApiClientClass | { default: OpenApiClientClass };
const OpenApiClient: OpenApiClientClass = 'default' in moduleDefault ? moduleDefault.default : moduleDefault;
const { $OpenApiUtil } = OpenApiNs;

export interface RoaCall {
  port: number;
  readTimeoutMs?: number;
}

/** One ROA call as a typed EAS client would make it; resolves with the parsed JSON body. */
export async function callRoa({ port, readTimeoutMs = 2000 }: RoaCall): Promise<unknown> {
  const client = new OpenApiClient(
    new $OpenApiUtil.Config({
      accessKeyId: 'test-ak',
      accessKeySecret: 'test-secret',
      endpoint: `127.0.0.1:${port}`,
      protocol: 'http',
      regionId: 'cn-hangzhou',
    }),
  );
  const response = await client.callApi(
    new $OpenApiUtil.Params({
      action: 'ListServices',
      version: '2021-07-01',
      protocol: 'HTTPS',
      pathname: '/api/v2/services',
      method: 'GET',
      authType: 'AK',
      style: 'ROA',
      reqBodyType: 'json',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest({}),
    new $dara.RuntimeOptions({ readTimeout: readTimeoutMs, connectTimeout: readTimeoutMs }),
  );
  return (response as { body?: unknown }).body;
}

export function ossClient(port: number, timeoutMs = 2000): OSS {
  // An IP endpoint keeps the connection on 127.0.0.1; ali-oss then names the bucket in the Host header.
  return new OSS({
    accessKeyId: 'test-ak',
    accessKeySecret: 'test-secret',
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'my-bucket',
    region: 'oss-cn-hangzhou',
    timeout: timeoutMs,
  });
}
