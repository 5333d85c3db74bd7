import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real servers, ffmpeg and pocketsphinx run in tests: give them room, but keep a bound.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Fixture speech is synthesized once per run, before the workers start racing for it; one
    // PostgreSQL server serves the run (a database per test file).
    globalSetup: ['test/globalSetup.ts', 'test/postgresGlobalSetup.ts'],
  },
});
