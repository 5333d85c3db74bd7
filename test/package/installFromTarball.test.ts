import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { declarationEntries, unexportedTypes } from './unexportedTypes.ts';

/*
 * Parley as an application gets it: `npm pack` (which builds), then `npm install` of the tarball
 * into an empty project, with the install-script approval the README asks for. Everything below
 * runs against node_modules/parley of that project, never against the checkout.
 */

const run = promisify(execFile);
const repo = new URL('../../', import.meta.url).pathname;
const packageJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, unknown>;
};
const subpaths = Object.keys(packageJson.exports).filter((s) => s !== './package.json');
const specifiers = subpaths.map((s) => (s === '.' ? 'parley' : `parley/${s.slice(2)}`));
const versionOf = (name: string): string =>
  (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;

const work = mkdtempSync(join(tmpdir(), 'parley-install-'));
const app = join(work, 'app');
const installed = join(app, 'node_modules', 'parley');
// The command and the embedded engine run with nothing configured: an empty home, PATH only.
const home = join(work, 'home');
const bareEnv = { PATH: process.env.PATH ?? '', HOME: home };
let packed: { filename: string; size: number; entryCount: number; files: Array<{ path: string }> };

/** Slow steps (type-checking, transcribing) get this long; a hung child is killed, not left behind. */
const SLOW_MS = 300_000;

async function node(
  args: string[],
  env: NodeJS.ProcessEnv = bareEnv,
): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, args, { cwd: app, env, maxBuffer: 16 * 1024 * 1024, timeout: SLOW_MS });
}

/**
 * The recording both transcriptions use: the sample meeting up to David's promise to fix the
 * payment page (its first six turns, about a third of it), to keep the run short.
 */
async function meetingStart(): Promise<string> {
  const path = join(app, 'meeting.wav');
  if (existsSync(path)) return path;
  const fixture = await synthesizeConversation('sample-meeting');
  const seconds = (fixture.turns[5]!.end + 0.5).toFixed(2);
  await run('ffmpeg', ['-v', 'error', '-i', fixture.mixWav, '-t', seconds, path]);
  return path;
}

/** A module hook that appends each module URL it loads to the file named by `LOADS`. */
function recordLoadsHook(): string {
  return write(
    'recordLoads.mjs',
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.LOADS, url + '\\n');
  return next(url, context);
}`,
  );
}

function write(name: string, text: string): string {
  const path = join(app, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: repo,
    maxBuffer: 64 * 1024 * 1024,
  });
  // npm prints the prepack build's output before the JSON.
  packed = (JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as (typeof packed)[])[0]!;
  mkdirSync(app);
  mkdirSync(home);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'parley-install-check',
      private: true,
      type: 'module',
      // What `npm install-scripts approve better-sqlite3 koffi` writes (README, "Installing").
      allowScripts: { 'better-sqlite3': true, koffi: true },
    }),
  );
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      // Refuse to install unless the approval above covers every install script.
      '--strict-allow-scripts',
      join(work, packed.filename),
      `typescript@${versionOf('typescript')}`,
      `@types/node@${versionOf('@types/node')}`,
    ],
    { cwd: app, maxBuffer: 64 * 1024 * 1024 },
  );
}, 900_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the package as installed from its tarball', () => {
  it('holds the built output, the command and the documents, and nothing from the test or dev tree', () => {
    const paths = packed.files.map((f) => f.path);
    const outside = paths.filter(
      (p) => !/^(dist|bin)\//.test(p) && !['package.json', 'README.md', 'LICENSE'].includes(p),
    );
    expect(outside).toEqual([]);
    expect(paths.filter((p) => /(^|\/)(test|bench|scripts|examples)\//.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    // The worker entries are not compiled by tsc; the build copies them.
    expect(paths).toContain('dist/src/server/jobs/jobWorker.mjs');
    expect(paths).toContain('dist/src/engine/asr/pocketsphinxWorker.mjs');
    // The NLP models' weights, read next to their modules.
    expect(paths.filter((p) => /^dist\/src\/engine\/nlp\/models\/.+\.json$/.test(p)).length).toBeGreaterThan(
      0,
    );
    // The conversation pages, bundled: a manifest and the files it names; not their sources.
    expect(paths).toContain('dist/web/manifest.json');
    expect(paths.filter((p) => p.startsWith('dist/src/web/'))).toEqual([]);
    for (const subpath of subpaths) {
      const target = packageJson.exports[subpath] as { types: string; default: string };
      expect(paths).toContain(target.types.slice(2));
      expect(paths).toContain(target.default.slice(2));
    }
  });

  it('imports every entry point from an .mjs file', async () => {
    const script = write(
      'entries.mjs',
      `const entries = ${JSON.stringify(specifiers)};
