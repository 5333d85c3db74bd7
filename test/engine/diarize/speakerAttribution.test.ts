import { describe, expect, it } from 'vitest';
import { speakerAttribution } from '../../../src/engine/diarize/speakerAttribution.ts';

const reference = [
  { speaker: 'alice', start: 0, end: 4 },
  { speaker: 'bob', start: 5, end: 9 },
];

describe('speakerAttribution', () => {
  it('scores the share of time right under the best label mapping', () => {
    const swapped = [
      { speaker: 'Speaker 2', start: 0, end: 4 },
      { speaker: 'Speaker 1', start: 5, end: 9 },
    ];
    expect(speakerAttribution(reference, swapped)).toBe(1);
    const half = [
      { speaker: 'A', start: 0, end: 4 },
      { speaker: 'A', start: 5, end: 9 },
    ];
    expect(speakerAttribution(reference, half)).toBe(0.5);
    expect(speakerAttribution(reference, [])).toBe(1);
  });
});
