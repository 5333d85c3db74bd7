import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = new URL('./fixtures/embeddedClientScript.ts', import.meta.url).pathname;
// tsx by absolute URL: the child runs in the empty home, where no node_modules can be found.
const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const home = mkdtempSync(join(tmpdir(), 'parley-empty-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function runScript(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  // No environment beyond PATH and an empty HOME: nothing is configured.
  return run(process.execPath, ['--import', tsx, script, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home },
    cwd: home,
    timeout: 60_000,
  });
}

describe('the embedded default', () => {
  it('with an empty HOME and no environment, runs the engine in-process and keeps its data', async () => {
    const first = JSON.parse((await runScript()).stdout) as Record<string, unknown>;
    expect(first.target).toBe('embedded');
    expect(first.statuses).toContain('completed');
    expect((first.texts as string[]).join(' ')).toMatch(/renewal quote by Friday/);
    const dataDir = join(home, '.local', 'share', 'parley');
    const credentials = join(dataDir, 'embedded-client.json');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    const before = readFileSync(credentials, 'utf8');

    // A second process reuses the credentials and sees the first conversation; it never calls
    // close(), and still exits once the engine has been idle.
    const second = JSON.parse((await runScript('--no-close')).stdout) as Record<string, unknown>;
    expect(second.conversationId).not.toBe(first.conversationId);
    expect(second.conversations).toBe(2);
    expect(readFileSync(credentials, 'utf8')).toBe(before);
  });
});
