import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real servers, ffmpeg and pocketsphinx run in tests: give them room, but keep a bound.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Fixture speech is synthesized once per run, before the workers start racing for it.
    globalSetup: ['test/globalSetup.ts'],
    projects: [
      {
        // One PostgreSQL server for the run's node tests, started by the first file that needs it
        // (a database per test file).
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/web/**'],
          globalSetup: ['test/postgresGlobalSetup.ts'],
        },
      },
      {
        // The pages in Chromium: its global setup builds the pages and starts one browser for all
        // files, and runs only when a browser test is selected.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/web/**/*.test.ts'],
          globalSetup: ['test/web/browserGlobalSetup.ts'],
        },
      },
    ],
  },
});
