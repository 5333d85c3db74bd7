import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where `npm run build:web` writes, and where the server looks by default. */
export const WEB_OUT_DIR = join(ROOT, 'dist', 'web');

/** What a build wrote: the manifest (page names to hashed files) and each file's size. */
export interface WebBuild {
  manifest: Record<string, string>;
  bytes: Record<string, number>;
}

/**
 * Bundles the conversation pages (src/web) for the server to serve: one minified ES module, one
 * stylesheet and the icon, each named by a hash of its content (so they can be cached forever),
 * each with a gzipped twin, and `manifest.json` naming them. Files are written under temporary
 * names and renamed, the manifest last, and stale files are removed after it: a server reading the
 * folder meanwhile never sees a half-written file or a manifest naming a missing one.
 */
export async function buildWeb(outDir = WEB_OUT_DIR): Promise<WebBuild> {
  const web = join(ROOT, 'src', 'web');
  const result = await build({
    entryPoints: { app: join(web, 'main.ts'), style: join(web, 'page.css') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    legalComments: 'none',
    write: false,
    outdir: 'out',
    logLevel: 'silent',
  });
  const files: Array<[string, string, Uint8Array]> = [
    ['icon.svg', 'svg', readFileSync(join(web, 'icon.svg'))],
  ];
  for (const output of result.outputFiles) {
    if (output.path.endsWith('app.js')) files.push(['app.js', 'js', output.contents]);
    else if (output.path.endsWith('style.css')) files.push(['app.css', 'css', output.contents]);
  }
  mkdirSync(outDir, { recursive: true });
  const write = (file: string, contents: Uint8Array | string) => {
    const temp = join(outDir, `.${file}.${process.pid}.tmp`);
    writeFileSync(temp, contents);
    renameSync(temp, join(outDir, file));
  };
  const manifest: Record<string, string> = {};
  const bytes: Record<string, number> = {};
  for (const [name, extension, contents] of files) {
    const hash = createHash('sha256').update(contents).digest('hex').slice(0, 12);
    const file = `${name.slice(0, name.lastIndexOf('.'))}-${hash}.${extension}`;
    write(file, contents);
    write(`${file}.gz`, gzipSync(contents, { level: 9 }));
    manifest[name] = file;
    bytes[file] = contents.length;
  }
  write('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  const keep = new Set(['manifest.json', ...Object.values(manifest).flatMap((f) => [f, `${f}.gz`])]);
  for (const file of readdirSync(outDir))
    if (!keep.has(file) && !file.endsWith('.tmp')) rmSync(join(outDir, file));
  return { manifest, bytes };
}

/** Builds when the bundle is missing or older than any of its sources (what tests call). */
export async function buildWebIfStale(outDir = WEB_OUT_DIR): Promise<void> {
  const manifest = join(outDir, 'manifest.json');
  const sources = join(ROOT, 'src', 'web');
  const built = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  const stale = readdirSync(sources, { recursive: true, encoding: 'utf8' }).some(
    (file) => statSync(join(sources, file)).mtimeMs > built,
  );
  if (stale) await buildWeb(outDir);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { bytes } = await buildWeb();
  for (const [file, size] of Object.entries(bytes)) process.stdout.write(`dist/web/${file}  ${size} bytes\n`);
}
