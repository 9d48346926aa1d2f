/**
 * jest on native ES modules (node --experimental-vm-modules), TypeScript compiled by SWC.
 * Projects are the test layers of CONVENTIONS.md; `npm test` runs them all.
 */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/helpers/env.ts'],
};

export default {
  testTimeout: 60_000,
  // Most tests wait on engines, workers and Chromium rather than compute: three at once on the
  // 2-core CI machine keep `npm test` well inside CI's 30 minutes.
  maxWorkers: 3,
  projects: [
    'unit',
    'db',
    'engine',
    'workflow',
    'api',
    'documents',
    'e2e',
    'reliability',
    'disbursement',
  ].map((name) => ({
    ...common,
    displayName: name,
    testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  })),
};
