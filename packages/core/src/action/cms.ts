import type { CmsClient } from '../clients/cms.js';
import type { CloudClients } from './clients.js';

/**
 * The action's CloudMonitor client; the generated SDK under it loads on first use. `onWarning`
 * hears checks it had to skip (a DescribeMetricMetaList RAM refused), so none is skipped silently.
 */
export const cmsClient = (clients: CloudClients, onWarning?: (message: string) => void): Promise<CmsClient> =>
  clients.client(
    'cms',
    async (options) =>
      new (await import('../clients/cms.js')).CmsClient({ ...options, ...(onWarning ? { onWarning } : {}) }),
  );
