/**
 * ffmpeg output into live transcription: whatever ffmpeg can open (a file, a URL, a capture
 * device, a pipe) is transcoded to 16 kHz PCM and streamed to the Streaming API; each final
 * sentence is printed as it is recognised. The session's send buffer holds ffmpeg back when the
 * server is slower than ffmpeg (the `lag` -> `paused` loop), so even a long file streams in bounded
 * memory.
 * Run: npx tsx examples/liveFromFfmpeg.ts <input>
 * (uses PARLEY_BASE_URL and PARLEY_TOKEN when set, otherwise Parley's own server in-process)
 */

import {
  type FfmpegInput,
  type FromFfmpegOptions,
  fromFfmpeg,
  startLocalServer,
  streamingSession,
  transcript,
} from 'parley';
import { BehaviorSubject, map, type Observable } from 'rxjs';

/** Where the session goes. */
export interface LiveTarget {
  baseUrl: string;
  token: string;
}

/** Final sentences of `input`, live, as ffmpeg delivers the audio. */
export function liveFromFfmpeg(
  input: FfmpegInput,
  target: LiveTarget,
  ffmpeg: Omit<FromFfmpegOptions, 'paused'> = {},
): Observable<string> {
  const lagging = new BehaviorSubject(false);
  return fromFfmpeg(input, { ...ffmpeg, paused: lagging }).pipe(
    streamingSession({ ...target, sendBuffer: { lag: lagging } }),
    transcript({ final: true }),
    map((update) => update.text),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const input = process.argv[2];
  if (!input) throw new Error('usage: examples/liveFromFfmpeg.ts <input>');
  const { PARLEY_BASE_URL: baseUrl, PARLEY_TOKEN: token } = process.env;
  const local = baseUrl && token ? undefined : await startLocalServer();
  const target = local ?? { baseUrl: baseUrl as string, token: token as string };
  liveFromFfmpeg(input, target).subscribe({
    next: (line) => console.log(line),
    error: (error) => {
      console.error(error);
      void local?.close();
    },
    complete: () => void local?.close(),
  });
}
