// Unit tests need no service; integration tests talk to real Kafka, chDB, sockets.
// TEST_MODE picks the layer; an unknown mode is an error rather than a silent empty run.
const mode = process.env.TEST_MODE ?? 'all';
// faults: the fault-injection suite (cli/test/faults), which starts brokers of its own.
const modes = {
  unit: ['unit'],
  integration: ['integration'],
  faults: ['faults'],
  all: ['unit', 'integration'],
};
if (!(mode in modes)) {
  throw new Error(`TEST_MODE=${mode} is not one of ${Object.keys(modes).join(', ')}`);
}

const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // @platformatic/kafka and its helpers ship ES modules only; Jest's require (before
    // Node 24.9) cannot load them, so they are compiled to CommonJS like our sources.
    '/node_modules/@platformatic/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@platformatic/)'],
  moduleNameMapper: { '^@tickstream/([a-z-]+)$': '<rootDir>/$1/src' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  // Integration tests start brokers, processes and pipelines; unit tests finish far sooner.
  testTimeout: 120_000,
  // A fresh worker process per test file (0 = always recycle): chDB binds one data
  // directory per process and lmdb holds file locks, so a file that fails before its cleanup
  // must not leave native state (or stray timers and sockets) to the files after it.
  workerIdleMemoryLimit: 0,
  projects: modes[mode].map((layer) => ({
    ...shared,
    displayName: layer,
    testMatch: [`<rootDir>/*/test/${layer}/**/*.test.ts`],
    ...(layer === 'integration'
      ? { setupFilesAfterEnv: ['<rootDir>/scripts/jest-integration-setup.js'] }
      : {}),
  })),
};
