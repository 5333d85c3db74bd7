import { AudioSourceError } from '../src/errors/AudioSourceError.ts';
import { ConnectionError } from '../src/errors/ConnectionError.ts';
import { NotFoundError } from '../src/errors/NotFoundError.ts';
import { ParleyError } from '../src/errors/ParleyError.ts';

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EADDRINUSE',
  'EADDRNOTAVAIL',
]);

/**
 * Turns whatever a stream, process or socket threw (an Error, an errno error, or the bare string
 * some libraries emit) into a typed ParleyError naming `source`. ParleyErrors pass through.
 */
export function toSourceError(error: unknown, source: string): ParleyError {
  if (error instanceof ParleyError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT') return new NotFoundError(`${source}: ${reason}`, { cause: error });
  if (code && NETWORK_CODES.has(code)) return new ConnectionError(`${source}: ${reason}`, { cause: error });
  if (code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new AudioSourceError(`${source} closed before it ended`, { cause: error });
  }
  return new AudioSourceError(`${source} failed: ${reason}`, { cause: error });
}
