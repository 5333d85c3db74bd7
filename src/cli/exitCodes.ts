/**
 * What `parley` exits with, whatever the command (the README's command-line section lists the
 * same). Scripts can tell a mistake in the command line, where nothing was done, from a failure
 * of the work itself.
 */
export const EXIT_CODES = {
  /** Everything asked for was done. */
  ok: 0,
  /**
   * Something failed: one or more inputs could not be transcribed (each named on stderr, the
   * others still written), the server refused or failed, a conversation or tracker was not found.
   */
  failed: 1,
  /** The command line was wrong (unknown command or option, a bad value): nothing was done. */
  usage: 2,
  /** Stopped by Ctrl-C before the end. */
  interrupted: 130,
} as const;

/** Where a command leaves its exit code when it ends without throwing (a batch with failures). */
export interface ExitStatus {
  code: number;
}
