export { Emulator, type EmulatorInfo, type EmulatorOptions } from './emulator.js';
export type { FaultSpec, FaultRule } from './faults.js';
export type { LoggedRequest } from './request-log.js';
export { AdminClient } from './admin-client.js';
export * from './seed.js';
export { githubEnvLines } from './github-env.js';
