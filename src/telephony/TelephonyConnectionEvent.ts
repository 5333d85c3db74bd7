import { filter, type OperatorFunction } from 'rxjs';
import type { TelephonyStartResponse, TelephonyStopResponse } from '../model/telephony.ts';
import type { StreamingEvent } from '../streaming/StreamingEvent.ts';

/** The call is up: the ids and URLs of the start response. */
export interface TelephonyConnected {
  type: 'telephony_connected';
  connection: TelephonyStartResponse;
}

/** The call is over (stopped, or hung up by the far end) and its conversation is final. */
export interface TelephonyStopped {
  type: 'telephony_stopped';
  /** The stop response: `conversationId`, `summaryInfo`, and (Parley) the call's `events`. */
  result: TelephonyStopResponse;
}

/**
 * What a telephony connection emits: `telephony_connected`, then the live results as streaming
 * events (the frames of `/v1/subscribe/{connectionId}`, the same as a streaming session's), then
 * `telephony_stopped`.
 */
export type TelephonyConnectionEvent = TelephonyConnected | StreamingEvent | TelephonyStopped;

const LIFECYCLE = new Set(['telephony_connected', 'telephony_stopped']);

/**
 * Keeps the live results of a telephony connection, so the streaming selectors apply:
 * `connection$.pipe(results(), transcript({ final: true }))`.
 */
export function results(): OperatorFunction<TelephonyConnectionEvent, StreamingEvent> {
  return filter((event): event is StreamingEvent => !LIFECYCLE.has(event.type));
}
