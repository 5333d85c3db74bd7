import { randomUUID } from 'node:crypto';
import { fromWireTime } from '../model/streamingWireTime.ts';
import type { AudioSegment } from './AudioSegment.ts';
import { ReplayBuffer } from './ReplayBuffer.ts';
import type { ReconnectPolicy } from './reconnectPolicy.ts';
import { type WireAudioFormat, wireBytesPerSecond } from './wireAudio.ts';

/** A word of a final hypothesis, as far as its end time. */
interface TimedWord {
  endTime: { seconds: string; nanos: string };
}

/**
 * What a session keeps across its sockets so that a reconnection loses and repeats nothing.
 *
 * Audio gets its place on one byte timeline (bytes handed to any socket, in order) when first sent;
 * audio dropped from the queue before that leaves no hole. Sent audio waits in a replay buffer until
 * the server acknowledges it. With Parley's server the acknowledgements are explicit: a resume key
 * names the audio stream across reconnections, pings carry `{"audioBytes": N}` counted from where
 * the server's stream began, result frames carry a `seq` and a rejoining socket names the last one
 * it saw. Another server only tells, through each final result's last word, how much audio it
 * has heard on the current socket. Without a reconnect policy nothing is kept but the result
 * numbers.
 */
export class ResumeState {
  /** Names this audio stream to Parley's server across reconnections; undefined without a policy. */
  readonly resumeKey: string | undefined;
  readonly #replay: ReplayBuffer | undefined;
  #lastSeq: number | undefined;
  /** Bytes handed to sockets so far: the byte timeline acknowledgements refer to. */
  #sentBytes = 0;
  /** Where the server's byte count of the stream starts on the byte timeline. */
  #streamBaseByte = 0;
  /** Whether the server acknowledges explicitly (then final results are not read as acknowledgements). */
  #explicitAcks = false;
  /** Timeline byte of the current socket's first audio byte (result times count from it). */
  #socketBaseByte: number | undefined;
  /** The server began a fresh stream on the current socket: its byte count starts there. */
  #freshStream = false;

  constructor(policy: ReconnectPolicy | undefined) {
    this.resumeKey = policy ? randomUUID() : undefined;
    this.#replay = policy ? new ReplayBuffer(policy.replayMs) : undefined;
  }

  /** Query parameters of the next socket's URL: `resumeKey`, and `lastSeq` once a result came. */
  query(): Record<string, string> {
    if (this.resumeKey === undefined) return {};
    const query: Record<string, string> = { resumeKey: this.resumeKey };
    if (this.#lastSeq !== undefined) query.lastSeq = String(this.#lastSeq);
    return query;
  }

  /** A new socket opens: its own byte counts start at the first byte sent on it. */
  newSocket(): void {
    this.#socketBaseByte = undefined;
    this.#freshStream = false;
  }

  /** Places `segment` on the byte timeline, if it has no place yet, as it is about to be sent. */
  place(segment: AudioSegment): void {
    if (segment.startByte < 0) {
      segment.startByte = this.#sentBytes;
      this.#sentBytes += segment.bytes.length;
    }
    if (this.#socketBaseByte === undefined) {
      this.#socketBaseByte = segment.startByte;
      if (this.#freshStream) this.#streamBaseByte = segment.startByte;
    }
  }

  /** `segment` was handed to the socket: kept for replay until acknowledged. */
  sent(segment: AudioSegment): void {
    this.#replay?.sent(segment);
  }

  /** Parley's acknowledgement: the server holds the first `audioBytes` bytes of the stream. */
  acknowledged(audioBytes: number): void {
    if (!this.#replay) return;
    this.#explicitAcks = true;
    this.#replay.ack(this.#streamBaseByte + audioBytes);
  }

  /**
   * A final result from a server that does not acknowledge explicitly: the audio up to the end of
   * its last word (in ms from the socket's first byte, in the socket's declared `format`) is held.
   */
  finalResult(words: readonly TimedWord[] | undefined, format: WireAudioFormat | undefined): void {
    const last = words?.at(-1);
    if (this.#explicitAcks || !this.#replay || this.#socketBaseByte === undefined || !format || !last) return;
    const endMs = fromWireTime(last.endTime) * 1000;
    const sample = format.encoding === 'MULAW' ? 1 : 2;
    const bytes = Math.floor((endMs * wireBytesPerSecond(format)) / 1000 / sample) * sample;
    this.#replay.ack(this.#socketBaseByte + bytes);
  }

  /**
   * A rejoined socket started; `data` is its `recognition_started.data`. With Parley's resume
   * protocol it says whether the server kept the stream (`resumed`) and how many of its bytes it
   * holds (`audioBytes`): replay starts there. A fresh stream (`resumed: false`) gets every
   * unacknowledged byte and counts bytes from the first one sent. A server without the protocol
   * gets the audio after the last final result. Returns the audio to send again, oldest first.
   */
  rejoined(data: unknown): AudioSegment[] {
    const info = (data ?? {}) as { resumed?: unknown; audioBytes?: unknown; resumeKey?: unknown };
    if (info.resumeKey !== undefined) this.#explicitAcks = true;
    if (info.resumed === true && typeof info.audioBytes === 'number') {
      this.#replay?.ack(this.#streamBaseByte + info.audioBytes);
    } else if (info.resumed === false) {
      this.#freshStream = true;
    }
    return this.#replay?.takeUnacknowledged() ?? [];
  }

  /** Whether a result frame numbered `seq` is new (above the last number seen); records it. */
  isNewResult(seq: unknown): boolean {
    if (typeof seq !== 'number') return true;
    if (this.#lastSeq !== undefined && seq <= this.#lastSeq) return false;
    this.#lastSeq = seq;
    return true;
  }
}
