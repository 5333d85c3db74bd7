/**
 * What starting Parley costs, from the built package (dist/, as installed), against baselines
 * measured in the same run:
 *   cli      `bin/parley --help` against `node -e 0` (target: at most 0.3 s more than bare node)
 *   import   `import { createClient } from 'parley'` against `import { Observable } from 'rxjs'`:
 *            wall time, modules loaded (ES modules through a load hook, CommonJS through
 *            require.cache) and native addons mapped into the process (must be none)
 * Each command runs BENCH_RUNS times (default 10), the sides interleaved; medians count.
 * 'parley' resolves through the package's own exports, so this measures dist/: build first.
 *   npm run build && npx tsx bench/packageStartup.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 10);
if (!existsSync(join(repo, 'dist/src/cli/main.js'))) {
  process.stderr.write('bench: dist/ is missing; run `npm run build` first\n');
  process.exit(1);
}

const lines: string[] = [];
const note = (text = ''): void => {
  lines.push(text);
  process.stdout.write(`${text}\n`);
};
const load = (): string =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

/** Wall seconds of one run of `node ...args` from the repository root; it must succeed. */
function timeNode(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median wall time of each command, the commands run in turn `runs` times (after one warm-up each). */
function medians(commands: Record<string, string[]>): Record<string, number> {
  const samples: Record<string, number[]> = {};
  for (const [name, args] of Object.entries(commands)) {
    timeNode(args);
    samples[name] = [];
  }
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of Object.entries(commands)) samples[name]!.push(timeNode(args));
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)]));
}

const scratch = mkdtempSync(join(tmpdir(), 'parley-startup-'));
const hooks = join(scratch, 'recordLoads.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.LOADS, url + '\\n');
  return next(url, context);
}`,
);

interface Footprint {
  esModules: number;
  commonJsModules: number;
  addons: string[];
  packages: string[];
}

/** What importing `specifier` loads, counted in a fresh process. */
function footprint(specifier: string): Footprint {
  const loads = join(scratch, `loads-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(loads, '');
  const script = `import { register, createRequire } from 'node:module';
register(${JSON.stringify(`file://${hooks}`)});
await import(${JSON.stringify(specifier)});
const commonJs = Object.keys(createRequire(import.meta.url).cache);
const addons = process.report.getReport().sharedObjects.filter((file) => file.endsWith('.node'));
console.log(JSON.stringify({ commonJs, addons }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repo,
    env: { ...process.env, LOADS: loads },
  }).toString();
  const { commonJs, addons } = JSON.parse(out) as { commonJs: string[]; addons: string[] };
  const esm = readFileSync(loads, 'utf8')
    .split('\n')
    .filter((url) => url !== '' && !url.startsWith('node:') && !url.startsWith('data:'));
  const packageOf = (path: string): string | undefined =>
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? (path.includes('/dist/') ? 'parley' : undefined);
  const packages = new Set([...esm, ...commonJs].map(packageOf).filter((p) => p !== undefined));
  // CommonJS modules imported from ES modules pass through the hook too; count them once.
  const esOnly = esm.filter((url) => !commonJs.includes(fileURLToPath(url)));
  return {
    esModules: esOnly.length,
    commonJsModules: commonJs.length,
    addons,
    packages: [...packages].sort(),
  };
}

try {
  note('# Package start-up: the CLI and the root import, from dist/');
  note();
  note(
    `\`npx tsx bench/packageStartup.ts\` (BENCH_RUNS=${runs}), Node ${process.version}, ${load()} at the start.`,
  );
  note();

  const cli = medians({
    node: ['-e', '0'],
    help: [join(repo, 'bin/parley'), '--help'],
  });
  note('| command | median wall, s | over bare node, s |');
  note('| --- | ---: | ---: |');
  note(`| \`node -e 0\` (baseline) | ${cli.node!.toFixed(3)} | - |`);
  note(
    `| \`parley --help\` | ${cli.help!.toFixed(3)} | **${(cli.help! - cli.node!).toFixed(3)}** (target <= 0.3) |`,
  );
  note();

  const rxjs = "import { Observable } from 'rxjs';";
  const parley = "import { createClient } from 'parley';";
  const imports = medians({
    node: ['--input-type=module', '-e', '0'],
    rxjs: ['--input-type=module', '-e', rxjs],
    parley: ['--input-type=module', '-e', parley],
  });
  const rxjsFootprint = footprint('rxjs');
  const parleyFootprint = footprint('parley');
  note(
    '| import | median wall, s | over bare node, s | / rxjs alone | ES modules | CommonJS modules | native addons | packages |',
  );
  note('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  note(
    `| nothing (\`node --input-type=module -e 0\`) | ${imports.node!.toFixed(3)} | - | - | - | - | - | - |`,
  );
  for (const [name, statement, f] of [
    ['rxjs', rxjs, rxjsFootprint],
    ['parley', parley, parleyFootprint],
  ] as const) {
    note(
      `| \`${statement}\` | ${imports[name]!.toFixed(3)} | ${(imports[name]! - imports.node!).toFixed(3)} | ${(
        (imports[name]! - imports.node!) / (imports.rxjs! - imports.node!)
      ).toFixed(
        2,
      )} | ${f.esModules} | ${f.commonJsModules} | ${f.addons.length} | ${f.packages.join(', ')} |`,
    );
  }
  note();
  note(`(${load()} at the end)`);
  if (parleyFootprint.addons.length > 0) {
    process.stderr.write(
      `bench: importing parley mapped native addons: ${parleyFootprint.addons.join(', ')}\n`,
    );
    process.exitCode = 1;
  }
  const out = fileURLToPath(new URL('./packageStartup.results.md', import.meta.url));
  writeFileSync(out, `${lines.join('\n')}\n`);
  process.stdout.write(`\nwritten to ${out}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
