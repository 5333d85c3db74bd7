import { type Observable, Subject } from 'rxjs';
import type { StreamingSettings } from '../../model/streamingSettings.ts';
import type { SpeakerStream } from './SpeakerStream.ts';

/** Seconds a dropped resumable stream is kept at least, whatever `noConnectionTimeout` says. */
export const MIN_RESUME_SECONDS = 30;

/**
 * A speaker stream kept under a client's resume key (`resumeKey`), so that it outlives a dropped
 * socket for a while (README.md next to this file, "Resuming"): the stream, the settings it was
 * started with, the audio bytes received for it, which socket carries it now, and when it expires
 * while none does.
 *
 * A socket that carries the slot holds the notice {@link carry} returned; the notice emits when
 * another socket takes the stream over (the slot never calls a socket).
 */
export class ResumeSlot {
  readonly key: string;
  readonly speaker: SpeakerStream;
  readonly settings: StreamingSettings;
  /** Binary bytes received after the first start_request (processed, or discarded while paused). */
  audioBytes = 0;
  #carrier: { notice: Observable<void>; takeOver: Subject<void> } | undefined;
  #expiry: NodeJS.Timeout | undefined;

  constructor(key: string, speaker: SpeakerStream, settings: StreamingSettings) {
    this.key = key;
    this.speaker = speaker;
    this.settings = settings;
  }

  /**
   * A socket carries the stream from now on: the expiry stops, the previous carrier's notice
   * emits (it is taken over). Returns this carrier's notice.
   */
  carry(): Observable<void> {
    this.#stopExpiry();
    const previous = this.#carrier;
    const takeOver = new Subject<void>();
    this.#carrier = { notice: takeOver.asObservable(), takeOver };
    previous?.takeOver.next();
    previous?.takeOver.complete();
    return this.#carrier.notice;
  }

  /**
   * What `recognition_started.data` tells a resumable socket: the key, whether this start resumed
   * the stream, the audio bytes the server holds, the last result number, and (only when false)
   * whether the replay from the client's `lastSeq` is complete.
   */
  startedData(resumed: boolean, replayComplete: boolean) {
    return {
      resumeKey: this.key,
      resumed,
      audioBytes: this.audioBytes,
      lastSeq: this.speaker.conversation.lastSeq,
      ...(replayComplete ? {} : { replayComplete: false as const }),
    };
  }

  /** Whether the socket holding `notice` carries the stream now. */
  isCarriedBy(notice: Observable<void> | undefined): boolean {
    return notice !== undefined && this.#carrier?.notice === notice;
  }

  /** Whether no socket carries the stream. */
  get dropped(): boolean {
    return this.#carrier === undefined;
  }

  /** The carrying socket dropped: `expired` runs after `seconds` unless a socket carries it again. */
  drop(seconds: number, expired: () => void): void {
    this.#carrier = undefined;
    this.#stopExpiry();
    this.#expiry = setTimeout(expired, seconds * 1000);
    this.#expiry.unref();
  }

  /**
   * Ends the stream for good (expiry, or server shutdown); resolves once it has stopped. Options
   * as {@link SpeakerStream.stop}'s.
   */
  stop(options: { finishWithinMs?: number } = {}): Promise<void> {
    this.#stopExpiry();
    return this.speaker.stop(options);
  }

  #stopExpiry(): void {
    if (this.#expiry !== undefined) clearTimeout(this.#expiry);
    this.#expiry = undefined;
  }
}
