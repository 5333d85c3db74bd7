import { ValidationError } from '../errors/ValidationError.ts';
import { type AudioSegment, segmentEndByte, segmentFrom } from './AudioSegment.ts';

/**
 * Audio already sent but not yet acknowledged by the server, kept so that a session that
 * reconnects can send it again. Positions are bytes of the session's audio timeline. Bounded by
 * duration: past `maxReplayMs` the oldest audio is forgotten (it could then not be replayed;
 * {@link forgottenMs} says how much). Acknowledgements ({@link ack}) only move forward.
 */
export class ReplayBuffer {
  readonly #items: AudioSegment[] = [];
  readonly #maxReplayMs: number;
  #heldMs = 0;
  #ackedByte = 0;
  #forgottenMs = 0;

  constructor(maxReplayMs: number) {
    if (!(maxReplayMs > 0)) {
      throw new ValidationError('streaming reconnect options', [
        { path: 'replayMs', message: `must be positive, got ${maxReplayMs}` },
      ]);
    }
    this.#maxReplayMs = maxReplayMs;
  }

  /** Session byte up to which the server has acknowledged audio. */
  get ackedByte(): number {
    return this.#ackedByte;
  }

  /** Milliseconds of unacknowledged audio dropped because the buffer was full. */
  get forgottenMs(): number {
    return this.#forgottenMs;
  }

  /** Milliseconds of audio held (acknowledged parts of the oldest segment included). */
  get heldMs(): number {
    return this.#heldMs;
  }

  /** Records a segment as sent. */
  sent(segment: AudioSegment): void {
    if (segmentEndByte(segment) <= this.#ackedByte) return;
    this.#items.push(segment);
    this.#heldMs += segment.ms;
    while (this.#heldMs > this.#maxReplayMs && this.#items.length > 1) {
      const old = this.#items.shift() as AudioSegment;
      this.#heldMs -= old.ms;
      this.#forgottenMs += old.ms;
    }
  }

  /** The server holds every byte before session byte `byte`. */
  ack(byte: number): void {
    if (!(byte > this.#ackedByte)) return;
    this.#ackedByte = byte;
    while (this.#items.length > 0 && segmentEndByte(this.#items[0] as AudioSegment) <= byte) {
      this.#heldMs -= (this.#items.shift() as AudioSegment).ms;
    }
  }

  /**
   * Removes and returns the unacknowledged audio, oldest first, to be sent again: the first
   * segment is cut at the acknowledged byte so that nothing the server holds is sent twice.
   */
  takeUnacknowledged(): AudioSegment[] {
    const all = this.#items.splice(0);
    this.#heldMs = 0;
    if (all.length > 0) all[0] = segmentFrom(all[0] as AudioSegment, this.#ackedByte);
    return all.filter((s) => s.bytes.length > 0);
  }
}
