import { createClient, type ParleyClient } from '../client/createClient.ts';

/**
 * The client a command works through: the server the environment or a config file names, or with
 * nothing configured the engine on this machine, which `notice` is told about when it starts.
 */
export function openClient(env: NodeJS.ProcessEnv, notice: (text: string) => void): ParleyClient {
  let told = false;
  return createClient({
    env,
    embedded: {
      onStart: ({ dataDir }) => {
        if (told) return;
        told = true;
        notice(`no server configured: using the engine on this machine (data in ${dataDir})`);
      },
    },
  });
}
