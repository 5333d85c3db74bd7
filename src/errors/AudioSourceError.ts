import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/**
 * An audio source broke while producing audio: its byte stream failed or closed early, its
 * recorder or transcoder process exited with an error, or its socket failed.
 */
export class AudioSourceError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_AUDIO_SOURCE';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(AudioSourceError.code, message, { retryable: false, ...options });
  }
}
