import { h, svg } from '../dom.ts';
import { clock, count, spokenClock } from '../format.ts';
import type { Timeline } from '../Timeline.ts';

const WIDTH = 1000;

/**
 * Who spoke when: one track per speaker with a bar for each message, on the conversation's
 * clock, and a playhead. Clicking a track seeks there. Screen readers get the same facts as text.
 */
export class SpeakerTimelineChart {
  readonly element: HTMLElement;
  readonly #playheads: SVGLineElement[] = [];
  readonly #duration: number;

  constructor(timeline: Timeline, seek: ((seconds: number) => void) | undefined) {
    this.#duration = Math.max(1, timeline.duration);
    const scale = WIDTH / this.#duration;
    const rows = timeline.speakers.map((name, speaker) => {
      const lines = timeline.lines.filter((line) => line.speaker === speaker);
      const playhead = svg('line', {
        class: 'playhead',
        x1: 0,
        x2: 0,
        y1: 0,
        y2: 20,
        'vector-effect': 'non-scaling-stroke',
      });
      this.#playheads.push(playhead);
      const track = svg(
        'svg',
        {
          class: 'track',
          viewBox: `0 0 ${WIDTH} 20`,
          preserveAspectRatio: 'none',
          'aria-hidden': 'true',
          focusable: 'false',
        },
        svg('rect', { class: 'track-bg', x: 0, y: 0, width: WIDTH, height: 20 }),
        ...lines.map((line) =>
          svg('rect', {
            class: `turn speaker-fill-${speaker % 8}`,
            x: (line.start * scale).toFixed(1),
            y: 3,
            width: Math.max(1, (line.end - line.start) * scale).toFixed(1),
            height: 14,
          }),
        ),
        seek ? playhead : undefined,
      );
      if (seek) {
        track.addEventListener('click', (event) => {
          const box = track.getBoundingClientRect();
          seek(((event.clientX - box.left) / box.width) * this.#duration);
        });
      }
      const total = lines.reduce((sum, line) => sum + (line.end - line.start), 0);
      return h(
        'div',
        { class: 'timeline-row' },
        h('span', { class: `timeline-label speaker-${speaker % 8}` }, name),
        track,
        h(
          'span',
          { class: 'visually-hidden' },
          `: ${count(lines.length, 'turn')}, ${spokenClock(total)} in all.`,
        ),
      );
    });
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => h('span', {}, clock(f * this.#duration)));
    this.element = h(
      'figure',
      { class: 'chart speaker-timeline' },
      h('figcaption', {}, 'Who spoke when'),
      ...rows,
      h('div', { class: 'timeline-axis', 'aria-hidden': 'true' }, ...ticks),
    );
  }

  /** Moves the playhead to `seconds`. */
  setTime(seconds: number): void {
    const x = ((Math.min(seconds, this.#duration) / this.#duration) * WIDTH).toFixed(1);
    for (const playhead of this.#playheads) {
      playhead.setAttribute('x1', x);
      playhead.setAttribute('x2', x);
    }
  }
}
