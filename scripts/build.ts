/**
 * `npm run build` (and `prepack`): compiles the package's source folders to dist/ with tsc (ESM,
 * declarations, source maps with the sources inlined), then copies every other file of those
 * folders that the runtime reads (worker entry files, JSON model weights, ...) to the same place
 * under dist/. Anything that is not TypeScript or Markdown counts as a runtime file, so one added
 * later ships without a change here. Last it bundles the conversation pages (src/web, browser
 * code that tsc does not compile here) into dist/web, where the server looks for them. dist/ is
 * rebuilt from empty: a deleted source leaves nothing stale behind.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb, WEB_OUT_DIR } from './buildWeb.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const config = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as {
  compilerOptions: { outDir: string };
  include: string[];
};
const outDir = join(root, config.compilerOptions.outDir);

/** The browser code's folder: bundled by buildWeb, not copied file by file. */
const webSources = join(root, 'src', 'web');

/** Files of the source folders that tsc does not emit but the package needs at run time. */
function isRuntimeAsset(name: string): boolean {
  return !name.endsWith('.ts') && !name.endsWith('.md') && !name.startsWith(`${webSources}/`);
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

rmSync(outDir, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

let copied = 0;
for (const folder of config.include) {
  for (const file of filesUnder(join(root, folder))) {
    if (!isRuntimeAsset(file)) continue;
    const target = join(outDir, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    copied++;
  }
}
const web = await buildWeb(WEB_OUT_DIR);
process.stderr.write(
  `build: compiled ${config.include.join(', ')} into ${relative(root, outDir)}/, copied ${copied} runtime files, bundled the pages into ${relative(root, WEB_OUT_DIR)}/ (${Object.keys(web.bytes).length} files)\n`,
);