const names = {};
for (const entry of entries) names[entry] = Object.keys(await import(entry)).sort();
console.log(JSON.stringify(names));`,
    );
    const names = JSON.parse((await node([script])).stdout) as Record<string, string[]>;
    expect(names.parley).toEqual(
      expect.arrayContaining(['createClient', 'streamingSession', 'fromFile', 'ParleyError']),
    );
    expect(names['parley/server']).toEqual(
      expect.arrayContaining(['createServer', 'SqliteStore', 'PostgresStore']),
    );
    expect(names['parley/engine']).toEqual(
      expect.arrayContaining(['transcribeAudio', 'speechToMessages', 'ConversationAggregate']),
    );
    expect(names['parley/model']).toEqual(
      expect.arrayContaining(['JobStatus', 'ConversationMessage', 'parse']),
    );
    expect(names['parley/errors']).toEqual(expect.arrayContaining(['ParleyError', 'ValidationError']));
    expect(names['parley/operators']).toEqual(expect.arrayContaining(['frames', 'vad', 'transcript']));
    expect(names['parley/sources']).toEqual(expect.arrayContaining(['fromFile', 'fromRtp']));
    expect(names['parley/telephony']).toEqual(expect.arrayContaining(['startSip', 'startPstn']));
    // Internals stay internal.
    expect(names.parley).not.toEqual(expect.arrayContaining(['toSourceError']));
    expect(names.parley).not.toEqual(expect.arrayContaining(['sequenceDelta']));
    expect(names.parley).not.toEqual(expect.arrayContaining(['serveCommand']));
  });

  it('loads no server, database, native addon or NLP library when the root is imported', async () => {
    const hooks = recordLoadsHook();
    const script = write(
      'root.mjs',
      `import { register } from 'node:module';
register(${JSON.stringify(`file://${hooks}`)});
const { createClient } = await import('parley');
const client = createClient();
await client.close();
const addons = process.report.getReport().sharedObjects.filter((file) => file.endsWith('.node'));
console.log(JSON.stringify(addons));`,
    );
    const loads = join(work, 'loads.txt');
    const addons = JSON.parse((await node([script], { ...bareEnv, LOADS: loads })).stdout) as string[];
    expect(addons).toEqual([]);
    const urls = readFileSync(loads, 'utf8').split('\n').filter(Boolean);
    expect(urls.some((url) => url.includes('/node_modules/parley/dist/src/index.js'))).toBe(true);
    const heavy =
      /\/(better-sqlite3|koffi|compromise|wink-nlp|wink-eng-lite-web-model|chrono-node|vader-sentiment|pg)\/|\/parley\/dist\/src\/(server|engine\/(nlp|asr|conversation))\//;
    expect(urls.filter((url) => heavy.test(url))).toEqual([]);
  });

  it('loads the PostgreSQL driver only for a PostgreSQL store: not with parley/server, not on SQLite', async () => {
    const hooks = recordLoadsHook();
    const script = write(
      'serverOnSqlite.mjs',
      `import { register } from 'node:module';
