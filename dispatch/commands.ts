/** The seven actions the root action can run, and those with a post step (kept current by a test). */
export const COMMANDS = [
  'submit-dlc-job',
  'wait-and-resume',
  'evaluate-gate',
  'eas-deploy',
  'eas-traffic-shift',
  'eas-rollback',
  'cleanup-versions',
] as const;

export const COMMANDS_WITH_POST = ['eas-traffic-shift'] as const;
