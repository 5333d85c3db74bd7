const brand = Symbol.for('parley.error');

export interface ParleyErrorOptions {
  /** The lower-level error or value that led to this one. */
  cause?: unknown;
  /** HTTP status this condition maps to (server side) or came from (client side). */
  status?: number;
  /** Whether the same call may succeed if simply tried again later. */
  retryable?: boolean;
}

/**
 * Base of every error Parley raises or emits. `code` is stable across versions and is what
 * programs should branch on; `message` is for people.
 *
 * `instanceof` works across duplicate installs of Parley (two copies in one node_modules tree):
 * every class checks a global symbol brand plus its `code`, as undici does.
 */
export class ParleyError extends Error {
  static readonly code: string = 'PARLEY_ERR';
  readonly code: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly [brand] = true;

  constructor(code: string, message: string, options: ParleyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if ((value as Record<symbol, unknown>)[brand] !== true) return false;
    return this === ParleyError || (value as ParleyError).code === this.code;
  }

  /** The shape errors take on the wire and in structured logs. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      retryable: this.retryable,
    };
  }
}
