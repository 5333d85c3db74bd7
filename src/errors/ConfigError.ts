import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** Parley's own configuration (options, environment, parley.conf) is unusable. */
export class ConfigError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_CONFIG';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(ConfigError.code, message, { retryable: false, ...options });
  }
}
