import type { SipCallEvent } from '../../sip/SipCallEvent.ts';
import type { Logger } from '../Logger.ts';

/** Something that happened on a telephony connection, kept for the stop response and logs. */
export interface TelephonyConnectionEvent {
  type:
    | 'calling'
    | 'ringing'
    | 'challenged'
    | 'answered'
    | 'dtmf_sent'
    | 'rejected'
    | 'hung_up'
    | 'far_end_hung_up'
    | 'call_failed'
    | 'session_limit'
    | 'speaker_event'
    | 'speakers_attributed'
    | 'action_run'
    | 'action_skipped';
  at: string;
  detail: string;
  sipStatus?: number;
}

/**
 * What happened on one telephony connection, in order: the stop response lists it, and each entry
 * is logged as `telephony.<type>` with the connection id.
 */
export class TelephonyEventLog {
  readonly events: TelephonyConnectionEvent[] = [];
  readonly #logger: Logger;
  readonly #connectionId: string;

  constructor(logger: Logger, connectionId: string) {
    this.#logger = logger;
    this.#connectionId = connectionId;
  }

  /** The latest entry. */
  get last(): TelephonyConnectionEvent | undefined {
    return this.events.at(-1);
  }

  record(type: TelephonyConnectionEvent['type'], detail: string, sipStatus?: number): void {
    this.events.push({
      type,
      at: new Date().toISOString(),
      detail,
      ...(sipStatus === undefined ? {} : { sipStatus }),
    });
    this.#logger.log('info', `telephony.${type}`, { connectionId: this.#connectionId, detail, sipStatus });
  }

  /** Records what a SIP call event says about the call to `target` (audio and most 1xx say nothing). */
  recordCallEvent(event: SipCallEvent, target: string): void {
    const entry = callEventEntry(event, target);
    if (entry !== undefined) this.record(...entry);
  }
}

type Entry = [type: TelephonyConnectionEvent['type'], detail: string, sipStatus?: number];

function callEventEntry(event: SipCallEvent, target: string): Entry | undefined {
  switch (event.type) {
    case 'calling':
      return ['calling', `${target} (call ${event.callId})`];
    case 'provisional':
      return event.status === 180 || event.status === 183
        ? ['ringing', `${event.status} ${event.reason}`]
        : undefined;
    case 'challenged':
      return ['challenged', `digest authentication for realm ${event.realm}`, event.status];
    case 'answered':
      return ['answered', `${event.codec} audio from ${event.remoteMedia.host}:${event.remoteMedia.port}`];
    case 'dtmf_sent':
      return ['dtmf_sent', event.keys];
    case 'rejected':
      return ['rejected', `${event.status} ${event.reason}`, event.status];
    case 'ended':
      return [event.by === 'remote' ? 'far_end_hung_up' : 'hung_up', event.reason];
    case 'audio':
      return undefined;
  }
}
