import { synthesizeAllFixtures } from '../scripts/fixtures/synthesizeAllFixtures.ts';

/**
 * vitest globalSetup: synthesizes every conversation fixture once before the suite, so test
 * files (running in parallel workers) find them in .cache/fixtures instead of racing to make them.
 */
export default async function setup(): Promise<void> {
  await synthesizeAllFixtures();
}
