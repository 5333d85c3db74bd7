import { describe, expect, it } from 'vitest';
import { diarizeWords } from '../../../src/engine/diarize/diarizeWords.ts';
import { SpeakerFeatureCollector } from '../../../src/engine/diarize/SpeakerFeatureCollector.ts';

function tone(hz: number, seconds: number): Int16Array {
  return Int16Array.from({ length: seconds * 16000 }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 16000)),
  );
}

describe('SpeakerFeatureCollector', () => {
  it('cuts speech at pauses into described segments with their times', () => {
    const collector = new SpeakerFeatureCollector();
    collector.push(tone(300, 1));
    collector.push(new Int16Array(8000));
    for (const piece of [tone(2000, 0.5), tone(2000, 0.5)]) collector.push(piece);
    const windows = collector.finish();
    expect(windows).toHaveLength(2);
    expect(windows[0]?.start).toBeLessThan(0.05);
    expect(Math.abs((windows[0]?.end as number) - 1)).toBeLessThan(0.05);
    expect(Math.abs((windows[1]?.start as number) - 1.5)).toBeLessThan(0.05);
    expect(windows[0]?.features).toHaveLength(24);
    const distance = windows[0]?.features.reduce(
      (s, v, d) => s + (v - (windows[1]?.features[d] as number)) ** 2,
      0,
    );
    expect(distance).toBeGreaterThan(1);
  });

  it('splits long speech into pieces of at most 1.5 s, covering it all, and ignores silence', () => {
    const collector = new SpeakerFeatureCollector();
    collector.push(new Int16Array(16000));
    collector.push(tone(500, 5));
    const windows = collector.finish();
    expect(windows.length).toBeGreaterThanOrEqual(3);
    expect(Math.abs((windows[0]?.start as number) - 1)).toBeLessThan(0.05);
    expect(Math.abs((windows[windows.length - 1]?.end as number) - 6)).toBeLessThan(0.05);
  });

  it('folds a short tail into the segment before it instead of describing it alone', () => {
    const collector = new SpeakerFeatureCollector();
    collector.push(tone(500, 1.7));
    const windows = collector.finish();
    expect(windows).toHaveLength(1);
    expect(Math.abs((windows[0]?.end as number) - 1.7)).toBeLessThan(0.05);
  });
});

describe('diarizeWords', () => {
  it('gives each word the label of the segment containing or nearest its middle', () => {
    const f = new Float32Array(24);
    const windows = [
      { start: 0, end: 1, features: f },
      { start: 1.5, end: 3, features: f },
      { start: 4, end: 5, features: f },
    ];
    const words = [
      { start: 0.1, end: 0.4 },
      { start: 1.1, end: 1.3 },
      { start: 2, end: 2.5 },
      { start: 3.1, end: 3.3 },
      { start: 5.5, end: 6 },
    ];
    expect(diarizeWords(words, windows, [0, 1, 0])).toEqual([0, 0, 1, 1, 0]);
    expect(diarizeWords(words, [], [])).toEqual([0, 0, 0, 0, 0]);
  });
});
