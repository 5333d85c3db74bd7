import { createClient, type ParleyClient } from '../client/createClient.ts';

/**
 * The client a command works through: the server the environment or a config file names, or with
 * nothing configured the engine on this machine, which `notice` is told about when it starts.
 * A command closes the client when it is done, or at once on Ctrl-C: then the engine hands back
 * the jobs it is running without waiting (they resume the next time it starts). `idleMs` keeps
 * the engine up that long without requests (a command serving pages raises it).
 */
export function openClient(
  env: NodeJS.ProcessEnv,
  notice: (text: string) => void,
  options: { idleMs?: number } = {},
): ParleyClient {
  let told = false;
  return createClient({
    env,
    embedded: {
      ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
      server: { jobGraceMs: 0 },
      onStart: ({ dataDir }) => {
        if (told) return;
        told = true;
        notice(`no server configured: using the engine on this machine (data in ${dataDir})`);
      },
    },
  });
}
