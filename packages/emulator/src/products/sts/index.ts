import type { EmulatorContext } from '../../context.js';
import type { ProductModule } from '../../product.js';
import { notImplemented } from '../not-implemented.js';

/** STS AssumeRole / AssumeRoleWithOIDC (PLACEHOLDER: being built). */
export function createSts(_ctx: EmulatorContext): ProductModule {
  return { name: 'sts', handler: notImplemented('sts') };
}
