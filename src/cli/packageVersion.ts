import { existsSync, readFileSync } from 'node:fs';

/**
 * The version in Parley's own package.json: the nearest one above this file, which is the package
 * root both in a checkout (src/cli/) and in the built package (dist/src/cli/).
 */
export function packageVersion(): string {
  for (let url = new URL('./package.json', import.meta.url); ; url = new URL('../package.json', url)) {
    if (existsSync(url)) return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
    if (url.pathname === '/package.json') throw new Error('Parley: no package.json above its own files');
  }
}
