import { ValidationError } from '../errors/ValidationError.ts';

/**
 * A mistake in the command line itself (an option's value, a file an option names), found before
 * any work started: `parley` exits with `EXIT_CODES.usage` for it rather than the code of a
 * failure. A validation error like any other, so it carries the same stable code.
 */
export class UsageError extends ValidationError {
  constructor(option: string, message: string) {
    super('command line', [{ path: option, message }]);
  }

  /**
   * By prototype only: the brand check Parley's errors inherit matches on `code`, which would make
   * every ValidationError (a server's 400 among them) a usage error.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return Function.prototype[Symbol.hasInstance].call(UsageError, value);
  }
}
