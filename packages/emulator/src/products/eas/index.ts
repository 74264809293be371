import type { EmulatorContext } from '../../context.js';
import type { ProductModule } from '../../product.js';
import type { ObjectStorage } from '../oss/storage.js';
import { notImplemented } from '../not-implemented.js';

/** EAS control plane and gateway (PLACEHOLDER: being built). */
export function createEas(_ctx: EmulatorContext, _deps: { storage: ObjectStorage }): ProductModule[] {
  return [
    { name: 'eas', handler: notImplemented('eas') },
    { name: 'gateway', handler: notImplemented('gateway') },
  ];
}
