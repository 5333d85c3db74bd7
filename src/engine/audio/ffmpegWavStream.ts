import { spawn } from 'node:child_process';
import { DependencyMissingError } from '../../errors/DependencyMissingError.ts';
import { UnsupportedMediaError } from '../../errors/UnsupportedMediaError.ts';
import type { ChannelLayout } from './decodeWavStream.ts';

/** Where ffmpeg reads from: a file it may seek in, or bytes written to its stdin. */
export type FfmpegSource = { path: string } | { bytes: AsyncIterable<Buffer> };

/** Lines of ffmpeg's stderr kept to explain a failure. */
const STDERR_LINES = 8;

/**
 * Runs ffmpeg to turn any container it understands into a streamed 16-bit WAV at `sampleRate`
 * (mono, or every channel kept apart). ffmpeg is spawned directly rather than through
 * prism-media's FFmpeg wrapper because a failure must become a typed error that quotes ffmpeg's
 * own reason, which needs the exit code and stderr. The child is killed when the consumer stops.
 */
export async function* ffmpegWavStream(
  source: FfmpegSource,
  options: { sampleRate: number; layout: ChannelLayout; ffmpegPath?: string | undefined },
): AsyncGenerator<Buffer> {
  const input = 'path' in source ? source.path : 'pipe:0';
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', input, '-vn', '-sn', '-dn'];
  args.push('-map', '0:a:0', '-f', 'wav', '-acodec', 'pcm_s16le', '-ar', String(options.sampleRate));
  if (options.layout === 'mono') args.push('-ac', '1');
  args.push('-map_metadata', '-1', '-fflags', '+bitexact', 'pipe:1');
  if ('bytes' in source) args.splice(0, 1);
  const child = spawn(options.ffmpegPath ?? 'ffmpeg', args, {
    stdio: ['bytes' in source ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  const { stdout } = child as unknown as { stdout: NodeJS.ReadableStream };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr.push(...text.split('\n').filter((l) => l.trim() !== ''));
    if (stderr.length > STDERR_LINES) stderr.splice(0, stderr.length - STDERR_LINES);
  });
  const exited = new Promise<{ code: number | null; spawnError?: Error }>((resolve) => {
    child.once('error', (spawnError) => resolve({ code: null, spawnError }));
    child.once('close', (code) => resolve({ code }));
  });
  if ('bytes' in source && child.stdin) {
    const stdin = child.stdin;
    stdin.on('error', () => {
      // ffmpeg stopped reading (it failed or has what it needs); its exit status tells which.
    });
    void (async () => {
      try {
        for await (const chunk of source.bytes) {
          if (stdin.destroyed) return;
          if (!stdin.write(chunk))
            await new Promise<void>((resolve) => {
              stdin.once('drain', resolve);
              stdin.once('close', resolve);
            });
        }
      } catch {
        // A failing input stream ends ffmpeg's input early; ffmpeg then reports truncation.
      } finally {
        stdin.end();
      }
    })();
  }
  let finished = false;
  try {
    for await (const chunk of stdout) yield chunk as Buffer;
    const { code, spawnError } = await exited;
    if (spawnError) {
      const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
      throw missing
        ? new DependencyMissingError('ffmpeg is not installed (needed to decode non-WAV audio)', {
            cause: spawnError,
          })
        : spawnError;
    }
    if (code !== 0) {
      const reason = stderr.join(' | ') || `exit code ${code}`;
      const noAudio = /matches no streams|does not contain any stream|Output file #0 does not contain/i.test(
        reason,
      );
      throw new UnsupportedMediaError(
        noAudio ? 'Not audio: the input has no audio stream' : `Cannot decode audio: ${reason}`,
      );
    }
    finished = true;
  } finally {
    if (!finished && child.exitCode === null) child.kill('SIGKILL');
  }
}
