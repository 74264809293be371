export {};
export * from './errors.js';
export * from './retry.js';
export * from './inputs.js';
export * from './oss.js';
export * from './clients/cms.js';
export * from './percentile.js';
export * from './credentials.js';
export * from './clients/eas.js';
