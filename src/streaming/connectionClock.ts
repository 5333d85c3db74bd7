import {
  asyncScheduler,
  concat,
  defer,
  EMPTY,
  filter,
  ignoreElements,
  interval,
  map,
  merge,
  mergeMap,
  type Observable,
  of,
  race,
  type SchedulerLike,
  scan,
  share,
  startWith,
  switchMap,
  take,
  timer,
} from 'rxjs';
import { TimeoutError } from '../errors/TimeoutError.ts';
import { PING_TEXT, PONG_TEXT } from '../model/streamingClientMessages.ts';

/** What a connection tells its clock, as it happens. */
export type ConnectionSignal =
  /** The WebSocket opened. */
  | 'opened'
  /** `start_request` went out. */
  | 'startSent'
  /** The server said the stream started (`started_listening` / `recognition_started`). */
  | 'started'
  /** `stop_request` went out. */
  | 'stopSent'
  /** A server frame other than keep-alive arrived. */
  | 'frame'
  /** A `__PONG__` arrived. */
  | 'pong';

/** A bound that ran out: which one, and its length in ms. */
export interface ConnectionTimeout {
  type: 'timeout';
  /**
   * `open`: no WebSocket; `start`: no start after `start_request`; `pong`: no `__PONG__` after a
   * `__PING__`; `stop`: silence after `stop_request` (each frame restarts it).
   */
  deadline: 'open' | 'start' | 'pong' | 'stop';
  ms: number;
}

/** What the clock asks of a connection: send `__PING__`, or give up on a bound. */
export type ClockCommand = { type: 'ping' } | ConnectionTimeout;

/** The bounds of one connection. */
export interface ConnectionClockSettings {
  /** Bound on the opening, and separately on `start_request` -> started. */
  connectTimeoutMs: number;
  /** Idle bound after `stop_request`. */
  stopTimeoutMs: number;
  /** `__PING__` every `intervalMs` once started, each answered within `timeoutMs`; false: none. */
  keepAlive: false | { intervalMs: number; timeoutMs: number };
}

type Phase = 'opening' | 'open' | 'starting' | 'live' | 'stopping';

const PHASE_AFTER: Partial<Record<ConnectionSignal, Phase>> = {
  opened: 'open',
  startSent: 'starting',
  started: 'live',
  stopSent: 'stopping',
};

/**
 * Every timer of one connection, driven by its signals and run on `scheduler`: the opening bound
 * from subscription until `opened`; the start bound from `startSent` until `started` (not from
 * the opening: a source may take long to deliver the first chunk, whose format `start_request`
 * declares); once started, a ping every `intervalMs`, each with its own pong bound (any `pong`
 * after it meets it); after `stopSent`, an idle bound that each `frame` restarts. Emits commands;
 * never completes by itself (the connection unsubscribes when its socket closes).
 *
 * ```
 * signals:  -o--a-----s---p------   (opened, startSent, started, pong)
 * clock:    -------------p--p-tp-   (pings every 3; t: the second ping's pong bound of 2 ran out)
 * ```
 */
export function connectionClock(
  signals: Observable<ConnectionSignal>,
  settings: ConnectionClockSettings,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<ClockCommand> {
  return defer(() => {
    const shared = signals.pipe(share());
    return merge(phaseDeadlines(shared, settings, scheduler), keepAlive(shared, settings, scheduler));
  });
}

/** The bound of the phase the connection is in, restarted when the phase changes. */
function phaseDeadlines(
  signals: Observable<ConnectionSignal>,
  settings: ConnectionClockSettings,
  scheduler: SchedulerLike,
): Observable<ConnectionTimeout> {
  return signals.pipe(
    scan(
      (state, signal) => {
        const phase = PHASE_AFTER[signal] ?? state.phase;
        const restart = phase !== state.phase || (signal === 'frame' && phase === 'stopping');
        return { phase, restart };
      },
      { phase: 'opening' as Phase, restart: true },
    ),
    filter((state) => state.restart),
    map((state) => state.phase),
    startWith<Phase>('opening'),
    switchMap((phase) => {
      const bound = boundOf(phase, settings);
      if (bound === undefined) return EMPTY;
      return timer(bound.ms, scheduler).pipe(map((): ConnectionTimeout => ({ type: 'timeout', ...bound })));
    }),
  );
}

function boundOf(
  phase: Phase,
  settings: ConnectionClockSettings,
): Pick<ConnectionTimeout, 'deadline' | 'ms'> | undefined {
  if (phase === 'opening') return { deadline: 'open', ms: settings.connectTimeoutMs };
  if (phase === 'starting') return { deadline: 'start', ms: settings.connectTimeoutMs };
  if (phase === 'stopping') return { deadline: 'stop', ms: settings.stopTimeoutMs };
  return undefined;
}

/** Pings once started, each followed by its pong bound. */
function keepAlive(
  signals: Observable<ConnectionSignal>,
  settings: ConnectionClockSettings,
  scheduler: SchedulerLike,
): Observable<ClockCommand> {
  const { keepAlive } = settings;
  if (keepAlive === false) return EMPTY;
  const pong = signals.pipe(
    filter((signal) => signal === 'pong'),
    take(1),
    ignoreElements(),
  );
  const missedPong = timer(keepAlive.timeoutMs, scheduler).pipe(
    map((): ConnectionTimeout => ({ type: 'timeout', deadline: 'pong', ms: keepAlive.timeoutMs })),
  );
  return signals.pipe(
    filter((signal) => signal === 'started'),
    take(1),
    switchMap(() => interval(keepAlive.intervalMs, scheduler)),
    mergeMap(() => concat(of<ClockCommand>({ type: 'ping' }), race(pong, missedPong))),
  );
}

/** The error of a bound that ran out; `where` names the socket (its URL, token hidden). */
export function timeoutError(timeout: ConnectionTimeout, where: string): TimeoutError {
  const { deadline, ms } = timeout;
  if (deadline === 'open') return new TimeoutError(`No WebSocket to ${where} within ${ms} ms`);
  if (deadline === 'start') {
    return new TimeoutError(`No started_listening from ${where} within ${ms} ms of start_request`);
  }
  if (deadline === 'pong') return new TimeoutError(`No ${PONG_TEXT} within ${ms} ms of ${PING_TEXT}`);
  return new TimeoutError(`No conversation_completed ${ms} ms after stop_request (or after the last result)`);
}
