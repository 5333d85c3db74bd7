import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/**
 * A remote transcription server (an OpenAI-compatible `/v1/audio/transcriptions` endpoint) could
 * not be reached, refused the audio, or answered with something that is not a transcription.
 * `upstreamStatus` is the HTTP status it answered with, when it answered. `retryable` is true for
 * conditions that may pass (connection failures, 429, 5xx).
 */
export class RemoteRecognizerError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_REMOTE_RECOGNIZER';
  readonly upstreamStatus: number | undefined;

  constructor(message: string, options: ParleyErrorOptions & { upstreamStatus?: number } = {}) {
    const { upstreamStatus, ...rest } = options;
    super(RemoteRecognizerError.code, message, { status: 502, retryable: false, ...rest });
    this.upstreamStatus = upstreamStatus;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      ...(this.upstreamStatus === undefined ? {} : { upstreamStatus: this.upstreamStatus }),
    };
  }
}
