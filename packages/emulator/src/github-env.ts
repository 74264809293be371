import type { EmulatorInfo } from './emulator.js';

/**
 * `KEY=value` lines for `$GITHUB_ENV` that point every later step's actions at this emulator:
 * the endpoint override of each product, the region and the demo keys (which exist only here).
 */
export function githubEnvLines(info: EmulatorInfo): string {
  const endpoint = (product: string) => info.endpoints[product] ?? '';
  const variables: Record<string, string> = {
    ALIBABA_CLOUD_REGION_ID: info.region,
    ALIBABA_CLOUD_OSS_ENDPOINT: endpoint('oss'),
    ALIBABA_CLOUD_EAS_ENDPOINT: endpoint('eas'),
    ALIBABA_CLOUD_DLC_ENDPOINT: endpoint('dlc'),
    ALIBABA_CLOUD_CMS_ENDPOINT: endpoint('cms'),
    ALIBABA_CLOUD_STS_ENDPOINT: endpoint('sts'),
    ALIBABA_CLOUD_ACCESS_KEY_ID: info.credentials.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: info.credentials.accessKeySecret,
    PAI_EMULATOR_ADMIN_URL: endpoint('admin'),
    PAI_EMULATOR_GATEWAY_URL: endpoint('gateway'),
    // The GitHub REST stand-in (PR comments, deployments, dispatches; readable at /admin/github).
    // Not GITHUB_API_URL itself: on a real runner the job's own API must stay GitHub's.
    PAI_EMULATOR_GITHUB_API_URL: endpoint('github'),
  };
  return Object.entries(variables)
    .map(([name, value]) => `${name}=${value}\n`)
    .join('');
}
