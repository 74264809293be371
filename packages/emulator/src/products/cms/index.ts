import type { EmulatorContext } from '../../context.js';
import type { ProductModule } from '../../product.js';
import { notImplemented } from '../not-implemented.js';

/** CloudMonitor metrics (PLACEHOLDER: being built). */
export function createCms(_ctx: EmulatorContext): ProductModule {
  return { name: 'cms', handler: notImplemented('cms') };
}
