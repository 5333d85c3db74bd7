import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One built file as the server sends it. */
export interface WebAsset {
  contentType: string;
  bytes: Buffer;
  /** The same bytes gzipped at build time, when the build made them. */
  gzip?: Buffer;
}

/** The names the pages reference, mapped to their content-hashed files (written by scripts/buildWeb.ts). */
export interface WebManifest {
  'app.js': string;
  'app.css': string;
  'icon.svg': string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A built file's name: content-hashed, no path. */
const ASSET_NAME = /^[A-Za-z0-9_-]+\.(?:js|css|svg)$/;

/**
 * The conversation pages' built assets (`npm run build:web` writes them to `dist/web`): the
 * manifest, and each file read once and kept in memory (they are small and content-hashed, so
 * they never change under a name). Only names listed by the build are served.
 */
export class WebAssets {
  readonly dir: string;
  #manifest: WebManifest | undefined;
  readonly #cache = new Map<string, Promise<WebAsset | undefined>>();

  constructor(dir = WebAssets.defaultDir()) {
    this.dir = dir;
  }

  /** `dist/web` of the package this module belongs to (found by walking up to its package.json). */
  static defaultDir(): string {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest) && readPackageName(manifest) === 'parley') return join(dir, 'dist', 'web');
      const parent = dirname(dir);
      if (parent === dir) return join(dirname(fileURLToPath(import.meta.url)), 'web');
      dir = parent;
    }
  }

  /** The build's manifest, or undefined when the assets were not built. */
  manifest(): WebManifest | undefined {
    if (this.#manifest !== undefined) return this.#manifest;
    try {
      this.#manifest = JSON.parse(readFileSync(join(this.dir, 'manifest.json'), 'utf8')) as WebManifest;
    } catch {
      return undefined;
    }
    return this.#manifest;
  }

  /** A built file by its hashed name; undefined for anything the build did not make. */
  get(name: string): Promise<WebAsset | undefined> {
    const manifest = this.manifest();
    if (manifest === undefined || !ASSET_NAME.test(name)) return Promise.resolve(undefined);
    const listed = Object.values(manifest).includes(name);
    if (!listed) return Promise.resolve(undefined);
    let cached = this.#cache.get(name);
    if (cached === undefined) {
      cached = this.#load(name);
      this.#cache.set(name, cached);
    }
    return cached;
  }

  async #load(name: string): Promise<WebAsset | undefined> {
    const extension = name.slice(name.lastIndexOf('.'));
    try {
      const bytes = await readFile(join(this.dir, name));
      const gzip = await readFile(join(this.dir, `${name}.gz`)).catch(() => undefined);
      return {
        contentType: TYPES[extension] ?? 'application/octet-stream',
        bytes,
        ...(gzip ? { gzip } : {}),
      };
    } catch {
      this.#cache.delete(name);
      return undefined;
    }
  }
}

function readPackageName(path: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}
