/**
 * What an action bundle does first: OIDC credentials, then one call through each client. Built
 * with ncc by core-bundle.test.ts and run from a directory with no node_modules, because the
 * CommonJS Alibaba SDKs behave differently inside a bundle than under node (toolchain.md).
 */
import { CmsClient, EasClient, OssClient, resolveCredentials } from '../../packages/core/src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const region = env('PROBE_REGION');
const credentials = await resolveCredentials({
  roleArn: env('PROBE_ROLE_ARN'),
  oidcProviderArn: env('PROBE_PROVIDER_ARN'),
  region,
});
const options = (product: string) => ({ credentials, region, endpoint: env(`PROBE_${product}_ENDPOINT`) });
const services = await new EasClient(options('EAS')).listServices();
const modelExists = await new OssClient(options('OSS')).exists(env('PROBE_MODEL_URI'));
const metrics = await new CmsClient(options('CMS')).describeMetricMetaList('acs_learn');
console.log(
  JSON.stringify({
    source: credentials.source,
    services: services.TotalCount,
    modelExists,
    metrics: metrics.map((m) => m.metricName),
  }),
);
