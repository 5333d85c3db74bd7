import { AsyncLocalStorage } from 'node:async_hooks';
import type { Writable } from 'node:stream';

/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logger: one JSON object per line. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  /** Writes out lines it still holds (the server calls it last thing on close). */
  flush?(): void;
}

/** Fields every log line written while handling one request (or job) carries: its id, its app. */
export type LogContext = Record<string, unknown>;

const context = new AsyncLocalStorage<LogContext>();

/**
 * Runs `task` with `fields` added to every line {@link jsonLogger} writes meanwhile, in every
 * callback and promise it starts. The object is kept, not copied: fields set on it later (the app,
 * once the token is checked) appear on later lines.
 */
export function withLogContext<T>(fields: LogContext, task: () => T): T {
  return context.run(fields, task);
}

/** The fields of the request (or job) being handled, if any. */
export function currentLogContext(): LogContext | undefined {
  return context.getStore();
}

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Loggers holding lines not written yet; `process.exit` writes them. */
const unflushed = new Set<() => void>();
let flushOnExit = false;

/**
 * Writes `{"time","level","event",...context,...fields}` lines to `out` (stderr by default). Lines
 * written in one turn of the event loop go out in one write at its end (under load that is one
 * system call for many requests, not one each); `process.exit` flushes what is pending.
 */
export function jsonLogger(out: Writable = process.stderr, minLevel: LogLevel = 'info'): Logger {
  let pending = '';
  const flush = (): void => {
    unflushed.delete(flush);
    if (pending === '') return;
    const text = pending;
    pending = '';
    out.write(text);
  };
  if (!flushOnExit) {
    flushOnExit = true;
    process.once('exit', () => {
      for (const pendingFlush of [...unflushed]) pendingFlush();
    });
  }
  return {
    log(level, event, fields = {}) {
      if (rank[level] < rank[minLevel]) return;
      const line = {
        time: new Date().toISOString(),
        level,
        event,
        ...context.getStore(),
        ...serializable(fields),
      };
      if (pending === '') {
        unflushed.add(flush);
        setImmediate(flush);
      }
      pending += `${JSON.stringify(line)}\n`;
    },
    flush,
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
  const withFieldsLogger: Logger = {
    log(level, event, own = {}) {
      logger.log(level, event, { ...fields, ...own });
    },
  };
  // The server flushes its logger last thing on close: that must reach the lines held below.
  if (logger.flush !== undefined) withFieldsLogger.flush = () => logger.flush?.();
  return withFieldsLogger;
}
