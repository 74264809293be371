import type { EmulatorContext } from '../../context.js';
import type { ProductModule } from '../../product.js';
import type { ObjectStorage } from '../oss/storage.js';
import { notImplemented } from '../not-implemented.js';

/** PAI-DLC jobs (PLACEHOLDER: being built). */
export function createDlc(_ctx: EmulatorContext, _deps: { storage: ObjectStorage }): ProductModule {
  return { name: 'dlc', handler: notImplemented('dlc') };
}
