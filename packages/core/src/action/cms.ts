import type { CmsClient } from '../clients/cms.js';
import type { CloudClients } from './clients.js';

/** The action's CloudMonitor client; the generated SDK under it loads on first use. */
export const cmsClient = (clients: CloudClients): Promise<CmsClient> =>
  clients.client('cms', async (options) => new (await import('../clients/cms.js')).CmsClient(options));
