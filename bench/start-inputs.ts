/** For the start bench: the fewest valid inputs that take each action to its first API request. */
export const START_INPUTS: Record<string, Record<string, string>> = {
  'eas-rollback': { 'service-name': 'bench_service' },
};
