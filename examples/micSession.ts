/**
 * A microphone session: live captions from the default input device, updated in place while a
 * sentence is spoken, kept once final. Ctrl-C ends the audio: the session sends `stop_request`,
 * prints the last sentences the server flushes, and exits after `conversation_completed`. A missing
 * recorder program (sox) is a DependencyMissingError saying what to install.
 * Run: npx tsx examples/micSession.ts
 * (uses PARLEY_BASE_URL and PARLEY_TOKEN when set, otherwise Parley's own server in-process)
 */

import {
  type AudioChunk,
  type FromMicOptions,
  fromMic,
  startLocalServer,
  streamingSession,
  type TranscriptUpdate,
  transcript,
} from 'parley';
import { fromEvent, NEVER, type Observable, takeUntil } from 'rxjs';

/** Options of {@link micSession}. */
export interface MicSessionOptions {
  baseUrl: string;
  token: string;
  /** Recorder settings (default: sox, 16 kHz mono, the default device). */
  mic?: FromMicOptions;
  /** Audio to use instead of the microphone (another source, or a test's). */
  audio$?: Observable<AudioChunk>;
  /** Ends the audio when it emits (the session then flushes and completes); default never. */
  stop$?: Observable<unknown>;
}

/** Live transcript updates of the microphone (or `audio$`). */
export function micSession(options: MicSessionOptions): Observable<TranscriptUpdate> {
  const audio$ = options.audio$ ?? fromMic(options.mic);
  return audio$.pipe(
    takeUntil(options.stop$ ?? NEVER),
    streamingSession({ baseUrl: options.baseUrl, token: options.token, speaker: { name: 'me' } }),
    transcript(),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { PARLEY_BASE_URL: baseUrl, PARLEY_TOKEN: token } = process.env;
  const local = baseUrl && token ? undefined : await startLocalServer();
  const target = local ?? { baseUrl: baseUrl as string, token: token as string };
  micSession({ ...target, stop$: fromEvent(process, 'SIGINT') }).subscribe({
    next: (update) => process.stdout.write(`\r\x1b[2K${update.text}${update.isFinal ? '\n' : ''}`),
    error: (error) => {
      console.error(`\n${error}`);
      void local?.close();
    },
    complete: () => void local?.close(),
  });
}
