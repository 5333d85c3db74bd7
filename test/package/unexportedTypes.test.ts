import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { declarationEntries, unexportedTypes } from './unexportedTypes.ts';

const root = mkdtempSync(join(tmpdir(), 'parley-unexported-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A package of declaration files: `files` maps a path under dist/ to its text. */
function fakePackage(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'dist', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'dist', path), text);
  }
  return dir;
}

describe('unexportedTypes', () => {
  it('finds a type a public signature uses that no entry exports, however deep', () => {
    const dir = fakePackage('deep', {
      'index.d.ts': `export { open } from './open.ts';\nexport type { Options } from './options.ts';`,
      'open.d.ts': `import type { Options } from './options.ts';\nexport declare function open(options: Options): import('./handle.ts').Handle;`,
      'options.d.ts': `import type { Retry } from './retry.ts';\nexport interface Options { retry?: Retry }`,
      'retry.d.ts': `export interface Retry { delays: Delay[] }\ninterface Delay { ms: number }`,
      'handle.d.ts': `export declare class Handle { close(): void; #private; private secret; }`,
    });
    const found = unexportedTypes(dir, { '.': 'dist/index.d.ts' });
    expect(found.map((t) => t.name).sort()).toEqual(['Delay', 'Handle', 'Retry']);
    expect(found.find((t) => t.name === 'Delay')).toMatchObject({
      declaredIn: 'dist/retry.d.ts',
      via: ['parley', 'Options', 'Retry', 'Delay'],
    });
  });

  it('accepts a type exported by another entry point, and ignores types from other packages', () => {
    const dir = fakePackage('split', {
      'index.d.ts': `import type { Server } from './server.ts';\nexport declare function connect(server: Server, at: Date): Promise<URL>;`,
      'server.d.ts': `export interface Server { url: string }`,
    });
    const entries = { '.': 'dist/index.d.ts', './server': 'dist/server.d.ts' };
    expect(unexportedTypes(dir, entries)).toEqual([]);
    expect(unexportedTypes(dir, { '.': 'dist/index.d.ts' }).map((t) => t.via.join(' > '))).toEqual([
      'parley > connect > Server',
    ]);
  });

  it('reads the entry points of an exports map', () => {
    expect(
      declarationEntries({
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './package.json': './package.json',
      }),
    ).toEqual({ '.': './dist/index.d.ts' });
  });
});
