import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { Observable } from 'rxjs';
import { AudioSourceError } from '../src/errors/AudioSourceError.ts';
import { DependencyMissingError } from '../src/errors/DependencyMissingError.ts';
import { ValidationError } from '../src/errors/ValidationError.ts';
import { type AudioChunk, type AudioFormat, checkAudioFormat } from './AudioChunk.ts';
import { fromReadable } from './fromReadable.ts';

const require = createRequire(import.meta.url);
interface RecorderLibrary {
  record(options: Record<string, unknown>): { process: ChildProcess; stream(): Readable; stop(): void };
}
/** node-record-lpcm16, required on first use so that importing Parley does not load it. */
let recorderLibrary: RecorderLibrary | undefined;

/** Recorder programs node-record-lpcm16 can drive. */
export type MicRecorder = 'sox' | 'rec' | 'arecord';

/** Options of {@link fromMic}. */
export interface FromMicOptions {
  /** Capture rate in Hz (default 16000). */
  sampleRate?: number;
  /** Capture channels (default 1). */
  channels?: number;
  /** Recorder program (default `sox`). */
  recorder?: MicRecorder;
  /**
   * Capture device: an ALSA name such as `hw:1,0` for arecord, the `AUDIODEV` device for sox
   * (whose driver follows sox's `AUDIODRIVER` environment variable). Default: the system default.
   */
  device?: string;
  /** Bound of the queue between the recorder and the subscriber (see fromReadable; default 1 MiB). */
  maxBufferedBytes?: number;
}

/** Lines of the recorder's stderr kept to explain a failure. */
const STDERR_LINES = 6;

const PACKAGE_OF: Record<MicRecorder, string> = { sox: 'sox', rec: 'sox', arecord: 'alsa-utils' };

/**
 * Microphone audio through node-record-lpcm16, as raw s16le PCM (never a WAV header). One
 * recorder process per subscription, stopped on unsubscribe. A recorder program that is not
 * installed is DependencyMissingError naming the package to install; a recorder that fails (no
 * device, device busy) is AudioSourceError quoting its reason. Neither ever crashes the process.
 */
export function fromMic(options: FromMicOptions = {}): Observable<AudioChunk> {
  const recorder = options.recorder ?? 'sox';
  if (!(recorder in PACKAGE_OF)) {
    throw new ValidationError('fromMic options', [
      { path: 'recorder', message: `must be sox, rec or arecord, got ${String(recorder)}` },
    ]);
  }
  const format: AudioFormat = checkAudioFormat(
    { sampleRate: options.sampleRate ?? 16000, channels: options.channels ?? 1, encoding: 's16le' },
    'fromMic options',
  );
  return new Observable<AudioChunk>((subscriber) => {
    recorderLibrary ??= require('node-record-lpcm16') as RecorderLibrary;
    const recording = recorderLibrary.record({
      sampleRate: format.sampleRate,
      channels: format.channels,
      recorder,
      device: options.device,
      audioType: 'raw',
    });
    const child = recording.process;
    const stderr: string[] = [];
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr.push(...text.split('\n').filter((line) => line.trim() !== ''));
      if (stderr.length > STDERR_LINES) stderr.splice(0, stderr.length - STDERR_LINES);
    });
    let failure: Error | undefined;
    const exited = new Promise<void>((resolve) => {
      // node-record-lpcm16 attaches no 'error' listener: without this one a missing binary crashes.
      child.once('error', (error) => {
        failure =
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? new DependencyMissingError(
                `The ${recorder} recorder is not installed (install the ${PACKAGE_OF[recorder]} package)`,
                { cause: error },
              )
            : new AudioSourceError(`${recorder} could not start: ${error.message}`, { cause: error });
        resolve();
      });
      child.once('close', (code, signal) => {
        if (code !== 0 && failure === undefined && signal !== 'SIGTERM') {
          const reason = stderr.join(' | ') || `exit code ${code ?? signal}`;
          failure = new AudioSourceError(`${recorder} stopped recording: ${reason}`);
        }
        resolve();
      });
    });
    const audio = fromReadable(recording.stream(), {
      format,
      name: `${recorder} recorder`,
      maxBufferedBytes: options.maxBufferedBytes,
    }).subscribe({
      next: (chunk) => subscriber.next(chunk),
      // The library reports a failed recorder as a bare string on the stream; the exit tells why.
      error: (error: unknown) => {
        if (child.exitCode === null && child.signalCode === null) recording.stop();
        void exited.then(() => subscriber.error(failure ?? error));
      },
      complete: () => void exited.then(() => (failure ? subscriber.error(failure) : subscriber.complete())),
    });
    return () => {
      audio.unsubscribe();
      if (child.exitCode === null && child.signalCode === null) recording.stop();
    };
  });
}
