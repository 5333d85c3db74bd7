import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresBinDir } from '../../../scripts/postgres/LocalPostgres.ts';

/*
 * The README's two-node demo as a user runs it: its own PostgreSQL in a directory, two nodes,
 * the jobs it sends through both, and Ctrl-C stopping everything.
 */

const dir = mkdtempSync(join(tmpdir(), 'parley-demo-'));
// As root, the postgres system user must reach the cluster's directory inside this one.
chmodSync(dir, 0o755);
const postmasterPid = join(dir, 'postgres', 'data', 'postmaster.pid');
let demo: ChildProcess | undefined;

afterAll(() => {
  if (demo?.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
  // A demo that failed halfway may leave its PostgreSQL running: stop it before removing it.
  if (existsSync(postmasterPid)) {
    const stop = [
      join(postgresBinDir(), 'pg_ctl'),
      '-D',
      join(dir, 'postgres', 'data'),
      '-m',
      'immediate',
      'stop',
    ];
    const asRoot = process.getuid?.() === 0;
    execFileSync(asRoot ? 'runuser' : stop[0]!, asRoot ? ['-u', 'postgres', '--', ...stop] : stop.slice(1));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo:cluster', () => {
  it('starts PostgreSQL and two nodes, shows jobs spread over both and read from either, and stops all on Ctrl-C', async () => {
    demo = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '../../../scripts/cluster/clusterDemo.ts'), dir],
      {
        env: { ...process.env, PARLEY_DEMO_PORT: '0', PARLEY_APP_ID: '', PARLEY_APP_SECRET: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    demo.stdout!.on('data', (chunk) => {
      stdout += chunk;
    });
    demo.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => demo!.once('exit', (code) => resolve(code)));
    await Promise.race([
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (stdout.includes('Ctrl-C stops')) {
            clearInterval(check);
            resolve();
          }
        }, 50);
      }),
      exited.then((code) => {
        throw new Error(`demo exited (${code}):\n${stdout}\n${stderr}`);
      }),
    ]);

    const urls = [...stdout.matchAll(/^(node-\d): (http:\/\/\S+)/gm)].map((m) => [m[1], m[2]]);
    expect(urls.map(([node]) => node)).toEqual(['node-1', 'node-2']);
    const rows = [...stdout.matchAll(/^\w{4} (node-\d) +(node-\d) +(\d+) \((node-\d)\)$/gm)];
    expect(rows).toHaveLength(6);
    for (const [, submittedTo, , messages, readFrom] of rows) {
      expect(readFrom).not.toBe(submittedTo);
      expect(Number(messages)).toBe(2);
    }
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(['node-1', 'node-2']));
    // The credentials stay beside the deployment, readable by their owner only.
    expect(statSync(join(dir, 'credentials.json')).mode & 0o077).toBe(0);
    for (const [, url] of urls) expect((await fetch(`${url}/readyz`)).status).toBe(200);

    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(postmasterPid)).toBe(false);
    for (const node of ['node-1', 'node-2']) {
      expect(readFileSync(join(dir, `${node}.log`), 'utf8')).toContain('"server.closed"');
    }
  }, 300_000);
});
