/** ESM + ts-jest (transpile only: `npm run typecheck` does the type checking once). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: false }] },
  testMatch: [
    '<rootDir>/packages/*/test/**/*.test.ts',
    '<rootDir>/actions/*/test/**/*.test.ts',
    '<rootDir>/test/**/*.test.ts',
  ],
  testTimeout: 30000,
  maxWorkers: 2,
  // The fault matrix prints its table of outcomes after any run that includes it.
  reporters: ['default', '<rootDir>/test/reliability/matrix-reporter.mjs'],
};
