import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./test/helpers/global-setup.ts'],
    // Issue 6's secret sweep: every test file runs with debug logging on (in-process loggers, and
    // every spawned command's log file) and fails if an emulator-issued secret shows up outside
    // the AWS files. See test/helpers/secret-sweep.ts.
    setupFiles: ['./test/helpers/secret-sweep.ts'],
    env: { LATCHKEY_LOG_LEVEL: 'debug' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests spawn servers and processes; two cores, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
