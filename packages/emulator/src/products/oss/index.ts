import type { EmulatorContext } from '../../context.js';
import type { ProductModule } from '../../product.js';
import { notImplemented } from '../not-implemented.js';
import type { ObjectStorage } from './storage.js';

/** OSS XML API over the object storage (PLACEHOLDER: being built). */
export function createOss(_ctx: EmulatorContext, _storage: ObjectStorage): ProductModule {
  return { name: 'oss', handler: notImplemented('oss') };
}
