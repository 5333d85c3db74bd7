import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { buildWebIfStale } from '../../scripts/buildWeb.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where test files connect to the one Chromium of this run (playwright's browser server). */
    browserEndpoint: string;
  }
}

/**
 * Global setup of the browser tests: builds the pages when the bundle is missing or older than
 * its sources, and starts Debian's Chromium once for the whole run (a fresh, empty profile that
 * is removed afterwards). Test files connect to it with `chromium.connect(inject('browserEndpoint'))`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (scripts/setup.sh does)`);
  }
  await buildWebIfStale();
  const downloads = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  const server = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    downloadsPath: downloads,
  });
  project.provide('browserEndpoint', server.wsEndpoint());
  return async () => {
    await server.close();
    rmSync(downloads, { recursive: true, force: true });
  };
}