register(${JSON.stringify(`file://${hooks}`)});
const { createServer, silentLogger } = await import('parley/server');
const server = await createServer({ dataDir: ${JSON.stringify(join(work, 'sqlite-node'))}, logger: silentLogger });
await server.close();
process.exit(0);`,
    );
    const loads = join(work, 'server-loads.txt');
    await node([script], { ...bareEnv, LOADS: loads });
    const urls = readFileSync(loads, 'utf8').split('\n').filter(Boolean);
    expect(urls.some((url) => url.includes('/parley/dist/src/server/store/SqliteStore.js'))).toBe(true);
    expect(urls.filter((url) => /\/node_modules\/pg(-[a-z]+)?\//.test(url))).toEqual([]);
  });

  it("runs the installed `parley serve`, which serves the conversation pages' assets", async () => {
    const manifest = JSON.parse(
      readFileSync(join(installed, 'dist', 'web', 'manifest.json'), 'utf8'),
    ) as Record<string, string>;
    const parley = join(app, 'node_modules', '.bin', 'parley');
    const server = spawn(parley, ['serve', '--port', '0', '--data-dir', join(work, 'serve-data')], {
      cwd: app,
      env: bareEnv,
    });
    const closed = new Promise<number | null>((resolve) => server.once('close', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        server.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const listening = /listening on (http:\/\/\S+)/.exec(stdout);
          if (listening) resolve(listening[1]!);
        });
        server.once('close', (code) =>
          reject(new Error(`parley serve exited with ${code} before listening`)),
        );
      });
      const asset = await fetch(`${url}/pages/assets/${manifest['app.js']}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      // The page itself is built: a bad link is named as such, not answered with "not built".
      const page = await fetch(`${url}/pages/conversations/1?grant=not-a-grant`);
      expect(page.status).toBe(401);
      expect(await page.text()).toMatch(/This link is not valid/);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await closed).toBe(0);
  });

  it('is required from a .cjs file (Node 20 loads ES modules through require)', async () => {
    const script = write(
      'entries.cjs',
      `const entries = ${JSON.stringify(specifiers)};
const counts = {};
for (const entry of entries) counts[entry] = Object.keys(require(entry)).length;
const { createClient, ParleyError } = require('parley');
console.log(JSON.stringify({ counts, createClient: typeof createClient, error: new ParleyError('CHECK', 'x') instanceof Error }));`,
    );
    const result = JSON.parse((await node([script])).stdout) as {
      counts: Record<string, number>;
      createClient: string;
      error: boolean;
    };
    expect(result.createClient).toBe('function');
    expect(result.error).toBe(true);
    for (const specifier of specifiers) expect(result.counts[specifier]).toBeGreaterThan(0);
  });

  it(
    'names every type its public signatures use, from one of its entry points',
    () => {
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
        exports: Record<string, unknown>;
      };
      expect(unexportedTypes(installed, declarationEntries(manifest.exports))).toEqual([]);
    },
    SLOW_MS,
  );

  it(
    'type-checks a TypeScript consumer under nodenext and under bundler resolution',
    async () => {
      // What the README teaches, plus one use of each entry point.
      for (const [index, block] of readmeTypeScript().entries()) write(`readme${index}.ts`, block);
      write(
        'consumer.ts',
        `import { createClient, type ParleyClient, HttpTransport, type StreamingEvent, frames, fromFile, vad } from 'parley';
import { createServer, type ServerOptions, type Store } from 'parley/server';
import { transcribeAudio, type ConversationSnapshot, ConversationAggregate } from 'parley/engine';
import { JobStatus, parse } from 'parley/model';
import { ParleyError, ValidationError } from 'parley/errors';
import { transcript } from 'parley/operators';
import { fromRtp } from 'parley/sources';
import { startSip, type TelephonyConnectionEvent } from 'parley/telephony';

const client: ParleyClient = createClient({ appId: 'a', appSecret: 'b' });
const transport: HttpTransport = client.http;
const options: ServerOptions = { dataDir: './data' };
const store: Store | undefined = options.store;
const status = parse(JobStatus, { id: 'j', status: 'completed' }, 'job');
const events: StreamingEvent[] = [];
const calls: TelephonyConnectionEvent[] = [];
export const uses = [transport, store, status.status, events, calls, createServer, transcribeAudio, ConversationAggregate,
  ParleyError, ValidationError, transcript, fromRtp, startSip, frames, fromFile, vad];
export type Snapshot = ConversationSnapshot;
`,
      );
      const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
      const common = ['--noEmit', '--strict', '--target', 'es2022', '--types', 'node'];
      const files = ['consumer.ts', ...readmeTypeScript().map((_, i) => `readme${i}.ts`)];
      for (const resolution of [
        ['--module', 'nodenext', '--moduleResolution', 'nodenext'],
        ['--module', 'esnext', '--moduleResolution', 'bundler'],
      ]) {
        const result = await node([tsc, ...common, ...resolution, ...files]).catch(
          (error: { stdout: string }) => error,
        );
        expect(result.stdout, resolution.join(' ')).toBe('');
      }
    },
    2 * SLOW_MS,
  );

  it(
    "runs the README's first example as written",
    async () => {
      await meetingStart();
      const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
      await node([
        tsc,
        '--module',
        'nodenext',
        '--target',
        'es2022',
        '--types',
        'node',
        '--outDir',
        'out',
        'readme0.ts',
      ]);
      const { stdout } = await node(['out/readme0.js']);
      // Action items with their assignees, then one line per 20 ms frame.
      expect(stdout).toMatch(/payment page/i);
      expect(stdout).toMatch(/^true -\d/m);
      expect(stdout).toMatch(/^false -\d/m);
    },
    2 * SLOW_MS,
  );

  it(
    'runs the installed `parley transcribe` with nothing configured, on the embedded engine',
    async () => {
      const recording = await meetingStart();
      const parley = join(app, 'node_modules', '.bin', 'parley');
      const { stdout, stderr } = await run(parley, ['transcribe', recording, '--diarize', '2'], {
        cwd: app,
        env: bareEnv,
        maxBuffer: 16 * 1024 * 1024,
        timeout: SLOW_MS,
      });
      expect(stderr).toMatch(/no server configured: using the engine on this machine/);
      expect(stdout.toLowerCase()).toMatch(/mobile app/);
      expect(stdout.toLowerCase()).toMatch(/payment page/);
      const help = await run(parley, ['--version'], { cwd: app, env: bareEnv });
      expect(help.stdout.trim()).toBe(packageJson.version);
    },
    SLOW_MS + 10_000,
  );
});

/** The ```ts blocks of the README that import Parley: the library examples. */
function readmeTypeScript(): string[] {
  const readme = readFileSync(join(installed, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
    .map(([, code]) => code!)
    .filter((code) => /from 'parley(\/\w+)?'/.test(code));
}
