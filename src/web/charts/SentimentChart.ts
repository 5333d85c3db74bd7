import { h, svg } from '../dom.ts';
import { clock } from '../format.ts';
import type { Timeline } from '../Timeline.ts';

const WIDTH = 1000;
const HEIGHT = 200;
/** Messages averaged on each side of a point, so one sharp sentence does not dominate. */
const SMOOTHING = 2;

/** How a polarity reads in words. */
function mood(score: number): string {
  return score > 0.3
    ? 'positive'
    : score < -0.3
      ? 'negative'
      : score > 0.05
        ? 'slightly positive'
        : score < -0.05
          ? 'slightly negative'
          : 'neutral';
}

/**
 * Sentiment over the conversation: each message's polarity (-1 to 1), smoothed over its
 * neighbours, drawn against the clock with the neutral line, and the same told in a sentence.
 */
export class SentimentChart {
  readonly element: HTMLElement;
  readonly #playhead: SVGLineElement;
  readonly #duration: number;

  constructor(timeline: Timeline) {
    this.#duration = Math.max(1, timeline.duration);
    const points = timeline.lines
      .map((line) => ({ t: (line.start + line.end) / 2, score: line.message.sentiment?.polarity.score }))
      .filter((p): p is { t: number; score: number } => p.score !== undefined);
    const smoothed = points.map((point, i) => {
      const window = points.slice(Math.max(0, i - SMOOTHING), i + SMOOTHING + 1);
      return { t: point.t, score: window.reduce((sum, p) => sum + p.score, 0) / window.length };
    });
    const x = (t: number) => ((t / this.#duration) * WIDTH).toFixed(1);
    const y = (score: number) => (((1 - score) / 2) * HEIGHT).toFixed(1);
    const path = smoothed.map((p) => `${x(p.t)},${y(p.score)}`).join(' ');
    this.#playhead = svg('line', {
      class: 'playhead',
      x1: 0,
      x2: 0,
      y1: 0,
      y2: HEIGHT,
      'vector-effect': 'non-scaling-stroke',
    });
    const describe = () => {
      if (smoothed.length === 0) return 'No sentiment was measured.';
      const third = Math.max(1, Math.floor(smoothed.length / 3));
      const mean = (list: typeof smoothed) => list.reduce((s, p) => s + p.score, 0) / list.length;
      const low = smoothed.reduce((a, b) => (b.score < a.score ? b : a));
      const high = smoothed.reduce((a, b) => (b.score > a.score ? b : a));
      return `Sentiment starts ${mood(mean(smoothed.slice(0, third)))} and ends ${mood(mean(smoothed.slice(-third)))}; lowest at ${clock(low.t)}, highest at ${clock(high.t)}.`;
    };
    this.element = h(
      'figure',
      { class: 'chart sentiment' },
      h('figcaption', {}, 'Sentiment over the conversation'),
      h(
        'div',
        { class: 'sentiment-plot' },
        h('span', { class: 'axis-label top', 'aria-hidden': 'true' }, 'positive'),
        svg(
          'svg',
          {
            viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
            preserveAspectRatio: 'none',
            'aria-hidden': 'true',
            focusable: 'false',
          },
          svg('rect', { class: 'positive-band', x: 0, y: 0, width: WIDTH, height: HEIGHT / 2 }),
          svg('line', {
            class: 'neutral',
            x1: 0,
            x2: WIDTH,
            y1: HEIGHT / 2,
            y2: HEIGHT / 2,
            'vector-effect': 'non-scaling-stroke',
          }),
          smoothed.length > 1
            ? svg('polyline', {
                class: 'sentiment-line',
                points: path,
                fill: 'none',
                'vector-effect': 'non-scaling-stroke',
              })
            : undefined,
          this.#playhead,
        ),
        h('span', { class: 'axis-label bottom', 'aria-hidden': 'true' }, 'negative'),
      ),
      h('p', { class: 'chart-note' }, describe()),
    );
  }

  setTime(seconds: number): void {
    const x = ((Math.min(seconds, this.#duration) / this.#duration) * WIDTH).toFixed(1);
    this.#playhead.setAttribute('x1', x);
    this.#playhead.setAttribute('x2', x);
  }
}
