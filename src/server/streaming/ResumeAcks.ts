import type { ResumeSlot } from './ResumeSlot.ts';
import type { SocketWriter } from './SocketWriter.ts';

/** Acknowledgement pings to a resumable socket are sent at most this often. */
const ACK_INTERVAL_MS = 250;

/**
 * The acknowledgements of a resumable socket: a ping control frame whose payload is
 * `{"audioBytes":N,"seq":S}` (README.md next to this file, "Resuming"), sent at most every 250 ms
 * while audio or results flow, and once more when the stream finishes.
 */
export class ResumeAcks {
  readonly #writer: SocketWriter;
  readonly #slot: ResumeSlot;
  #timer: NodeJS.Timeout | undefined;
  #lastSent = 0;
  #stopped = false;

  constructor(writer: SocketWriter, slot: ResumeSlot) {
    this.#writer = writer;
    this.#slot = slot;
  }

  /** Something changed: acknowledge it within the interval (one ping covers every change meanwhile). */
  schedule(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    const wait = Math.max(0, this.#lastSent + ACK_INTERVAL_MS - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.sendNow();
    }, wait);
    this.#timer.unref();
  }

  /** Acknowledges what the stream holds now. */
  sendNow(): void {
    if (this.#stopped || !this.#writer.open) return;
    this.#lastSent = Date.now();
    this.#writer.ping(
      JSON.stringify({ audioBytes: this.#slot.audioBytes, seq: this.#slot.speaker.conversation.lastSeq }),
    );
  }

  /** No more acknowledgements (the socket closed, or another socket took the stream). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
