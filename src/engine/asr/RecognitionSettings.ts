import { ValidationError } from '../../errors/ValidationError.ts';
import { RecognizerBackend } from '../../model/asyncApi.ts';
import type { Recognizer } from './Recognizer.ts';
import { RemoteRecognizer, type RemoteRecognizerOptions } from './RemoteRecognizer.ts';

/**
 * Which recogniser a server uses, plain data so it can cross to job worker threads. `remote`
 * configures the transcription server; `backend` is the default for jobs that do not choose one
 * and for live sessions (default: `remote` when one is configured, else `pocketsphinx`).
 */
export interface RecognitionSettings {
  backend?: RecognizerBackend;
  remote?: RemoteRecognizerOptions;
}

/**
 * Settings from the environment: `PARLEY_RECOGNIZER_URL` (the server; enables the remote backend),
 * `PARLEY_RECOGNIZER_MODEL`, `PARLEY_RECOGNIZER_API_KEY`, `PARLEY_RECOGNIZER_TIMEOUT_MS`, and
 * `PARLEY_RECOGNIZER` (`pocketsphinx` or `remote`, the default backend).
 */
export function recognitionSettingsFromEnv(env: NodeJS.ProcessEnv): RecognitionSettings {
  const url = env.PARLEY_RECOGNIZER_URL?.trim();
  const backend = env.PARLEY_RECOGNIZER?.trim();
  if (backend !== undefined && backend !== '' && !RecognizerBackend.safeParse(backend).success)
    throw new ValidationError('environment', [
      { path: 'PARLEY_RECOGNIZER', message: `expected pocketsphinx or remote, got "${backend}"` },
    ]);
  const timeout = env.PARLEY_RECOGNIZER_TIMEOUT_MS?.trim();
  return {
    ...(backend ? { backend: backend as RecognizerBackend } : {}),
    ...(url
      ? {
          remote: {
            url,
            ...(env.PARLEY_RECOGNIZER_MODEL ? { model: env.PARLEY_RECOGNIZER_MODEL } : {}),
            ...(env.PARLEY_RECOGNIZER_API_KEY ? { apiKey: env.PARLEY_RECOGNIZER_API_KEY } : {}),
            ...(timeout ? { timeoutMs: Number(timeout) } : {}),
          },
        }
      : {}),
  };
}

/**
 * Checks settings once, at start-up: the remote server's URL and limits must be usable, and a
 * remote default needs a remote server. Throws ValidationError naming the field.
 */
export function checkRecognitionSettings(settings: RecognitionSettings): void {
  if (settings.remote !== undefined) new RemoteRecognizer(settings.remote);
  if (settings.backend === 'remote' && settings.remote === undefined)
    throw new ValidationError('recognition settings', [
      {
        path: 'backend',
        message: 'remote needs the transcription server URL (PARLEY_RECOGNIZER_URL, --recognizer-url)',
      },
    ]);
}

/**
 * The recogniser for a job or session: `requested` if given, else the settings' default.
 * `undefined` means pocketsphinx on the shared worker pool (callers' default). Throws
 * ValidationError when the remote backend is asked for and none is configured.
 */
export function recognizerFor(
  settings: RecognitionSettings,
  requested?: RecognizerBackend,
): Recognizer | undefined {
  const backend = requested ?? settings.backend ?? (settings.remote ? 'remote' : 'pocketsphinx');
  if (backend === 'pocketsphinx') return undefined;
  if (settings.remote === undefined)
    throw new ValidationError('recognition options', [
      {
        path: 'recognizer',
        message:
          'this server has no remote recogniser configured (set PARLEY_RECOGNIZER_URL or --recognizer-url)',
      },
    ]);
  return new RemoteRecognizer(settings.remote);
}
