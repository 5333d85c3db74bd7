import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the embedded engine keeps its data: `$XDG_DATA_HOME/parley`, else
 * `~/.local/share/parley` (the XDG default, which also suits macOS command-line tools).
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, home = env.HOME || homedir()): string {
  const xdg = env.XDG_DATA_HOME?.trim();
  return xdg ? join(xdg, 'parley') : join(home, '.local', 'share', 'parley');
}
