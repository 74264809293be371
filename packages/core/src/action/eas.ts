import type { EasClient } from '../clients/eas.js';
import type { CloudClients } from './clients.js';

/** The action's EAS client; its module loads on first use. */
export const easClient = (clients: CloudClients): Promise<EasClient> =>
  clients.client('eas', async (options) => new (await import('../clients/eas.js')).EasClient(options));
