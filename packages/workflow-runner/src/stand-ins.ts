/**
 * Local stand-ins for actions from other repositories that have nothing to do on this machine.
 * Never used unless asked for (actionPaths: STAND_INS, or --local-checkout): by default such an
 * action fails the run, so nothing is skipped silently.
 */
import { fileURLToPath } from 'node:url';

export const STAND_INS: Record<string, string> = {
  'actions/checkout': fileURLToPath(new URL('../stand-ins/checkout', import.meta.url)),
};
