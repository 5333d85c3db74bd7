import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { Observable } from 'rxjs';
import { AudioSourceError } from '../src/errors/AudioSourceError.ts';
import { DependencyMissingError } from '../src/errors/DependencyMissingError.ts';
import { NotFoundError } from '../src/errors/NotFoundError.ts';
import { UnsupportedMediaError } from '../src/errors/UnsupportedMediaError.ts';
import { ValidationError } from '../src/errors/ValidationError.ts';
import type { AudioChunk, AudioFormat } from './AudioChunk.ts';
import { fromReadable } from './fromReadable.ts';

const require = createRequire(import.meta.url);
interface PrismMedia {
  FFmpeg: new (options: { args: string[] }) => { process: ChildProcess };
}
/** prism-media, required on first use so that importing Parley does not load it. */
let prism: PrismMedia | undefined;

/** Where ffmpeg reads from: a file path or URL, a byte stream piped to its stdin, or a factory of one. */
export type FfmpegInput = string | Readable | (() => Readable);

/** Options of {@link fromFfmpeg}. */
export interface FromFfmpegOptions {
  /** Output rate in Hz (default 16000). */
  sampleRate?: number;
  /** Output channels (default 1). */
  channels?: number;
  /** Input format (`-f`), for devices and raw input: `alsa`, `pulse`, `lavfi`, `s16le`, ... */
  inputFormat?: string;
  /** Further arguments placed before `-i` (e.g. `['-ar', '8000']` for raw input). */
  inputArgs?: string[];
  /** Read the input at its native rate (`-re`), for files that should behave like a live feed. */
  realtime?: boolean;
  /** Bound of the queue between ffmpeg and the subscriber (see fromReadable; default 1 MiB). */
  maxBufferedBytes?: number;
  /** Consumer lag signal (see fromReadable). */
  paused?: Observable<boolean>;
}

/** Lines of ffmpeg's stderr kept to explain a failure. */
const STDERR_LINES = 8;

/**
 * Audio transcoded by ffmpeg (through prism-media) from any input it can open: a file, a URL, a
 * byte stream piped to its stdin, or a capture device (`inputFormat`), as s16le at `sampleRate`
 * (16 kHz mono by default). One ffmpeg child per subscription, killed on unsubscribe (a piped
 * stream instance is then unpiped but left open, since the caller owns it; a stream made by a
 * factory is destroyed). A missing
 * ffmpeg is DependencyMissingError; ffmpeg failing is NotFoundError (no such file or URL),
 * UnsupportedMediaError (input it cannot decode) or AudioSourceError (anything else), quoting ffmpeg's own reason.
 */
export function fromFfmpeg(input: FfmpegInput, options: FromFfmpegOptions = {}): Observable<AudioChunk> {
  const format: AudioFormat = {
    sampleRate: options.sampleRate ?? 16000,
    channels: options.channels ?? 1,
    encoding: 's16le',
  };
  if (typeof input === 'string' && input.length === 0) {
    throw new ValidationError('fromFfmpeg input', [{ path: 'input', message: 'must not be empty' }]);
  }
  return new Observable<AudioChunk>((subscriber) => {
    const piped = typeof input !== 'string';
    const args = ['-hide_banner', '-loglevel', 'error'];
    if (!piped) args.unshift('-nostdin');
    if (options.realtime) args.push('-re');
    if (options.inputFormat) args.push('-f', options.inputFormat);
    args.push(...(options.inputArgs ?? []), '-i', piped ? 'pipe:0' : input);
    args.push('-vn', '-sn', '-dn', '-f', 's16le', '-acodec', 'pcm_s16le');
    args.push('-ar', String(format.sampleRate), '-ac', String(format.channels));

    prism ??= require('prism-media') as PrismMedia;
    let child: ChildProcess;
    try {
      child = new prism.FFmpeg({ args }).process;
    } catch (error) {
      subscriber.error(
        new DependencyMissingError('ffmpeg is not installed (fromFfmpeg needs it on PATH)', { cause: error }),
      );
      return;
    }
    const name = `ffmpeg (${piped ? 'pipe' : input})`;
    const stderr: string[] = [];
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr.push(...text.split('\n').filter((line) => line.trim() !== ''));
      if (stderr.length > STDERR_LINES) stderr.splice(0, stderr.length - STDERR_LINES);
    });
    let failure: Error | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once('error', (error) => {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        failure = missing
          ? new DependencyMissingError('ffmpeg is not installed (fromFfmpeg needs it on PATH)', {
              cause: error,
            })
          : new AudioSourceError(`${name} could not start: ${error.message}`, { cause: error });
        resolve();
      });
      child.once('close', (code, signal) => {
        if (code !== 0 && failure === undefined) {
          const reason = stderr.join(' | ') || `exit code ${code ?? signal}`;
          failure = /No such file or directory|Server returned 404/i.test(reason)
            ? new NotFoundError(`${name} cannot open the input: ${reason}`)
            : /Invalid data found|could not find codec|does not contain any stream|matches no streams/i.test(
                  reason,
                )
              ? new UnsupportedMediaError(`${name} cannot decode the input: ${reason}`)
              : new AudioSourceError(`${name} failed: ${reason}`);
        }
        resolve();
      });
    });

    let feed: Readable | undefined;
    if (piped && child.stdin) {
      const stdin = child.stdin;
      stdin.on('error', () => {
        // ffmpeg stopped reading (it failed or has what it needs); its exit status tells which.
      });
      feed = typeof input === 'function' ? input() : input;
      feed.on('error', () => stdin.end());
      feed.pipe(stdin);
    }

    const stdout = child.stdout as Readable;
    const audio = fromReadable(stdout, {
      format,
      name,
      maxBufferedBytes: options.maxBufferedBytes,
      paused: options.paused,
    }).subscribe({
      next: (chunk) => subscriber.next(chunk),
      // ffmpeg's exit status explains a failure better than its closed pipe does.
      error: (error: unknown) => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        void exited.then(() => subscriber.error(failure ?? error));
      },
      complete: () => void exited.then(() => (failure ? subscriber.error(failure) : subscriber.complete())),
    });

    return () => {
      audio.unsubscribe();
      if (feed) {
        feed.unpipe();
        if (typeof input === 'function') feed.destroy();
      }
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
  });
}
