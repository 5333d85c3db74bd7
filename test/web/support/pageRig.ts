import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { writeAsyncQuery } from '../../../src/model/asyncApi.ts';
import type { ServerOptions } from '../../../src/server/createServer.ts';
import { call, startTestServer, type TestServer, waitForJob } from '../../server/support/testServer.ts';

/** Where the browser tests leave their screenshots (git-ignored). */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', '..', 'test-artifacts');

/** A real server on loopback and the run's Chromium. */
export interface PageRig {
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts a server (keeping media by default) and connects to the Chromium the global setup started. */
export async function startPageRig(options: Partial<ServerOptions> = {}): Promise<PageRig> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startTestServer({ keepMedia: true, ...options });
  const browser = await chromium.connect(inject('browserEndpoint'));
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

/** A page and what went wrong on it: console errors, uncaught exceptions, failed requests. */
export interface WatchedPage {
  page: Page;
  problems: string[];
}

/** Opens `url` in a new context (phone or desktop size) and records every error the page shows. */
export async function openPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A media element that moves to another range or segment cancels its earlier request.
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && request.resourceType() === 'media') return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  await page.goto(url);
  return { page, problems };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it stands (WCAG 2.x A and AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's own CSP (scripts from itself only) holds.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    type AxeResult = { violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> };
    const axe = (
      globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResult> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return (
      result.violations as Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }>
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(' ')}`);
}

/** Submits a recording through the Async API (options in the query string) and waits for its job. */
export async function transcribe(
  server: TestServer,
  file: string,
  media: 'audio' | 'video',
  options: Record<string, unknown>,
): Promise<string> {
  const query = writeAsyncQuery(options).toString();
  const submitted = await call(server.url, 'POST', `/v1/process/${media}?${query}`, {
    token: server.token,
    body: readFileSync(file),
    headers: { 'content-type': media === 'video' ? 'video/mp4' : 'audio/wav' },
  });
  if (submitted.status !== 201) throw new Error(`submit failed: ${JSON.stringify(submitted.body)}`);
  // Bounded generously: the machines that run these tests are often shared and loaded.
  const status = await waitForJob(server.url, server.token, submitted.body.jobId, 480_000);
  if (status !== 'completed') throw new Error(`the job ${status}`);
  return submitted.body.conversationId as string;
}

/** The URL of a conversation's page, from the Experience API. */
export async function experienceUrl(
  server: TestServer,
  conversationId: string,
  body: Record<string, unknown> = { name: 'verbose-text-summary' },
): Promise<string> {
  const response = await call(server.url, 'POST', `/v1/conversations/${conversationId}/experiences`, {
    token: server.token,
    json: body,
  });
  if (response.status !== 200) throw new Error(`experience failed: ${JSON.stringify(response.body)}`);
  return response.body.url as string;
}
