import type { DlcClient } from '../clients/dlc.js';
import type { CloudClients } from './clients.js';

/** The action's PAI-DLC client; its module loads on first use. */
export const dlcClient = (clients: CloudClients): Promise<DlcClient> =>
  clients.client('dlc', async (options) => new (await import('../clients/dlc.js')).DlcClient(options));
