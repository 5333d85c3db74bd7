import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PauseFinder } from '../../../src/engine/audio/PauseFinder.ts';

/** Tone bursts (loud) and silences, in 10 ms frames at 16 kHz. */
function signal(frames: ReadonlyArray<{ loud: boolean; frames: number }>): Int16Array {
  const total = frames.reduce((n, f) => n + f.frames, 0);
  const out = new Int16Array(total * 160);
  let at = 0;
  for (const f of frames) {
    if (f.loud)
      for (let i = 0; i < f.frames * 160; i += 1) out[at + i] = Math.round(6000 * Math.sin((at + i) / 4));
    at += f.frames * 160;
  }
  return out;
}

describe('PauseFinder', () => {
  it('finds every silence of at least the minimum between sounds, wherever the stream is cut into blocks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 120 })), {
          minLength: 1,
          maxLength: 15,
        }),
        fc.integer({ min: 1, max: 5000 }),
        (runs, block) => {
          const layout = runs.flatMap(([sound, silence]) => [
            { loud: true, frames: sound },
            { loud: false, frames: silence },
          ]);
          const pcm = signal(layout);
          const finder = new PauseFinder(16000, 0.3);
          for (let at = 0; at < pcm.length; at += block) finder.push(pcm.subarray(at, at + block));
          const expected: Array<{ middle: number; length: number }> = [];
          let frame = 0;
          layout.forEach((part, i) => {
            // A pause counts once sound follows it; the trailing silence is not a pause.
            if (!part.loud && i < layout.length - 1 && part.frames >= 30)
              expected.push({
                middle: Math.round((2 * frame + part.frames) / 2) * 160,
                length: part.frames * 160,
              });
            frame += part.frames;
          });
          expect(finder.pauses).toEqual(expected);
        },
      ),
    );
  });

  it('does not count leading silence as a pause', () => {
    const finder = new PauseFinder();
    finder.push(
      signal([
        { loud: false, frames: 100 },
        { loud: true, frames: 20 },
        { loud: false, frames: 40 },
        { loud: true, frames: 5 },
      ]),
    );
    expect(finder.pauses).toEqual([{ middle: 140 * 160, length: 40 * 160 }]);
  });
});
