import type { Writable } from 'node:stream';

/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logger: one JSON object per line. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Writes `{"time","level","event",...fields}` lines to `out` (stderr by default). */
export function jsonLogger(out: Writable = process.stderr, minLevel: LogLevel = 'info'): Logger {
  return {
    log(level, event, fields = {}) {
      if (rank[level] < rank[minLevel]) return;
      const line = { time: new Date().toISOString(), level, event, ...serializable(fields) };
      out.write(`${JSON.stringify(line)}\n`);
    },
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { log() {} };

function serializable(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}

/** `logger` with `fields` on every line (a line's own fields win): the node id of a deployment. */
export function withFields(logger: Logger, fields: Record<string, unknown>): Logger {
  return {
    log(level, event, own = {}) {
      logger.log(level, event, { ...fields, ...own });
    },
  };
}
