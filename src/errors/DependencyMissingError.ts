import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** A program or library Parley needs (ffmpeg, sox, pocketsphinx, sipp) is not installed. */
export class DependencyMissingError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_DEPENDENCY_MISSING';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(DependencyMissingError.code, message, { retryable: false, ...options });
  }
}
