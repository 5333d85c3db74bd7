import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Examples import Parley by its package name, as an application does. In the checkout that name
// resolves to the sources (tsconfig.json's `paths`, which tsc and tsx read too), not to dist/.
const { paths } = JSON.parse(readFileSync(new URL('./tsconfig.json', import.meta.url), 'utf8'))
  .compilerOptions as {
  paths: Record<string, [string]>;
};
const alias = Object.entries(paths).map(([name, [source]]) => ({
  find: new RegExp(`^${name.replace('/', '\\/')}$`),
  replacement: new URL(source, import.meta.url).pathname,
}));

export default defineConfig({
  resolve: { alias },
  test: {
    // Real servers, ffmpeg and pocketsphinx run in tests: give them room, but keep a bound.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at once, even on two cores: most tests wait on servers, real-time streams and child
    // processes rather than compute (vitest's default would be one worker here).
    maxWorkers: 2,
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
