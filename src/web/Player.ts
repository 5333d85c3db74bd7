import { h } from './dom.ts';

/** One recording and where it starts on the conversation's clock. */
export interface PlayerSegment {
  src: string;
  offset: number;
  video: boolean;
}

/**
 * Plays a conversation's recordings as one clock: a conversation made of appended recordings
 * has one segment per recording, and seeking to a time loads the segment that covers it. The
 * native controls stay (they are keyboard and screen-reader friendly); `onTime` reports the
 * conversation time as it plays.
 */
export class Player {
  readonly element: HTMLElement;
  readonly #media: HTMLMediaElement;
  readonly #segments: PlayerSegment[];
  #current = 0;
  readonly #listeners = new Set<(seconds: number) => void>();

  constructor(segments: PlayerSegment[], label: string) {
    this.#segments = [...segments].sort((a, b) => a.offset - b.offset);
    const video = this.#segments.some((s) => s.video);
    this.#media = video
      ? h('video', { controls: true, preload: 'metadata', playsinline: true, 'aria-label': label })
      : h('audio', { controls: true, preload: 'metadata', 'aria-label': label });
    this.#media.src = this.#segments[0]!.src;
    this.#media.addEventListener('timeupdate', () => this.#emit());
    this.#media.addEventListener('seeked', () => this.#emit());
    this.#media.addEventListener('ended', () => this.#next());
    this.element = h('div', { class: video ? 'player player-video' : 'player' }, this.#media);
  }

  /** The conversation time now playing, in seconds. */
  get time(): number {
    return this.#segments[this.#current]!.offset + this.#media.currentTime;
  }

  get playing(): boolean {
    return !this.#media.paused && !this.#media.ended;
  }

  /** Calls `listener` with the conversation time as playback moves. */
  onTime(listener: (seconds: number) => void): void {
    this.#listeners.add(listener);
  }

  /** Moves to `seconds` of the conversation, and plays from there when `play` is set. */
  seek(seconds: number, play = false): void {
    let index = 0;
    this.#segments.forEach((segment, i) => {
      if (segment.offset <= seconds) index = i;
    });
    const within = Math.max(0, seconds - this.#segments[index]!.offset);
    const start = () => {
      this.#media.currentTime = within;
      if (play) void this.#media.play().catch(() => undefined);
    };
    if (index === this.#current && this.#media.readyState >= HTMLMediaElement.HAVE_METADATA) {
      start();
      return;
    }
    this.#current = index;
    this.#media.src = this.#segments[index]!.src;
    this.#media.addEventListener('loadedmetadata', start, { once: true });
  }

  #next(): void {
    if (this.#current + 1 >= this.#segments.length) return;
    this.seek(this.#segments[this.#current + 1]!.offset, true);
  }

  #emit(): void {
    const time = this.time;
    for (const listener of this.#listeners) listener(time);
  }
}
