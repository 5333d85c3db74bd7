import type { Logger } from '../../../src/server/Logger.ts';
import { currentLogContext } from '../../../src/server/Logger.ts';

/** A log line as the server's JSON logger would write it: event, context fields, fields. */
export interface CapturedLine {
  level: string;
  event: string;
  [field: string]: unknown;
}

/** A logger that keeps every line in memory (with the request's or job's context fields). */
export function capturingLogger(): { logger: Logger; lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  return {
    lines,
    logger: {
      log(level, event, fields = {}) {
        lines.push({ level, event, ...currentLogContext(), ...fields });
      },
    },
  };
}
