import { type RecognitionSettings, recognitionSettingsFromEnv } from '../engine/asr/RecognitionSettings.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import { RecognizerBackend } from '../model/asyncApi.ts';
import { serveCommand } from '../server/serveCommand.ts';
import { UsageError } from './UsageError.ts';

/** The options of `parley serve`. */
export interface ServeFlags {
  host: string;
  port: string;
  dataDir?: string;
  database?: string;
  mediaDir?: string;
  role?: string;
  nodeId?: string;
  advertiseUrl?: string;
  drainDelay?: string;
  timezone?: string;
  recognizer?: string;
  recognizerUrl?: string;
  recognizerModel?: string;
  keepMedia?: boolean;
  publicUrl?: string;
  allowPrivateNetworks?: boolean;
  trustProxy?: boolean;
  shutdownTimeout: string;
}

/** The environment's recogniser settings with the command line's flags on top. */
function recognitionFromFlags(flags: ServeFlags): RecognitionSettings {
  const fromEnv = recognitionSettingsFromEnv(process.env);
  let backend = fromEnv.backend;
  if (flags.recognizer !== undefined) {
    const parsed = RecognizerBackend.safeParse(flags.recognizer);
    if (!parsed.success)
      throw new ValidationError('serve options', [
        { path: 'recognizer', message: 'expected pocketsphinx or remote' },
      ]);
    backend = parsed.data;
  }
  const url = flags.recognizerUrl ?? fromEnv.remote?.url;
  const model = flags.recognizerModel ?? fromEnv.remote?.model;
  return {
    ...(backend === undefined ? {} : { backend }),
    ...(url === undefined
      ? {}
      : { remote: { ...fromEnv.remote, url, ...(model === undefined ? {} : { model }) } }),
  };
}

/** Runs `parley serve` until the server closes (SIGTERM or Ctrl-C). */
export async function runServe(flags: ServeFlags): Promise<void> {
  const timeZone = flags.timezone ?? process.env.PARLEY_TIMEZONE;
  const server = await serveCommand({
    host: flags.host,
    port: flags.port,
    ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
    ...(flags.database === undefined ? {} : { database: flags.database }),
    ...(flags.mediaDir === undefined ? {} : { mediaDir: flags.mediaDir }),
    ...(flags.role === undefined ? {} : { role: flags.role }),
    ...(flags.nodeId === undefined ? {} : { nodeId: flags.nodeId }),
    ...(flags.advertiseUrl === undefined ? {} : { advertiseUrl: flags.advertiseUrl }),
    ...(flags.drainDelay === undefined ? {} : { drainDelay: flags.drainDelay }),
    server: {
      recognition: recognitionFromFlags(flags),
      ...(flags.keepMedia ? { keepMedia: true } : {}),
      ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
      ...(timeZone === undefined ? {} : { timeZone }),
      ...(flags.allowPrivateNetworks ? { allowPrivateNetworks: true } : {}),
      ...(flags.trustProxy ? { trustProxy: true } : {}),
      shutdownTimeoutMs: seconds(flags.shutdownTimeout, '--shutdown-timeout') * 1000,
    },
  });
  await server.closed;
}

function seconds(text: string, option: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new UsageError(option, `expected a number of seconds, got "${text}"`);
  return value;
}
