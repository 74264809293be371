import type { OssClient } from '../oss.js';
import type { CloudClients } from './clients.js';

/** The action's OSS client; ali-oss loads on first use. */
export const ossClient = (clients: CloudClients): Promise<OssClient> =>
  clients.client('oss', async (options) => new (await import('../oss.js')).OssClient(options));
